package dev.umt.ldap.ad;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.umt.PageCursor;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: measures on Samba a change feed's read after 10 changes next to a whole paged read of
 * the naming context, with USERS users added under an OU of its own (deleted afterwards). {@code
 * mvn -q -o -pl umt-ldap-ad test-compile exec:java
 * -Dexec.mainClass=dev.umt.ldap.ad.SambaFeedFigures -Dexec.classpathScope=test -Dexec.args="2000
 * 5"}.
 */
public final class SambaFeedFigures {
  private SambaFeedFigures() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    TestServer samba = TestServers.samba();
    String ou =
        "OU=feed-figures-" + UUID.randomUUID().toString().substring(0, 8) + "," + samba.baseDn();
    try (LDAPConnection admin = samba.connectLdaps(samba.bindDn(), samba.password())) {
      admin.add(new Entry(ou, new Attribute("objectClass", "organizationalUnit")));
      long t0 = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int worker = w;
        done.add(
            pool.submit(
                () -> {
                  try (LDAPConnection c = samba.connectLdaps(samba.bindDn(), samba.password())) {
                    for (int i = worker; i < count; i += 4) {
                      c.add(
                          new Entry(
                              "CN=fig" + i + "," + ou,
                              new Attribute("objectClass", "user"),
                              new Attribute(
                                  "sAMAccountName", "fig" + i + "-" + ou.substring(17, 21)),
                              new Attribute("mail", "fig" + i + "@figures.example.test"),
                              new Attribute("userAccountControl", "544")));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      System.out.printf("added %d users in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
      try {
        for (LdapConfig.ChangeFeed kind :
            List.of(LdapConfig.ChangeFeed.DIRSYNC, LdapConfig.ChangeFeed.USN)) {
          measure(samba, admin, ou, count, rounds, kind);
        }
      } finally {
        long d0 = System.nanoTime();
        SambaFeedContract.deleteTree(admin, ou);
        System.out.printf("deleted them in %.1f s%n", (System.nanoTime() - d0) / 1e9);
      }
    }
  }

  private static void measure(
      TestServer samba,
      LDAPConnection admin,
      String ou,
      int count,
      int rounds,
      LdapConfig.ChangeFeed kind)
      throws Exception {
    try (ActiveDirectorySource source =
        new ActiveDirectorySource(
            SambaContractTest.ldaps(samba)
                .bind(Bind.simple(samba.bindDn(), samba.password()))
                .changeFeed(kind)
                .build())) {
      ChangeFeed feed = source.changeFeed().orElseThrow();
      String base = source.findByDn(samba.baseDn()).orElseThrow().id();
      List<Double> feedMs = new ArrayList<>();
      List<Double> fullMs = new ArrayList<>();
      int changes = 0;
      int fullEntries = 0;
      for (int r = 0; r < rounds; r++) {
        String token = feed.currentToken();
        for (int i = 0; i < 10; i++) {
          admin.modify(
              "CN=fig" + (r * 10 + i) + "," + ou,
              new Modification(ModificationType.REPLACE, "title", kind + " round " + r));
        }
        long t0 = System.nanoTime();
        changes = 0;
        try (PageCursor<DirectoryChange> c = feed.changesSince(token)) {
          while (c.hasNext()) {
            changes += c.next().size();
          }
        }
        feedMs.add((System.nanoTime() - t0) / 1e6);
        long t1 = System.nanoTime();
        fullEntries = 0;
        try (PageCursor<ScopedUser> c =
            source.users(Scope.container(base, samba.baseDn(), true), 500)) {
          while (c.hasNext()) {
            fullEntries += c.next().size();
          }
        }
        fullMs.add((System.nanoTime() - t1) / 1e6);
      }
      Collections.sort(feedMs);
      Collections.sort(fullMs);
      System.out.printf(
          "%s: %d users in the OU; after 10 changes the feed gave %d changes in min %.0f / median"
              + " %.0f / max %.0f ms; a whole paged read of %s gave %d users in min %.0f / median"
              + " %.0f / max %.0f ms; median ratio %.3f%n",
          feed.kind(),
          count,
          changes,
          feedMs.get(0),
          feedMs.get(rounds / 2),
          feedMs.get(rounds - 1),
          samba.baseDn(),
          fullEntries,
          fullMs.get(0),
          fullMs.get(rounds / 2),
          fullMs.get(rounds - 1),
          feedMs.get(rounds / 2) / fullMs.get(rounds / 2));
    }
  }
}
