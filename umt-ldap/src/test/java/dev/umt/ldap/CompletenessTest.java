package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Entry;
import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.testkit.ldap.LdapFlavour;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A read that did not see everything says so, so the engine never deprovisions on it. */
class CompletenessTest {
  private static final String BULK = "ou=Bulk,dc=example,dc=test";
  private static final String CORP = "ou=Corp,dc=example,dc=test";

  private record Read(List<ScopedUser> users, boolean complete, String reason) {}

  private static Read read(
      LdapDirectorySource source, Scope scope, int pageSize, Runnable afterFirstPage) {
    List<ScopedUser> users = new ArrayList<>();
    try (PageCursor<ScopedUser> cursor = source.users(scope, pageSize)) {
      boolean first = true;
      while (cursor.hasNext()) {
        users.addAll(cursor.next());
        if (first) {
          afterFirstPage.run();
          first = false;
        }
      }
      return new Read(users, cursor.isComplete(), cursor.incompleteReason());
    }
  }

  private static Scope container(LdapDirectorySource source, String dn, boolean subtree) {
    DirectoryEntry e = source.findByDn(dn).orElseThrow();
    return Scope.container(e.id(), e.dn(), subtree);
  }

  @Test
  void theServersSizeLimitIsReadPastBySplittingTheSearch() throws Exception {
    // cn is "Bulk User n" for all 1,600: its prefixes end in a complement over the limit, then uid
    // (bulk0001...) splits it.
    InMemoryDirectoryServer server =
        Fixtures.start(
            LdapFlavour.GENERIC,
            c -> {
              c.setSchema(null);
              c.setMaxSizeLimit(500);
            });
    try (LdapDirectorySource source =
        new LdapDirectorySource(TestConfigs.plain(server, "dc=example,dc=test").build())) {
      Read r = read(source, container(source, BULK, false), 500, () -> {});
      assertThat(r.reason()).isEmpty();
      assertThat(r.complete()).isTrue();
      assertThat(r.users()).hasSize(1600);
      assertThat(r.users().stream().map(u -> u.user().loginName()).distinct().count())
          .isEqualTo(1600);
    } finally {
      server.shutDown(true);
    }
  }

