package dev.umt.edirectory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.DirectorySource;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.testkit.ldap.LdapChangeFeedContract;
import dev.umt.testkit.ldap.LdapWriter;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The eDirectory source's timestamp feed passes the change-feed contract on the eDirectory-schema
 * slapd, logged in with the client certificate as its other tests are; the entries are written as
 * eDirectory would hold them (a GUID on each, groupMembership kept on the member beside the group's
 * member). A timestamp feed cannot see deletions: the contract's delete test is skipped ({@link
 * #seesDeletions()}) and {@link #aDeleteIsNotSeenButTheChangesAroundItAre} shows the blind spot.
 */
class SlapdEDirectoryTimestampFeedTest extends LdapChangeFeedContract {
  private static TestServer edir;
  private static LdapWriter writer;
  private static String parent;
  private static EDirectorySource source;

  /**
   * A timestamp feed cannot see deletions (TimestampFeed's javadoc); {@code
   * aDeleteIsNotSeenButTheChangesAroundItAre} shows the blind spot.
   */
  @Override
  protected boolean seesDeletions() {
    return false;
  }

  @BeforeAll
  static void start() throws Exception {
    edir = TestServers.edirectory();
    writer = new LdapWriter(edir.connect(), SlapdEDirectoryTimestampFeedTest::withGuid);
    parent = writer.scratchContainer(edir.baseDn(), "feeds");
    source =
        new EDirectorySource(
            LdapConfig.builder()
                .server(edir.host(), edir.ldapsPort())
                .security(LdapConfig.Security.LDAPS)
                .trustStore(edir.trustStore(), edir.trustStorePassword())
                .bind(Bind.clientCertificate(edir.clientKeyStore(), edir.clientKeyStorePassword()))
                .baseDn(edir.baseDn())
                .responseTimeout(Duration.ofSeconds(30))
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (source != null) {
      source.close();
    }
    if (writer != null) {
      writer.deleteTree(parent);
      writer.close();
    }
  }

  /**
   * eDirectory's GUID (16 bytes, network order) and the test schema's auxiliary class that allows
   * it.
   */
  private static Entry withGuid(Entry e) {
    UUID id = UUID.randomUUID();
    e.addAttribute("objectClass", "umtEdirectoryEntry");
    e.addAttribute(
        new Attribute(
            "GUID",
            ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .array()));
    return e;
  }

  @Override
  protected LdapWriter writer() {
    return writer;
  }

  @Override
  protected DirectorySource source() {
    return source;
  }

  @Override
  protected String parentDn() {
    return parent;
  }

  @Override
  protected String createUser(String containerDn, String login, String email) {
    return writer.add(
        new Entry(
            "cn=" + login + "," + containerDn,
            new Attribute(
                "objectClass",
                "top",
                "person",
                "organizationalPerson",
                "inetOrgPerson",
                "ndsLoginProperties"),
            new Attribute("cn", login),
            new Attribute("sn", login),
            new Attribute("uid", login),
            new Attribute("mail", email)));
  }

  @Override
  protected String createGroup(String containerDn, String name) {
    return writer.add(
        new Entry(
            "cn=" + name + "," + containerDn,
            new Attribute("objectClass", "top", "groupOfNames"),
            new Attribute("cn", name),
            new Attribute("member", edir.bindDn())));
  }

  /**
   * eDirectory keeps the membership on both sides: the group's member and the member's
   * groupMembership.
   */
  @Override
  protected void addMember(String groupDn, String memberDn) {
    super.addMember(groupDn, memberDn);
    writer.addValue(memberDn, "groupMembership", groupDn);
  }

  @Override
  protected void removeMember(String groupDn, String memberDn) {
    super.removeMember(groupDn, memberDn);
    writer.removeValue(memberDn, "groupMembership", groupDn);
  }

  @Test
  void eDirectoryGetsTheTimestampFeed() {
    assertThat(source.changeFeed().orElseThrow().kind()).isEqualTo("timestamp");
  }

  @Test
  void aDeleteIsNotSeenButTheChangesAroundItAre() {
    String unit = createContainer(parent, "ts-delete");
    String gone = createUser(unit, "ts-gone", "ts-gone@feed.example.test");
    String token = source.changeFeed().orElseThrow().currentToken();
    delete(gone);
    String kept = createUser(unit, "ts-kept", "ts-kept@feed.example.test");
    List<DirectoryChange> changes = changesSince(token);
    assertThat(changes).noneMatch(c -> c instanceof DirectoryChange.UserDeleted);
    assertThat(changes)
        .filteredOn(c -> c instanceof DirectoryChange.UserChanged)
        .extracting(c -> ((DirectoryChange.UserChanged) c).user().loginName())
        .containsExactly("ts-kept");
    delete(kept);
    delete(unit);
  }
}
