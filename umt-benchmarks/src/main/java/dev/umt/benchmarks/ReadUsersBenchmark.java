package dev.umt.benchmarks;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.umt.PageCursor;
import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.testkit.ldap.BulkUsers;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times reading N users (default 10,000) from slapd and from Samba's AD DC through UMT's LDAP
 * sources, next to a paged {@code ldapsearch} of the same entries with the same attributes, and on
 * Samba the three ways of expanding a nested group (in-chain rule, memberOf closed over in memory,
 * member lists). The users live in {@code ou=Benchmark} under the base DN, loaded by the test kit's
 * {@link BulkUsers} (or {@code scripts/test-servers/load-bulk.sh}); the servers come from {@code
 * scripts/test-servers}.
 *
 * <pre>
 * scripts/test-servers/servers.sh start && scripts/test-servers/load-bulk.sh 10000 slapd samba
 * mvn -q -o -pl umt-benchmarks exec:java -Dexec.mainClass=dev.umt.benchmarks.ReadUsersBenchmark \
 *     -Dexec.args="all 10000 5"
 * </pre>
 *
 * Arguments: which servers ({@code slapd}, {@code samba}, {@code all}), how many users, how many
 * timed rounds (the best and the median are printed; the first, untimed round warms up). Needs the
 * {@code ldap} and {@code active-directory} providers on the class path.
 */