  @Test
  void aConfiguredSizeLimitMakesTheReadIncompleteToo() throws Exception {
    InMemoryDirectoryServer server = Fixtures.start(LdapFlavour.GENERIC, c -> c.setSchema(null));
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            TestConfigs.plain(server, "dc=example,dc=test").sizeLimit(250).build())) {
      Read r = read(source, container(source, BULK, false), 100, () -> {});
      assertThat(r.complete()).isFalse();
      assertThat(r.users()).hasSize(250);
      assertThat(r.reason())
          .isEqualTo(
              "reading the users of "
                  + BULK
                  + " (one level) stopped at the configured size limit of 250 entries");
    } finally {
      server.shutDown(true);
    }
  }

  @Test
  void aContainerThatVanishesDuringTheReadMakesItIncomplete() throws Exception {
    InMemoryDirectoryServer server = Fixtures.start(LdapFlavour.GENERIC, c -> c.setSchema(null));
    try (LdapDirectorySource source =
        new LdapDirectorySource(TestConfigs.plain(server, "dc=example,dc=test").build())) {
      Read r =
          read(
              source,
              container(source, BULK, false),
              100,
              () -> {
                try {
                  server.deleteSubtree(BULK);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      assertThat(r.users()).hasSize(100);
      assertThat(r.complete()).isFalse();
      assertThat(r.reason())
          .isEqualTo(BULK + " vanished while reading the users of " + BULK + " (one level)");
    } finally {
      server.shutDown(true);
    }
  }

  @Test
  void anUnchasedReferralMakesTheReadIncomplete() throws Exception {
    InMemoryDirectoryServer server = Fixtures.start(LdapFlavour.GENERIC, c -> c.setSchema(null));
    try (LdapDirectorySource source =
        new LdapDirectorySource(TestConfigs.plain(server, "dc=example,dc=test").build())) {
      Scope corp = container(source, CORP, true);
      server.add(
          new Entry(
              "ou=Partners," + CORP,
              new com.unboundid.ldap.sdk.Attribute(
                  "objectClass", "top", "referral", "extensibleObject"),
              new com.unboundid.ldap.sdk.Attribute("ou", "Partners"),
              new com.unboundid.ldap.sdk.Attribute(
                  "ref", "ldap://partners.example.test/ou=People,dc=partners,dc=test")));
      Read r = read(source, corp, 500, () -> {});
      assertThat(r.users()).hasSize(8);
      assertThat(r.complete()).isFalse();
      assertThat(r.reason())
          .startsWith(
              "the server referred part of reading the users of "
                  + CORP
                  + " (subtree) to ldap://partners.example.test/ou=People,dc=partners,dc=test, and"
                  + " referrals are not chased");
    } finally {
      server.shutDown(true);
    }
  }

  @Test
  void aMemberThatCannotBeReadMakesTheGroupReadIncomplete() throws Exception {
    InMemoryDirectoryServer server = Fixtures.start(LdapFlavour.GENERIC, c -> c.setSchema(null));
    String sales = "cn=Sales Team,ou=Groups,ou=Corp,dc=example,dc=test";
    try (LdapDirectorySource source =
        new LdapDirectorySource(TestConfigs.plain(server, "dc=example,dc=test").build())) {
      server.modify(
          sales,
          new com.unboundid.ldap.sdk.Modification(
              com.unboundid.ldap.sdk.ModificationType.ADD,
              "member",
              "cn=Ghost,ou=Sales,ou=Corp,dc=example,dc=test"));
      DirectoryEntry group = source.findByDn(sales).orElseThrow();
      Read r = read(source, Scope.group(group.id(), group.dn(), false), 50, () -> {});
      assertThat(r.users())
          .extracting(u -> u.user().loginName())
          .containsExactlyInAnyOrder("alice", "bob", "erin");
      assertThat(r.complete()).isFalse();
      assertThat(r.reason())
          .isEqualTo(
              "member cn=Ghost,ou=Sales,ou=Corp,dc=example,dc=test of "
                  + sales
                  + " does not exist or cannot be read");
    } finally {
      server.shutDown(true);
    }
  }

  @Test
  void aCursorClosedEarlyIsNotComplete() throws Exception {
    InMemoryDirectoryServer server = Fixtures.start(LdapFlavour.GENERIC, c -> c.setSchema(null));
    try (LdapDirectorySource source =
        new LdapDirectorySource(TestConfigs.plain(server, "dc=example,dc=test").build())) {
      PageCursor<ScopedUser> cursor = source.users(container(source, BULK, false), 100);
      assertThat(cursor.next()).hasSize(100);
      cursor.close();
      assertThat(cursor.isComplete()).isFalse();
      assertThat(cursor.hasNext()).isFalse();
      // The connection went back to the pool: the source still reads.
      assertThat(read(source, container(source, BULK, false), 800, () -> {}).users()).hasSize(1600);
    } finally {
      server.shutDown(true);
    }
  }

  @Test
  void aUserWithoutALoginNameIsLeftOutAndReportedAndTheReadStaysComplete() throws Exception {
    InMemoryDirectoryServer server = Fixtures.start(LdapFlavour.GENERIC, c -> c.setSchema(null));
    String erin = "cn=Erin Evans,ou=Sales," + CORP;
    server.modify(
        erin,
        new com.unboundid.ldap.sdk.Modification(
            com.unboundid.ldap.sdk.ModificationType.DELETE, "uid"));
    try (LdapDirectorySource source =
            new LdapDirectorySource(
                TestConfigs.plain(server, "dc=example,dc=test")
                    .mapAttribute("loginName", "uid")
                    .build());
        PageCursor<ScopedUser> cursor =
            source.users(container(source, "ou=Sales," + CORP, false), 100)) {
      List<String> logins = new ArrayList<>();
      while (cursor.hasNext()) {
        cursor.next().forEach(u -> logins.add(u.user().loginName()));
      }

      assertThat(logins).containsExactly("alice");
      assertThat(cursor.isComplete())
          .as("one bad entry is reported, not a reason to distrust the read")
          .isTrue();
      assertThat(cursor.skipped())
          .containsExactly(
              new PageCursor.Skipped(
                  erin, "user " + erin + " has no login name (uid) and is skipped"));
    } finally {
      server.shutDown(true);
    }
  }
}
