package dev.umt.rules.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;
import dev.umt.PageCursor;
import dev.umt.SyncEngine;
import dev.umt.SyncReport;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.DirectorySource;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.ad.ActiveDirectorySource;
import dev.umt.rule.Threshold;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.rules.GlobalOptions;
import dev.umt.rules.LocalOptions;
import dev.umt.rules.Options;
import dev.umt.rules.RuleSet;
import dev.umt.state.JsonFileStateStore;
import dev.umt.target.AccountStatus;
import dev.umt.target.TargetAccount;
import dev.umt.testkit.InMemoryTarget;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subtree deleted on Samba's AD DC (a team OU and its two users, leaves first, as an
 * administrator or a tool does) reaches GoToMyPC by the run after it: each user's account is
 * suspended (the rule's {@code onLeave}), the third user keeps his. Bound as the Administrator,
 * DirSync returns the tombstones, so the run is incremental and the feed reports each deletion;
 * bound as the sync account (a plain user with Replicating Directory Changes), Samba's DirSync
 * returns no tombstones at all, so the feed refuses its token and the run is full, saying why,
 * rather than an incremental run of "0 changes" that leaves the accounts active until the next full
 * run. Granted List Contents and Read Property on {@code CN=Deleted Objects} (as {@code dsacls /G
 * account:LCRP} does on Microsoft AD), a plain user's run is incremental again: {@code umt-watcher}
 * by DirSync, {@code umt-usn} (without the DirSync right) by USN and Show Deleted. Each test works
 * in an OU of its own and only asserts on changes of entries it made, so other builds writing to
 * the shared DC cannot break it. Skips when Samba is not running (fails under
 * UMT_REQUIRE_TEST_SERVERS=1).
 */
class SubtreeDeleteOnSambaTest {
  private static TestServer samba;
  @TempDir Path data;
  private final String tag = UUID.randomUUID().toString().substring(0, 8);
  private LDAPConnection admin;
  private String scratchDn;
  private String teamDn;

  @BeforeAll
  static void server() {
    samba = TestServers.samba();
  }

  @BeforeEach
  void organisation() throws LDAPException {
    admin = samba.connect();
    scratchDn = "OU=umt-subtree-" + tag + "," + samba.baseDn();
    teamDn = "OU=Team," + scratchDn;
    admin.add(new Entry(scratchDn, new Attribute("objectClass", "top", "organizationalUnit")));
    admin.add(new Entry(teamDn, new Attribute("objectClass", "top", "organizationalUnit")));
    user("ann", teamDn);
    user("ben", teamDn);
    user("cal", scratchDn);
  }

  @AfterEach
  void cleanUp() throws LDAPException {
    try {
      deleteTree(scratchDn);
    } finally {
      admin.close();
    }
  }

  @Test
  void asTheAdministratorTheIncrementalRunReportsEachDeletionAndSuspendsTheAccounts()
      throws LDAPException {
    incrementalRunReportsEachDeletionAndSuspends(
        Bind.simple(samba.bindDn(), samba.password()), "dirsync");
  }

  @Test
  void asAnAccountWithDirSyncAndListContentsOnDeletedObjectsTheIncrementalRunSuspendsTheAccounts()
      throws LDAPException {
    TestServers.Account watcher = TestServers.sambaWatcher();
    incrementalRunReportsEachDeletionAndSuspends(
        Bind.simple(watcher.dn(), watcher.password()), "dirsync");
  }

  @Test
  void asAnAccountWithoutDirSyncButWithListContentsOnDeletedObjectsTheUsnRunSuspendsTheAccounts()
      throws LDAPException {
    TestServers.Account usn = TestServers.sambaUsnReader();
    incrementalRunReportsEachDeletionAndSuspends(Bind.simple(usn.dn(), usn.password()), "usn");
  }

  /**
   * Bound by {@code bind}, the source's feed is {@code kind}; after the team's subtree is deleted
   * the run is incremental and suspends ann and ben.
   */
  private void incrementalRunReportsEachDeletionAndSuspends(Bind bind, String kind)
      throws LDAPException {
    try (ActiveDirectorySource source = source(bind)) {
      assertThat(source.changeFeed().orElseThrow().kind()).isEqualTo(kind);
      Ids ids = ids(source);
      InMemoryTarget target = target();
      try (JsonFileStateStore store = JsonFileStateStore.open(data)) {
        SyncReport first = engine(source, target, store).run(rules(source).activeRules());
        assertThat(first.status()).as(first.reason()).isEqualTo(SyncReport.Status.COMPLETED);
        assertThat(target.all())
            .extracting(TargetAccount::email)
            .containsExactlyInAnyOrder(mail("ann"), mail("ben"), mail("cal"));
        ChangeFeed feed = source.changeFeed().orElseThrow();
        String before = feed.currentToken();

        deleteTree(teamDn);

        assertThat(
                changesOf(
                    feed.changesSince(before),
                    Set.of(ids.ann, ids.ben, ids.team, ids.cal, ids.scratch)))
            .as("each deletion, and nothing of what stays")
            .containsExactlyInAnyOrder(
                "UserDeleted " + ids.ann, "UserDeleted " + ids.ben, "ContainerDeleted " + ids.team);
        SyncReport second = engine(source, target, store).run(rules(source).activeRules());
        assertThat(second.status()).as(second.reason()).isEqualTo(SyncReport.Status.COMPLETED);
        assertThat(second.kind()).as(second.kindReason()).isEqualTo(SyncReport.Kind.INCREMENTAL);
        assertSuspendedExceptCal(target);
      }
    }
  }

  @Test
  void asTheSyncAccountWhoseDirSyncSeesNoTombstonesTheRunIsFullAndSuspendsTheAccounts()
      throws LDAPException {
    try (ActiveDirectorySource source =
        source(Bind.simple(samba.readerDn(), samba.readerPassword()))) {
      assertThat(source.changeFeed().orElseThrow().kind())
          .as("the sync account holds Replicating Directory Changes")
          .isEqualTo("dirsync");
      InMemoryTarget target = target();
      try (JsonFileStateStore store = JsonFileStateStore.open(data)) {
        SyncReport first = engine(source, target, store).run(rules(source).activeRules());
        assertThat(first.status()).as(first.reason()).isEqualTo(SyncReport.Status.COMPLETED);
        assertThat(target.all()).hasSize(3);

        deleteTree(teamDn);

        SyncReport second = engine(source, target, store).run(rules(source).activeRules());
        assertThat(second.status()).as(second.reason()).isEqualTo(SyncReport.Status.COMPLETED);
        assertThat(second.kind()).isEqualTo(SyncReport.Kind.FULL);
        assertThat(second.kindReason())
            .isEqualTo(
                "full: the feed's token expired: DirSync on 127.0.0.1:"
                    + samba.ldapsPort()
                    + "/"
                    + samba.baseDn()
                    + " shows "
                    + samba.readerDn()
                    + " no tombstone under "
                    + samba.baseDn()
                    + " (seeing deletions needs List Contents and Read Property on CN=Deleted"
                    + " Objects, which administrators hold), so an incremental read would miss"
                    + " every deletion: a full run is needed");
        assertSuspendedExceptCal(target);
      }
    }
  }

  private void assertSuspendedExceptCal(InMemoryTarget target) {
    assertThat(target.all())
        .filteredOn(a -> a.status() == AccountStatus.SUSPENDED)
        .extracting(TargetAccount::email)
        .containsExactlyInAnyOrder(mail("ann"), mail("ben"));
    assertThat(target.all())
        .filteredOn(a -> a.email().equals(mail("cal")))
        .extracting(TargetAccount::status)
        .containsExactly(AccountStatus.ACTIVE);
  }

  private record Ids(String scratch, String team, String ann, String ben, String cal) {}

  private Ids ids(DirectorySource source) {
    return new Ids(
        id(source, scratchDn),
        id(source, teamDn),
        id(source, "CN=ann" + tag + "," + teamDn),
        id(source, "CN=ben" + tag + "," + teamDn),
        id(source, "CN=cal" + tag + "," + scratchDn));
  }

  private static String id(DirectorySource source, String dn) {
    return source
        .findByDn(dn)
        .orElseThrow(() -> new AssertionError("the source cannot find " + dn))
        .id();
  }

  /**
   * The changes of the entries {@code ids}, as "kind id": other builds may change other entries of
   * the shared DC meanwhile.
   */
  private static List<String> changesOf(PageCursor<DirectoryChange> cursor, Set<String> ids) {
    List<String> out = new ArrayList<>();
    try (cursor) {
      assertThat(cursor.isComplete()).as(cursor.incompleteReason()).isTrue();
      while (cursor.hasNext()) {
        for (DirectoryChange c : cursor.next()) {
          String id =
              c instanceof DirectoryChange.UserChanged u
                  ? u.user().id()
                  : c instanceof DirectoryChange.UserDeleted u
                      ? u.userId()
                      : c instanceof DirectoryChange.GroupChanged g
                          ? g.groupId()
                          : c instanceof DirectoryChange.GroupDeleted g
                              ? g.groupId()
                              : c instanceof DirectoryChange.ContainerChanged k
                                  ? k.containerId()
                                  : ((DirectoryChange.ContainerDeleted) c).containerId();
          if (ids.contains(id)) {
            out.add(c.getClass().getSimpleName() + " " + id);
          }
        }
      }
    }
    return out;
  }

  private ActiveDirectorySource source(Bind bind) {
    return new ActiveDirectorySource(
        LdapConfig.builder()
            .server(samba.host(), samba.ldapsPort())
            .security(LdapConfig.Security.LDAPS)
            .trustStore(samba.trustStore(), samba.trustStorePassword())
            .bind(bind)
            .baseDn(samba.baseDn())
            .responseTimeout(Duration.ofSeconds(60))
            .build());
  }

  private RuleSet rules(DirectorySource source) {
    return RuleSet.fromJson(
        """
        {"version": 1, "rules": [{
          "id": "corp", "name": "Corp", "priority": 10,
          "source": {"kind": "CONTAINER", "id": "%s", "dn": "%s", "recursive": true},
          "target": {"group": "Corp"},
          "mapping": {"email": "${mail:lower}", "firstName": "${givenName}", "lastName": "${sn}"}
        }]}\
        """
            .formatted(id(source, scratchDn), scratchDn),
        "rules.json");
  }

  private static InMemoryTarget target() {
    return InMemoryTarget.builder().group("g-corp", "Corp", null).build();
  }

  /**
   * Incremental where it can be (the default every-24-runs full run is far away); three of three
   * may be deprovisioned.
   */
  private static SyncEngine engine(
      DirectorySource source, InMemoryTarget target, JsonFileStateStore store) {
    GlobalOptions global = GlobalOptions.builder().threshold(new Threshold(10, 100)).build();
    return SyncEngine.builder()
        .source(source)
        .evaluator(DefaultRuleEvaluator.create())
        .target(target)
        .stateStore(store)
        .options(Options.syncOptions(global, LocalOptions.defaults()).build())
        .build();
  }

  private String mail(String login) {
    return login + "-" + tag + "@example.test";
  }

  private void user(String login, String parentDn) throws LDAPException {
    String cn = login + tag;
    admin.add(
        new Entry(
            "CN=" + cn + "," + parentDn,
            new Attribute("objectClass", "top", "person", "organizationalPerson", "user"),
            new Attribute("sAMAccountName", cn),
            new Attribute("givenName", login),
            new Attribute("sn", "Subtree"),
            new Attribute("mail", mail(login)),
            new Attribute("userAccountControl", "544")));
  }

  /** Deletes {@code dn} and everything below it, leaves first; nothing when it is gone. */
  private void deleteTree(String dn) throws LDAPException {
    if (admin.getEntry(dn, "1.1") == null) {
      return;
    }
    for (var e : admin.search(dn, SearchScope.ONE, "(objectClass=*)", "1.1").getSearchEntries()) {
      deleteTree(e.getDN());
    }
    admin.delete(dn);
  }
}
