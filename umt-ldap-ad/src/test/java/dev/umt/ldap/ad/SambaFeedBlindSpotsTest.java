package dev.umt.ldap.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.umt.PageCursor;
import dev.umt.Secret;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.TokenExpiredException;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.testkit.ChangeFeedContract;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What Samba hides from change feeds and how the feeds still tell the engine: a membership change
 * moves only the group, an OU rename leaves the users under it untouched, a plain user without
 * "Replicating Directory Changes" is refused DirSync and, seeing no tombstones, has its USN token
 * refused (the run is full), while the accounts granted List Contents and Read Property on {@code
 * CN=Deleted Objects} ({@code umt-usn}, {@code umt-watcher}) get each deletion by USN and by
 * DirSync; and tokens the DC cannot serve (another invocationId, a damaged DirSync cookie) ask for
 * a full run. Works under an OU of its own, deleted afterwards; the plain user is made there and
 * deleted with it. Each test judges only the changes of its own entries, so builds writing to the
 * shared DC meanwhile cannot break it.
 */
class SambaFeedBlindSpotsTest {
  private static final String PLAIN_PASSWORD = "Umt-Feed-Plain-1";
  private static TestServer samba;
  private static LDAPConnection admin;
  private static String unit;
  private static String plainDn;
  private static String tag;

