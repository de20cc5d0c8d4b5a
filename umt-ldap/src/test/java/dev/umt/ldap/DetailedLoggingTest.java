package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.testkit.ldap.LdapFlavour;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code detailedLogging} logs every search and every page at INFO (the logger {@code
 * dev.umt.ldap.search} is at INFO in this module's tests; DEBUG is off): on, the lines are there;
 * off, they are not.
 */
class DetailedLoggingTest {
  private static final String SALES = "ou=Sales,ou=Corp,dc=example,dc=test";
  private static InMemoryDirectoryServer server;

  @BeforeAll
  static void start() throws Exception {
    server = Fixtures.start(LdapFlavour.GENERIC, c -> {});
  }

  @AfterAll
  static void stop() {
    server.shutDown(true);
  }

  private static String logOfARead(boolean detailed) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            TestConfigs.plain(server, "dc=example,dc=test").detailedLogging(detailed).build())) {
      DirectoryEntry sales = source.findByDn(SALES).orElseThrow();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try (PageCursor<ScopedUser> users =
          source.users(Scope.container(sales.id(), sales.dn(), true), 2)) {
        while (users.hasNext()) {
          users.next();
        }
      }
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onEverySearchAndPageIsLoggedAtInfo() {
    String log = logOfARead(true);
    assertThat(log)
        .contains(
            "INFO dev.umt.ldap.search - LDAP search for reading the users of "
                + SALES
                + " (subtree): base \""
                + SALES
                + "\", scope SUB, filter"
                + " (|(objectClass=inetOrgPerson)(objectClass=organizationalPerson)(objectClass=person)),"
                + " attributes objectClass,entryUUID,")
        .contains(
            ", controls [paged results 1.2.840.113556.1.4.319, page size 2], size limit 0, time"
                + " limit 0 s")
        .containsPattern(
            "INFO dev\\.umt\\.ldap\\.search - LDAP page 1 of reading the users of "
                + SALES
                + " \\(subtree\\): 2 entries in \\d+ ms, more follow")
        .containsPattern(
            "LDAP page \\d+ of reading the users of "
                + SALES
                + " \\(subtree\\): [0-2] entries in \\d+ ms, no more follow");
  }

  @Test
  void offNothingIsLoggedAtInfo() {
    assertThat(logOfARead(false)).doesNotContain("dev.umt.ldap.search");
  }
}
