package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.umt.PageCursor;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.TokenExpiredException;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What slapd hides from change feeds, on the real servers: the {@code refint} overlay of the feed
 * server rewrites the member values of a renamed member's groups without a new entryCSN or
 * modifyTimestamp, so both feeds report those groups themselves; and the shared slapd, whose
 * syncprov keeps no session log, answers an old cookie with a present phase, from which deletions
 * cannot be told, so the content-sync feed asks for a full run.
 */
class SlapdFeedBlindSpotsTest {
  private static TestServer feed;
  private static LDAPConnection admin;
  private static String unit;

  @BeforeAll
  static void start() throws Exception {
    feed = FeedServer.get();
    admin = feed.connect();
    unit = "ou=blind-" + UUID.randomUUID().toString().substring(0, 8) + "," + feed.baseDn();
    admin.add(
        new Entry(
            unit,
            new Attribute("objectClass", "organizationalUnit"),
            new Attribute("ou", unit.substring(3, unit.indexOf(',')))));
  }

  @AfterAll
  static void stop() throws Exception {
    if (admin != null) {
      GenericSlapdFeedContract.deleteTree(admin, unit);
      admin.close();
    }
  }

  private static List<DirectoryChange> read(ChangeFeed f, String token) {
    List<DirectoryChange> out = new ArrayList<>();
    try (PageCursor<DirectoryChange> c = f.changesSince(token)) {
      while (c.hasNext()) {
        out.addAll(c.next());
      }
      assertThat(c.incompleteReason()).isEmpty();
    }
    return out;
  }

  private static String user(String login) throws Exception {
    String dn = "uid=" + login + "," + unit;
    admin.add(
        new Entry(
            dn,
            new Attribute("objectClass", "inetOrgPerson"),
            new Attribute("uid", login),
            new Attribute("cn", login),
            new Attribute("sn", login)));
    return dn;
  }

  private static String group(String name, String member) throws Exception {
    String dn = "cn=" + name + "," + unit;
    admin.add(
        new Entry(
            dn,
            new Attribute("objectClass", "groupOfNames"),
            new Attribute("cn", name),
            new Attribute("member", member)));
    return dn;
  }

  private static String attribute(String dn, String name) throws Exception {
    return admin.getEntry(dn, name).getAttributeValue(name);
  }