  @BeforeAll
  static void start() throws Exception {
    samba = TestServers.samba();
    admin = samba.connectLdaps(samba.bindDn(), samba.password());
    tag = UUID.randomUUID().toString().substring(0, 4);
    unit = "OU=feeds-blind-" + tag + "," + samba.baseDn();
    admin.add(new Entry(unit, new Attribute("objectClass", "organizationalUnit")));
    plainDn = "CN=feed-plain-" + tag + "," + unit;
    admin.add(
        new Entry(
            plainDn,
            new Attribute("objectClass", "user"),
            new Attribute("sAMAccountName", "feed-plain-" + tag),
            new Attribute(
                "unicodePwd", ("\"" + PLAIN_PASSWORD + "\"").getBytes(StandardCharsets.UTF_16LE)),
            new Attribute("userAccountControl", "512")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (admin != null) {
      SambaFeedContract.deleteTree(admin, unit);
      admin.close();
    }
  }

  private static ActiveDirectorySource asAdministrator(LdapConfig.ChangeFeed kind) {
    return new ActiveDirectorySource(
        SambaContractTest.ldaps(samba)
            .bind(Bind.simple(samba.bindDn(), samba.password()))
            .changeFeed(kind)
            .build());
  }

  private static ActiveDirectorySource asPlainUser() {
    return new ActiveDirectorySource(
        SambaContractTest.ldaps(samba)
            .bind(Bind.simple(plainDn, Secret.of(PLAIN_PASSWORD)))
            .build());
  }

  private record Read(List<DirectoryChange> changes, String incompleteReason) {}

  /**
   * The changes after {@code token} of this class's own entries: those with one of {@code ids} or a
   * DN under its OU. Other builds write to the same DC at the same time; their changes are not this
   * test's to judge.
   */
  private static Read read(ChangeFeed f, String token, String... ids) {
    List<DirectoryChange> out = new ArrayList<>();
    try (PageCursor<DirectoryChange> c = f.changesSince(token)) {
      while (c.hasNext()) {
        out.addAll(c.next());
      }
      return new Read(ChangeFeedContract.own(out, unit, List.of(ids)), c.incompleteReason());
    }
  }

  /**
   * A user; its sAMAccountName (unique in the whole domain, at most 20 characters) carries this
   * run's tag, for other builds make the same users.
   */
  private static String user(String container, String login) throws Exception {
    String dn = "CN=" + login + "," + container;
    admin.add(
        new Entry(
            dn,
            new Attribute("objectClass", "user"),
            new Attribute("sAMAccountName", login + "-" + tag),
            new Attribute("userAccountControl", "544")));
    return dn;
  }

  private static <T extends DirectoryChange> List<T> only(
      List<DirectoryChange> changes, Class<T> type) {
    return changes.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @ParameterizedTest
  @EnumSource(
      value = LdapConfig.ChangeFeed.class,
      names = {"DIRSYNC", "USN"})
  void aMembershipOnlyChangeShowsAsTheGroupAlone(LdapConfig.ChangeFeed kind) throws Exception {
    String member = user(unit, "m-only-" + kind.name().toLowerCase());
    String group = "CN=g-only-" + kind.name().toLowerCase() + "," + unit;
    admin.add(
        new Entry(
            group,
            new Attribute("objectClass", "group"),
            new Attribute("groupType", "-2147483646")));
    try (ActiveDirectorySource source = asAdministrator(kind)) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      String groupId = source.findByDn(group).orElseThrow().id();
      String token = f.currentToken();
      admin.modify(group, new Modification(ModificationType.ADD, "member", member));
      Read r = read(f, token, groupId);
      assertThat(r.incompleteReason()).isEmpty();
      assertThat(only(r.changes(), DirectoryChange.GroupChanged.class))
          .extracting(DirectoryChange.GroupChanged::groupId)
          .containsExactly(groupId);
      assertThat(only(r.changes(), DirectoryChange.UserChanged.class))
          .as("the member's uSNChanged does not move")
          .isEmpty();
    } finally {
      admin.delete(group);
      admin.delete(member);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = LdapConfig.ChangeFeed.class,
      names = {"DIRSYNC", "USN"})
  void anOuRenameShowsAsTheOuAloneThoughItsUsersHaveNewDns(LdapConfig.ChangeFeed kind)
      throws Exception {
    String ou = "OU=ren-" + kind.name().toLowerCase() + "," + unit;
    admin.add(new Entry(ou, new Attribute("objectClass", "organizationalUnit")));
    String inside = user(ou, "in-ren-" + kind.name().toLowerCase());
    String renamed = "OU=renamed-" + kind.name().toLowerCase() + "," + unit;
    try (ActiveDirectorySource source = asAdministrator(kind)) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      String ouId = source.findByDn(ou).orElseThrow().id();
      String token = f.currentToken();
      admin.modifyDN(ou, renamed.substring(0, renamed.indexOf(',')), true);
      Read r = read(f, token, ouId);
      assertThat(r.incompleteReason()).isEmpty();
      assertThat(only(r.changes(), DirectoryChange.ContainerChanged.class))
          .extracting(DirectoryChange.ContainerChanged::containerId, c -> c.dn().toLowerCase())
          .containsExactly(org.assertj.core.groups.Tuple.tuple(ouId, renamed.toLowerCase()));
      assertThat(only(r.changes(), DirectoryChange.UserChanged.class))
          .as("users under a renamed OU keep their uSNChanged")
          .isEmpty();
      assertThat(admin.getEntry(inside.replace(ou, renamed)))
          .as("the user moved with the OU")
          .isNotNull();
    } finally {
      SambaFeedContract.deleteTree(admin, admin.getEntry(renamed) != null ? renamed : ou);
    }
  }

  @Test
  void aTombstoneGivesTheDeletedUsersAndGroupsIds() throws Exception {
    String gone = user(unit, "tomb-user");
    String group = "CN=tomb-group," + unit;
    admin.add(
        new Entry(
            group,
            new Attribute("objectClass", "group"),
            new Attribute("groupType", "-2147483646")));
    try (ActiveDirectorySource source = asAdministrator(LdapConfig.ChangeFeed.USN)) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      String userId = source.findByDn(gone).orElseThrow().id();
      String groupId = source.findByDn(group).orElseThrow().id();
      String token = f.currentToken();
      admin.delete(gone);
      admin.delete(group);
      Read r = read(f, token, userId, groupId);
      assertThat(r.incompleteReason()).isEmpty();
      assertThat(r.changes())
          .containsExactly(
              new DirectoryChange.UserDeleted(userId, r.changes().get(0).tokenAfter()),
              new DirectoryChange.GroupDeleted(groupId, r.changes().get(1).tokenAfter()));
    }
  }

  @Test
  void aPlainUserIsRefusedDirSyncAndItsUsnReadRefusesTheTokenForItSeesNoTombstones()
      throws Exception {
    try (ActiveDirectorySource source = asPlainUser()) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      assertThat(f.kind()).isEqualTo("usn");
      String token = f.currentToken();
      String deleted = user(unit, "unseen-delete");
      admin.delete(deleted);
      assertThatThrownBy(() -> read(f, token))
          .isInstanceOf(TokenExpiredException.class)
          .hasMessage(
              "The USN feed on 127.0.0.1:"
                  + samba.ldapsPort()
                  + "/"
                  + samba.baseDn()
                  + " shows "
                  + plainDn
                  + " no tombstone under "
                  + samba.baseDn()
                  + " (seeing deletions needs List Contents and Read Property on CN=Deleted"
                  + " Objects, which administrators hold), so an incremental read would miss every"
                  + " deletion: a full run is needed");
    }
  }