public final class ReadUsersBenchmark {
  private ReadUsersBenchmark() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "all";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Providers providers = Providers.load(ReadUsersBenchmark.class.getClassLoader());
    System.out.printf(
        "Reading %,d users, best and median of %d rounds after a warm-up; page size 1000; plain"
            + " LDAP on 127.0.0.1%n",
        count, rounds);
    System.out.printf(
        "%-8s %-46s %10s %10s %8s%n", "server", "how", "best ms", "median ms", "users");
    for (String name : List.of("slapd", "samba")) {
      if (!which.equals("all") && !which.equals(name)) {
        continue;
      }
      TestServer server = TestServers.find(name).orElse(null);
      if (server == null) {
        System.out.printf(
            "%-8s not running: start it with scripts/test-servers/servers.sh start %s%n",
            name, name);
        continue;
      }
      int added = BulkUsers.ensureLoaded(server, count);
      if (added > 0) {
        System.out.printf(
            "%-8s loaded %,d users into %s first%n", name, added, BulkUsers.unitDn(server));
      }
      String ouDn = BulkUsers.unitDn(server);
      String type = server.flavour() == LdapFlavour.ACTIVE_DIRECTORY ? "active-directory" : "ldap";
      Settings settings =
          Settings.of(
              "benchmark " + name,
              Map.of(
                  "servers",
                  server.host() + ":" + server.port(),
                  "security",
                  "none",
                  "allowSimpleBindWithoutEncryption",
                  "true",
                  "bindUser",
                  server.bindDn(),
                  "bindPassword",
                  server.password().reveal(),
                  "baseDn",
                  server.baseDn(),
                  "responseTimeout",
                  "PT120S"));
      try (DirectorySource source = providers.directorySource(type).create(settings)) {
        DirectoryEntry ou =
            source
                .findByDn(ouDn)
                .orElseThrow(() -> new IllegalStateException("no " + ouDn + " on " + name));
        Scope scope = Scope.container(ou.id(), ou.dn(), false);
        report(
            name, "UMT " + type + " source, users(ou, 1000)", rounds, () -> readAll(source, scope));
      }
      String filter =
          server.flavour() == LdapFlavour.ACTIVE_DIRECTORY
              ? "(&(objectClass=user)(!(objectClass=computer)))"
              : "(|(objectClass=inetOrgPerson)(objectClass=organizationalPerson)(objectClass=person))";
      List<String> attributes =
          server.flavour() == LdapFlavour.ACTIVE_DIRECTORY
              ? List.of(
                  "objectClass",
                  "objectGUID",
                  "sAMAccountName",
                  "userPrincipalName",
                  "mail",
                  "givenName",
                  "sn",
                  "displayName",
                  "cn",
                  "title",
                  "department",
                  "telephoneNumber",
                  "userAccountControl",
                  "accountExpires",
                  "uSNChanged",
                  "whenChanged",
                  "memberOf")
              : List.of(
                  "objectClass",
                  "entryUUID",
                  "nsUniqueId",
                  "uid",
                  "cn",
                  "mail",
                  "givenName",
                  "sn",
                  "displayName",
                  "title",
                  "departmentNumber",
                  "telephoneNumber",
                  "pwdAccountLockedTime",
                  "pwdEndTime",
                  "nsAccountLock",
                  "memberOf");
      report(
          name,
          "ldapsearch -E pr=1000/noprompt (same attributes)",
          rounds,
          () -> ldapsearch(server, ouDn, filter, attributes));
      report(
          name,
          "UnboundID paged search alone, no mapping",
          rounds,
          () -> plainSearch(server, ouDn, filter, attributes));
      if (server.flavour() == LdapFlavour.ACTIVE_DIRECTORY) {
        for (String strategy : List.of("in-chain", "member-of", "member-list")) {
          Map<String, String> s =
              new LinkedHashMap<>(
                  Map.of(
                      "servers",
                      server.host() + ":" + server.port(),
                      "security",
                      "none",
                      "allowSimpleBindWithoutEncryption",
                      "true",
                      "bindUser",
                      server.bindDn(),
                      "bindPassword",
                      server.password().reveal(),
                      "baseDn",
                      server.baseDn(),
                      "responseTimeout",
                      "PT120S",
                      "groupExpansion",
                      strategy));
          try (DirectorySource source =
              providers.directorySource(type).create(Settings.of("benchmark", s))) {
            for (String group : List.of("Big Group", "All Staff")) {
              DirectoryEntry g =
                  source
                      .findByDn("CN=" + group + ",OU=Groups,OU=Corp," + server.baseDn())
                      .orElseThrow();
              report(
                  name,
                  "nested members of " + group + ", " + strategy,
                  rounds,
                  () -> readAll(source, Scope.group(g.id(), g.dn(), true)));
            }
          }
        }
      }
    }
  }

  /** Something timed that returns how many users it read. */
  @FunctionalInterface
  private interface Timed {
    int run() throws Exception;
  }

  private static void report(String server, String how, int rounds, Timed timed) throws Exception {
    int users = timed.run();
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      int n = timed.run();
      millis.add((System.nanoTime() - start) / 1_000_000);
      if (n != users) {
        throw new IllegalStateException(how + " read " + n + " users, before " + users);
      }
    }
    Collections.sort(millis);
    System.out.printf(
        "%-8s %-46s %10d %10d %8d%n",
        server, how, millis.get(0), millis.get(millis.size() / 2), users);
  }

  private static int readAll(DirectorySource source, Scope scope) {
    int n = 0;
    try (PageCursor<ScopedUser> cursor = source.users(scope, 1000)) {
      while (cursor.hasNext()) {
        n += cursor.next().size();
      }
      if (!cursor.isComplete()) {
        throw new IllegalStateException("incomplete read: " + cursor.incompleteReason());
      }
    }
    return n;
  }

  private static int ldapsearch(
      TestServer server, String base, String filter, List<String> attributes) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "ldapsearch",
                "-LLL",
                "-x",
                "-H",
                server.url(),
                "-D",
                server.bindDn(),
                "-y",
                passwordFile(server),
                "-b",
                base,
                "-s",
                "one",
                "-E",
                "pr=1000/noprompt",
                "-o",
                "ldif-wrap=no",
                filter));
    command.addAll(attributes);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    int entries = 0;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("dn:")) {
          entries++;
        }
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("ldapsearch exited with " + p.exitValue());
    }
    return entries;
  }

  private static final Map<String, String> PASSWORD_FILES = new LinkedHashMap<>();

  /**
   * The password in a private temporary file for {@code ldapsearch -y}, so it never shows in a
   * process list.
   */
  private static String passwordFile(TestServer server) throws Exception {
    String file = PASSWORD_FILES.get(server.name());
    if (file == null) {
      java.nio.file.Path path =
          java.nio.file.Files.createTempFile(
              "umt-bench",
              ".pw",
              java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                  java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      path.toFile().deleteOnExit();
      java.nio.file.Files.writeString(path, server.password().reveal());
      file = path.toString();
      PASSWORD_FILES.put(server.name(), file);
    }
    return file;
  }

  private static int plainSearch(
      TestServer server, String base, String filter, List<String> attributes) throws Exception {
    try (LDAPConnection c = server.connect()) {
      int n = 0;
      com.unboundid.asn1.ASN1OctetString cookie = null;
      do {
        SearchRequest r =
            new SearchRequest(base, SearchScope.ONE, filter, attributes.toArray(String[]::new));
        r.setControls(new SimplePagedResultsControl(1000, cookie, false));
        com.unboundid.ldap.sdk.SearchResult result = c.search(r);
        n += result.getEntryCount();
        SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
        cookie = response == null || !response.moreResultsToReturn() ? null : response.getCookie();
      } while (cookie != null);
      return n;
    }
  }
}