  @ParameterizedTest
  @EnumSource(
      value = LdapConfig.ChangeFeed.class,
      names = {"CONTENT_SYNC", "TIMESTAMP"})
  void aRenamedUsersGroupsAreReportedThoughRefintLeavesThemUnmarked(LdapConfig.ChangeFeed kind)
      throws Exception {
    String suffix = kind.name().toLowerCase().replace('_', '-');
    String userDn = user("renamed-" + suffix);
    String groupDn = group("refint-" + suffix, userDn);
    String groupCsn = attribute(groupDn, "entryCSN");
    try (LdapDirectorySource source =
        new LdapDirectorySource(FeedServer.reader(feed).changeFeed(kind).build())) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      String groupId = source.findByDn(groupDn).orElseThrow().id();
      String userId = source.findByDn(userDn).orElseThrow().id();
      String token = f.currentToken();
      admin.modifyDN(userDn, "uid=now-" + suffix, true);
      String newDn = "uid=now-" + suffix + "," + unit;

      assertThat(attribute(groupDn, "member"))
          .as("refint rewrote the member value")
          .isEqualToIgnoringCase(newDn);
      assertThat(attribute(groupDn, "entryCSN"))
          .as("without marking the group changed")
          .isEqualTo(groupCsn);
      List<DirectoryChange> changes = read(f, token);
      assertThat(changes)
          .filteredOn(c -> c instanceof DirectoryChange.UserChanged)
          .extracting(
              c -> ((DirectoryChange.UserChanged) c).user().id(),
              c -> ((DirectoryChange.UserChanged) c).user().dn().toLowerCase())
          .containsExactly(org.assertj.core.groups.Tuple.tuple(userId, newDn.toLowerCase()));
      assertThat(changes)
          .filteredOn(c -> c instanceof DirectoryChange.GroupChanged)
          .extracting(c -> ((DirectoryChange.GroupChanged) c).groupId())
          .containsExactly(groupId);
      admin.delete(groupDn);
      admin.delete(newDn);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = LdapConfig.ChangeFeed.class,
      names = {"CONTENT_SYNC", "TIMESTAMP"})
  void aRenamedNestedGroupAndTheGroupsHoldingItAreReported(LdapConfig.ChangeFeed kind)
      throws Exception {
    String suffix = kind.name().toLowerCase().replace('_', '-');
    String member = user("nested-member-" + suffix);
    String childDn = group("child-" + suffix, member);
    String parentDn = group("parent-" + suffix, childDn);
    String parentCsn = attribute(parentDn, "entryCSN");
    try (LdapDirectorySource source =
        new LdapDirectorySource(FeedServer.reader(feed).changeFeed(kind).build())) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      String childId = source.findByDn(childDn).orElseThrow().id();
      String parentId = source.findByDn(parentDn).orElseThrow().id();
      String token = f.currentToken();
      admin.modifyDN(childDn, "cn=child-renamed-" + suffix, true);
      String newChild = "cn=child-renamed-" + suffix + "," + unit;

      assertThat(attribute(parentDn, "member")).isEqualToIgnoringCase(newChild);
      assertThat(attribute(parentDn, "entryCSN")).isEqualTo(parentCsn);
      assertThat(read(f, token))
          .filteredOn(c -> c instanceof DirectoryChange.GroupChanged)
          .extracting(c -> ((DirectoryChange.GroupChanged) c).groupId())
          .containsExactlyInAnyOrder(childId, parentId);
      admin.delete(parentDn);
      admin.delete(newChild);
      admin.delete(member);
    }
  }

  @Test
  void aDeletedMemberIsReportedByContentSyncThoughRefintDropsItSilently() throws Exception {
    String userDn = user("deleted-member");
    String groupDn = group("loses-member", userDn);
    admin.modify(groupDn, new Modification(ModificationType.ADD, "member", feed.bindDn()));
    String groupCsn = attribute(groupDn, "entryCSN");
    try (LdapDirectorySource source = new LdapDirectorySource(FeedServer.reader(feed).build())) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      String userId = source.findByDn(userDn).orElseThrow().id();
      String token = f.currentToken();
      admin.delete(userDn);

      assertThat(admin.getEntry(groupDn, "member").getAttributeValues("member"))
          .containsExactly(feed.bindDn());
      assertThat(attribute(groupDn, "entryCSN")).isEqualTo(groupCsn);
      assertThat(read(f, token))
          .filteredOn(c -> c instanceof DirectoryChange.UserDeleted)
          .extracting(c -> ((DirectoryChange.UserDeleted) c).userId())
          .containsExactly(userId);
      admin.delete(groupDn);
    }
  }

  @Test
  void aTokenOfAnotherServerIsRefusedNamingBoth() {
    TestServer shared = TestServers.slapd();
    try (LdapDirectorySource onFeed = new LdapDirectorySource(FeedServer.reader(feed).build());
        LdapDirectorySource onShared = new LdapDirectorySource(FeedServer.reader(shared).build())) {
      String token = onFeed.changeFeed().orElseThrow().currentToken();
      assertThatThrownBy(() -> onShared.changeFeed().orElseThrow().changesSince(token))
          .isInstanceOf(TokenExpiredException.class)
          .hasMessage(
              "the content-sync token was taken from 127.0.0.1:"
                  + feed.port()
                  + "/"
                  + feed.baseDn()
                  + ", but this source reads 127.0.0.1:"
                  + shared.port()
                  + "/"
                  + shared.baseDn()
                  + ": a full run is needed");
    }
  }

  /**
   * As the administrator, who has no size limit: the reader's 500 would end the present phase
   * first.
   */
  @Test
  void withoutASessionLogAChangeMeansAPresentPhaseAndAFullRun() throws Exception {
    TestServer shared = TestServers.slapd();
    String own =
        "ou=feeds-present-" + UUID.randomUUID().toString().substring(0, 8) + "," + shared.baseDn();
    try (LDAPConnection c = shared.connect();
        LdapDirectorySource source =
            new LdapDirectorySource(
                FeedServer.reader(shared)
                    .bind(Bind.simple(shared.bindDn(), shared.password()))
                    .build())) {
      c.add(
          new Entry(
              own,
              new Attribute("objectClass", "organizationalUnit"),
              new Attribute("ou", own.substring(3, own.indexOf(',')))));
      try {
        ChangeFeed f = source.changeFeed().orElseThrow();
        assertThat(f.kind()).isEqualTo("content-sync");
        String token = f.currentToken();
        c.add(
            new Entry(
                "uid=present-phase," + own,
                new Attribute("objectClass", "inetOrgPerson"),
                new Attribute("uid", "present-phase"),
                new Attribute("cn", "p"),
                new Attribute("sn", "p")));
        assertThatThrownBy(() -> f.changesSince(token))
            .isInstanceOf(TokenExpiredException.class)
            .hasMessage(
                "LDAP server 127.0.0.1:"
                    + shared.port()
                    + "/"
                    + shared.baseDn()
                    + " answered the content-sync cookie with a present phase (no session log"
                    + " covers it, olcSpSessionLog): deletions since the token cannot be told, a"
                    + " full run is needed");
      } finally {
        GenericSlapdFeedContract.deleteTree(c, own);
      }
    }
  }
}
