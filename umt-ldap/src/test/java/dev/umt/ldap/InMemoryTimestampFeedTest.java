package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.LdapFlavour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The timestamp feed on UnboundID's in-memory server, which keeps modifyTimestamp but no entryCSN:
 * the versions the token remembers are hashes of the entries' attributes. The server advertises no
 * content sync, so the generic source picks the timestamp feed by itself. Runs without test
 * servers.
 */
class InMemoryTimestampFeedTest extends GenericSlapdFeedContract {
  /**
   * A timestamp feed cannot see deletions (TimestampFeed's javadoc); SlapdTimestampFeedTest shows
   * the blind spot on slapd.
   */
  @Override
  protected boolean seesDeletions() {
    return false;
  }

  private static final String BASE = "dc=example,dc=test";
  private static InMemoryDirectoryServer server;

  /**
   * Only the base entry: the standard organisation, loaded a moment ago, would all sit inside the
   * overlap window.
   */
  @BeforeAll
  static void start() throws Exception {
    server =
        new InMemoryDirectoryServer(EmbeddedDirectories.configuration(LdapFlavour.GENERIC, BASE));
    server.add(
        new Entry(
            BASE,
            new Attribute("objectClass", "top", "dcObject", "organization"),
            new Attribute("dc", "example"),
            new Attribute("o", "Example")));
    server.startListening();
    open(
        server.getConnection(),
        BASE,
        EmbeddedDirectories.BIND_DN,
        TestConfigs.plain(server, BASE).build());
  }

  @AfterAll
  static void stop() throws Exception {
    close();
    if (server != null) {
      server.shutDown(true);
    }
  }

  @Test
  void withoutContentSyncTheGenericSourcePicksTimestamps() {
    assertThat(source.changeFeed().orElseThrow().kind()).isEqualTo("timestamp");
  }

  @Test
  void aChangeMadeTwiceInOneSecondIsSeenTwice() {
    String unit = createContainer(parent, "twice");
    String dn = createUser(unit, "twice-user", "one@feed.example.test");
    var feed = source.changeFeed().orElseThrow();
    String token = feed.currentToken();
    run(
        () ->
            admin.modify(
                dn,
                new com.unboundid.ldap.sdk.Modification(
                    com.unboundid.ldap.sdk.ModificationType.REPLACE,
                    "mail",
                    "two@feed.example.test")));
    var first = changesSince(token);
    assertThat(first).hasSize(1);
    run(
        () ->
            admin.modify(
                dn,
                new com.unboundid.ldap.sdk.Modification(
                    com.unboundid.ldap.sdk.ModificationType.REPLACE,
                    "mail",
                    "three@feed.example.test")));
    var second = changesSince(first.get(0).tokenAfter());
    assertThat(second)
        .extracting(c -> ((dev.umt.directory.DirectoryChange.UserChanged) c).user().email())
        .containsExactly("three@feed.example.test");
    assertThat(changesSince(second.get(0).tokenAfter())).isEmpty();
    delete(dn);
    delete(unit);
  }

  @Test
  void afterABurstTheTokenRemembersNothingAndTheBurstIsReportedAgain() throws Exception {
    String unit = createContainer(parent, "burst");
    for (int i = 0; i < 1001; i++) {
      server.add(
          new Entry(
              "uid=burst" + i + "," + unit,
              new Attribute("objectClass", "inetOrgPerson"),
              new Attribute("uid", "burst" + i),
              new Attribute("cn", "b"),
              new Attribute("sn", "b")));
    }
    String token = source.changeFeed().orElseThrow().currentToken();
    assertThat(token.length()).as("a token without remembered versions").isLessThan(200);
    var again = changesSince(token);
    assertThat(again)
        .filteredOn(c -> c instanceof dev.umt.directory.DirectoryChange.UserChanged)
        .hasSize(1001);
    assertThat(changesSince(again.get(again.size() - 1).tokenAfter())).isEmpty();
    server.deleteSubtree(unit);
  }
}