  @Test
  void anAccountGrantedListContentsOnDeletedObjectsWithoutDirSyncReadsUsnsAndSeesTheDeletion()
      throws Exception {
    TestServers.Account usn = TestServers.sambaUsnReader();
    try (ActiveDirectorySource source =
        new ActiveDirectorySource(
            SambaContractTest.ldaps(samba).bind(Bind.simple(usn.dn(), usn.password())).build())) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      assertThat(f.kind())
          .as("without Replicating Directory Changes the source falls back to USNs")
          .isEqualTo("usn");
      String gone = user(unit, "gone-usn");
      String goneId = source.findByDn(gone).orElseThrow().id();
      String token = f.currentToken();
      admin.delete(gone);
      Read r = read(f, token, goneId);
      assertThat(r.incompleteReason()).isEmpty();
      assertThat(r.changes())
          .containsExactly(
              new DirectoryChange.UserDeleted(goneId, r.changes().get(0).tokenAfter()));
    }
  }

  @Test
  void aUsnFeedBasedOnAnOuFindsTheTombstoneInTheDomainsDeletedObjects() throws Exception {
    TestServers.Account usn = TestServers.sambaUsnReader();
    try (ActiveDirectorySource source =
        new ActiveDirectorySource(
            SambaContractTest.ldaps(samba)
                .baseDn(unit)
                .bind(Bind.simple(usn.dn(), usn.password()))
                .build())) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      assertThat(f.kind()).isEqualTo("usn");
      String gone = user(unit, "gone-ou");
      String goneId = source.findByDn(gone).orElseThrow().id();
      String token = f.currentToken();
      admin.delete(gone);
      Read r = read(f, token, goneId);
      assertThat(r.incompleteReason())
          .as("the probe looks in CN=Deleted Objects of the domain, not under the OU")
          .isEmpty();
      assertThat(r.changes())
          .containsExactly(
              new DirectoryChange.UserDeleted(goneId, r.changes().get(0).tokenAfter()));
    }
  }

  @Test
  void anAccountWithDirSyncAndListContentsOnDeletedObjectsGetsTheTombstoneFromDirSync()
      throws Exception {
    TestServers.Account watcher = TestServers.sambaWatcher();
    try (ActiveDirectorySource source =
        new ActiveDirectorySource(
            SambaContractTest.ldaps(samba)
                .bind(Bind.simple(watcher.dn(), watcher.password()))
                .build())) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      assertThat(f.kind()).isEqualTo("dirsync");
      String gone = user(unit, "gone-dirsync");
      String goneId = source.findByDn(gone).orElseThrow().id();
      String token = f.currentToken();
      admin.delete(gone);
      Read r = read(f, token, goneId);
      assertThat(r.incompleteReason()).isEmpty();
      assertThat(r.changes())
          .containsExactly(
              new DirectoryChange.UserDeleted(goneId, r.changes().get(0).tokenAfter()));
    }
  }

  private static String field(String token, int i) {
    return new String(
        Base64.getUrlDecoder().decode(token.split("~")[i + 1]), StandardCharsets.UTF_8);
  }

  private static String field(String value) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aUsnTokenOfAnotherInvocationIdIsRefusedNamingBoth() {
    try (ActiveDirectorySource source = asAdministrator(LdapConfig.ChangeFeed.USN)) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      String token = f.currentToken();
      String service = field(token, 0);
      String invocation = field(token, 1);
      String restored = "00000000-0000-4000-8000-000000000001";
      String other =
          "usn.1~" + field(service) + "~" + field(restored) + "~" + field(field(token, 2));
      assertThatThrownBy(() -> f.changesSince(other))
          .isInstanceOf(TokenExpiredException.class)
          .hasMessage(
              "the usn token was taken from domain controller "
                  + service
                  + " (invocationId "
                  + restored
                  + "), but 127.0.0.1:"
                  + samba.ldapsPort()
                  + "/"
                  + samba.baseDn()
                  + " is "
                  + service
                  + " (invocationId "
                  + invocation
                  + "): USNs of another or a restored controller do not compare, a full run is"
                  + " needed");
    }
  }

  @Test
  void aDamagedDirSyncCookieIsRefusedByTheServer() {
    try (ActiveDirectorySource source = asAdministrator(LdapConfig.ChangeFeed.DIRSYNC)) {
      ChangeFeed f = source.changeFeed().orElseThrow();
      String token = f.currentToken();
      byte[] cookie = Base64.getUrlDecoder().decode(field(token, 1));
      for (int i = 0; i < cookie.length; i++) {
        cookie[i] = (byte) (i * 7);
      }
      String damaged =
          "dirsync.1~"
              + field(field(token, 0))
              + "~"
              + field(Base64.getUrlEncoder().withoutPadding().encodeToString(cookie));
      assertThatThrownBy(() -> f.changesSince(damaged))
          .isInstanceOf(TokenExpiredException.class)
          .hasMessageStartingWith(
              "LDAP server 127.0.0.1:"
                  + samba.ldapsPort()
                  + "/"
                  + samba.baseDn()
                  + " refused the DirSync cookie of the token (")
          .hasMessageEndingWith("): a full run is needed");
    }
  }
}
