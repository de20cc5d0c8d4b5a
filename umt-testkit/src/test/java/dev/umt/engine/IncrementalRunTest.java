package dev.umt.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.AccountRejectedException;
import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rule.Threshold;
import dev.umt.state.JsonFileStateStore;
import dev.umt.target.AccountStatus;
import dev.umt.target.TargetAccount;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.InMemoryDirectory.BlindSpot;
import dev.umt.testkit.InMemoryTarget;
import dev.umt.testkit.Organisation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental runs against the in-memory directory's change feed: each directory event of issue 11
 * reaches the target through the right action, only the affected users are read and planned, and
 * every reason for a full run is said.
 */
class IncrementalRunTest {
  private static final Organisation ORG = Organisation.standard();

  @TempDir Path data;
  InMemoryDirectory directory;
  InMemoryTarget target;
  JsonFileStateStore store;
  MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));

  @BeforeEach
  void setUp() {
    directory = InMemoryDirectory.of(ORG);
    target = InMemoryTarget.builder().group("g-staff", "Staff", null).build();
    store = JsonFileStateStore.open(data);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private String id(String unit) {
    return directory.idOf(ORG.unit(unit).dn());
  }

  private String groupId(String name) {
    return directory.idOf(ORG.group(name).dn());
  }

  private Rule ouRule(String unit) {
    return Rule.builder(
            unit.toLowerCase(),
            "Everyone in " + unit,
            Scope.container(id(unit), ORG.unit(unit).dn(), true))
        .group(GroupRef.path("Staff"))
        .build();
  }

  /**
   * All Staff: frank directly, Sales Team (alice, bob, erin) and Engineers (carol, dave, gina, zoe)
   * nested.
   */
  private Rule allStaffRule() {
    String dn = ORG.group("All Staff").dn();
    return Rule.builder("all-staff", "All Staff", Scope.group(groupId("All Staff"), dn, true))
        .group(GroupRef.path("Staff"))
        .build();
  }

  private SyncEngine engine(SyncOptions options) {
    return SyncEngine.builder()
        .source(directory)
        .evaluator(new SimpleEvaluator())
        .target(target)
        .stateStore(store)
        .options(options)
        .clock(clock)
        .build();
  }

  /**
   * Runs without the default 20 % threshold, which a directory this small crosses with one suspend
   * (the threshold test sets its own).
   */
  private static final SyncOptions LENIENT =
      SyncOptions.builder().threshold(new Threshold(500, 100)).build();

  private SyncEngine engine() {
    return engine(LENIENT);
  }

  private String userId(String login) {
    return directory.userByLogin(login).id();
  }

  private TargetAccount account(String email) {
    return target.byEmail(email).orElseThrow(() -> new AssertionError("no account " + email));
  }

  /** A full first run with {@code rules}; returns the number of target writes so far. */
  private int fullRun(List<Rule> rules) {
    SyncReport first = engine().run(rules);
    assertThat(first.kind()).isEqualTo(SyncReport.Kind.FULL);
    assertThat(first.status()).isEqualTo(SyncReport.Status.COMPLETED);
    return target.writes().size();
  }

  /**
   * Runs and checks the run was incremental and complete; {@code reads} holds the directory entries
   * it read.
   */
  private Run incremental(List<Rule> rules) {
    return incremental(engine(), rules);
  }

  private Run incremental(SyncEngine engine, List<Rule> rules) {
    long before = directory.reads();
    int writes = target.writes().size();
    SyncReport r = engine.run(rules);
    assertThat(r.kind()).as(r.kindReason()).isEqualTo(SyncReport.Kind.INCREMENTAL);
    return new Run(
        r, directory.reads() - before, target.writes().subList(writes, target.writes().size()));
  }

  private record Run(SyncReport report, long reads, List<String> writes) {
    /** The steps that called the target, as kind and user id. */
    List<String> targetSteps() {
      return report.outcomes().stream()
          .filter(o -> o.step().kind().callsTarget())
          .map(o -> o.step().kind() + " " + o.step().userId())
          .toList();
    }
  }

  private DirectoryUser.Builder newUser(String login) {
    return DirectoryUser.builder("id-" + login, "cn=" + login + ",dc=example,dc=test", login)
        .email(login + "@example.test")
        .givenName("New")
        .surname("User " + login);
  }

  // --- the kind of run, and reading only what changed ---

  @Test
  void theFirstRunIsFullAndARunWithNoChangesReadsAndWritesNothing() {
    SyncReport first = engine().run(List.of(ouRule("Corp")));
    assertThat(first.kind()).isEqualTo(SyncReport.Kind.FULL);
    assertThat(first.kindReason()).isEqualTo("full: first run");
    assertThat(store.runs(1).get(0).kind()).isEqualTo("full: first run");
    int writes = target.writes().size();

    Run r = incremental(List.of(ouRule("Corp")));

    assertThat(r.report().kindReason()).isEqualTo("incremental: 0 changes (in-memory)");
    assertThat(r.report().status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(r.report().outcomes()).isEmpty();
    assertThat(r.reads()).isZero();
    assertThat(target.writes()).hasSize(writes);
    assertThat(store.runs(1).get(0).kind()).isEqualTo("incremental: 0 changes (in-memory)");
  }

  @Test
  void aCreatedUserGetsAnAccountReadingOnlyThatUser() {
    fullRun(List.of(ouRule("Corp")));
    directory.addUser(id("Sales"), newUser("nora"));

    Run r = incremental(List.of(ouRule("Corp")));

    assertThat(r.report().kindReason()).isEqualTo("incremental: 1 change (in-memory)");
    assertThat(r.targetSteps()).containsExactly("CREATE id-nora");
    assertThat(r.reads()).as("one rule, one id").isEqualTo(1);
    assertThat(account("nora@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(store.ledger()).containsKey("id-nora");
  }

  @Test
  void aDeletedUserIsSuspended() {
    fullRun(List.of(ouRule("Corp")));
    String alice = userId("alice");
    directory.removeUser(alice);

    Run r = incremental(List.of(ouRule("Corp")));

    assertThat(r.targetSteps()).containsExactly("SUSPEND " + alice);
    assertThat(r.report().outcomes().get(0).step().reason())
        .startsWith("user left the scope of rule corp");
    assertThat(account("alice@example.test").status()).isEqualTo(AccountStatus.SUSPENDED);
    assertThat(account("bob@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aUserMovedOutOfTheRulesOuIsSuspendedAndOneMovedInGetsAnAccount() {
    Rule eng = ouRule("Engineering");
    fullRun(List.of(eng));
    directory.moveUser(userId("gina"), id("Sales"));
    directory.moveUser(userId("alice"), id("Engineering"));

    Run r = incremental(List.of(eng));

    assertThat(r.targetSteps())
        .containsExactlyInAnyOrder("SUSPEND " + userId("gina"), "CREATE " + userId("alice"));
    assertThat(account("gina@example.test").status()).isEqualTo(AccountStatus.SUSPENDED);
    assertThat(account("alice@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(account("zoe@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aUserRemovedFromTheRulesGroupIsSuspendedThoughTheFeedReportsOnlyTheGroup() {
    fullRun(List.of(allStaffRule()));
    directory.blindSpot(BlindSpot.MEMBERSHIP_CHANGES_ONLY_ON_GROUP, true);
    directory.removeMember(groupId("Sales Team"), userId("alice"));

    Run r = incremental(List.of(allStaffRule()));

    assertThat(r.report().kindReason()).isEqualTo("incremental: 1 change (in-memory)");
    assertThat(r.targetSteps()).containsExactly("SUSPEND " + userId("alice"));
    assertThat(r.reads())
        .as("Sales Team's members now (bob, erin), then alice, bob and erin by id")
        .isEqualTo(5);
    assertThat(account("alice@example.test").status()).isEqualTo(AccountStatus.SUSPENDED);
  }

  @Test
  void removingANestedGroupFromTheRulesGroupSuspendsItsMembers() {
    fullRun(List.of(allStaffRule()));
    directory.blindSpot(BlindSpot.MEMBERSHIP_CHANGES_ONLY_ON_GROUP, true);
    directory.removeMember(groupId("All Staff"), groupId("Engineers"));

    Run r = incremental(List.of(allStaffRule()));

    assertThat(r.targetSteps())
        .containsExactlyInAnyOrder("SUSPEND " + userId("gina"), "SUSPEND " + userId("zoe"));
    assertThat(account("gina@example.test").status()).isEqualTo(AccountStatus.SUSPENDED);
    assertThat(account("alice@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(account("frank.obrien@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aDisabledUserIsSuspendedAndReactivatedWhenEnabledAgain() {
    fullRun(List.of(ouRule("Corp")));
    directory.updateUser(userId("gina"), b -> b.enabled(false));

    Run off = incremental(List.of(ouRule("Corp")));
    assertThat(off.targetSteps()).containsExactly("SUSPEND " + userId("gina"));
    assertThat(account("gina@example.test").status()).isEqualTo(AccountStatus.SUSPENDED);

    directory.updateUser(userId("gina"), b -> b.enabled(true));
    Run on = incremental(List.of(ouRule("Corp")));
    assertThat(on.targetSteps()).containsExactly("REACTIVATE " + userId("gina"));
    assertThat(account("gina@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aRenamedUserHasTheSameAccountUpdated() {
    fullRun(List.of(ouRule("Corp")));
    String key = account("gina@example.test").key();
    directory.updateUser(
        userId("gina"), b -> b.surname("Green-Smith").displayName("Gina Green-Smith"));

    Run r = incremental(List.of(ouRule("Corp")));

    assertThat(r.targetSteps()).containsExactly("UPDATE " + userId("gina"));
    assertThat(r.writes()).hasSize(1);
    assertThat(account("gina@example.test").key()).isEqualTo(key);
    assertThat(account("gina@example.test").lastName()).isEqualTo("Green-Smith");
  }

  @Test
  void aNewEmailUpdatesTheSameAccountAndNeverCreatesASecond() {
    fullRun(List.of(ouRule("Corp")));
    String key = account("gina@example.test").key();
    int accounts = target.all().size();
    directory.updateUser(userId("gina"), b -> b.email("gina.green@example.test"));

    Run r = incremental(List.of(ouRule("Corp")));

    assertThat(r.targetSteps()).containsExactly("UPDATE " + userId("gina"));
    assertThat(account("gina.green@example.test").key()).isEqualTo(key);
    assertThat(target.byEmail("gina@example.test")).isEmpty();
    assertThat(target.all()).hasSize(accounts);
    assertThat(store.ledger().get(userId("gina")).email()).isEqualTo("gina.green@example.test");
  }

  @Test
  void aRenamedOuDeprovisionsNothingWhetherOrNotTheFeedReportsItsUsers() {
    for (boolean blind : List.of(false, true)) {
      setUpFresh("blind-" + blind);
      Rule eng = ouRule("Engineering");
      fullRun(List.of(eng));
      directory.blindSpot(BlindSpot.RENAMES_DO_NOT_TOUCH_USERS, blind);
      directory.rename(id("Engineering"), "Engineering and Research");

      Run r = incremental(List.of(eng));

      assertThat(r.report().status()).as("blind %s", blind).isEqualTo(SyncReport.Status.COMPLETED);
      assertThat(r.targetSteps()).as("blind %s", blind).isEmpty();
      assertThat(r.writes()).isEmpty();
      assertThat(target.all())
          .allSatisfy(a -> assertThat(a.status()).isEqualTo(AccountStatus.ACTIVE));
    }
  }

  /**
   * Closes the store and opens it again: a store reads the snapshot file once, then keeps what it
   * read or wrote.
   */
  private void reopen() {
    store.close();
    store = JsonFileStateStore.open(data);
  }

  /** A new directory, target and store (in {@code folder} of the data folder). */
  private void setUpFresh(String folder) {
    store.close();
    directory = InMemoryDirectory.of(ORG);
    target = InMemoryTarget.builder().group("g-staff", "Staff", null).build();
    store = JsonFileStateStore.open(data.resolve(folder));
  }

  @Test
  void aGroupDeletedSuspendsWhoItHeldEvenWhenRefintRemovesItSilentlyFromItsParent() {
    fullRun(List.of(allStaffRule()));
    directory.blindSpot(BlindSpot.REFINT_REWRITES_SILENTLY, true);
    directory.deleteGroup(groupId("Sales Team"));

    Run r = incremental(List.of(allStaffRule()));

    assertThat(r.targetSteps())
        .containsExactlyInAnyOrder("SUSPEND " + userId("alice"), "SUSPEND " + userId("bob"));
  }

  // --- when a run is full, and why ---

  @Test
  void everyReasonForAFullRunIsSaid() {
    List<Rule> rules = List.of(ouRule("Corp"));
    fullRun(rules);
    assertThat(engine().runFull(rules).kindReason()).isEqualTo("full: requested");

    assertThat(engine().run(List.of(ouRule("Corp").toBuilder().priority(5).build())).kindReason())
        .isEqualTo("full: rule set changed");
    assertThat(engine().run(List.of(ouRule("Corp").toBuilder().priority(5).build())).kind())
        .isEqualTo(SyncReport.Kind.INCREMENTAL);

    directory.forgetChangesBefore();
    directory.updateUser(userId("gina"), b -> b.title("Head"));
    directory.forgetChangesBefore();
    SyncReport expired = engine().run(List.of(ouRule("Corp").toBuilder().priority(5).build()));
    assertThat(expired.kind()).isEqualTo(SyncReport.Kind.FULL);
    assertThat(expired.kindReason())
        .startsWith("full: the feed's token expired: token mem:")
        .contains(" can no longer be served; changes are kept from mem:");
    assertThat(expired.status()).isEqualTo(SyncReport.Status.COMPLETED);
  }

  @Test
  void aTokenFromAnotherDirectoryMakesAFullRun() {
    fullRun(List.of(ouRule("Corp")));
    InMemoryDirectory restored = InMemoryDirectory.of(ORG);
    SyncReport r =
        SyncEngine.builder()
            .source(restored)
            .evaluator(new SimpleEvaluator())
            .target(target)
            .stateStore(store)
            .clock(clock)
            .options(LENIENT)
            .build()
            .run(List.of(ouRule("Corp")));
    assertThat(r.kind()).isEqualTo(SyncReport.Kind.FULL);
    assertThat(r.kindReason())
        .matches(
            "full: the feed's token expired: token mem:\\w+:\\d+ is from another directory, not"
                + " this one \\(mem:\\w+:\\.\\.\\.\\)");
  }

  @Test
  void aMissingOrCorruptSnapshotMakesAFullRun() throws Exception {
    fullRun(List.of(ouRule("Corp")));
    Path snapshot = data.resolve("snapshot.bin");
    assertThat(Files.getPosixFilePermissions(snapshot))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.write(snapshot, new byte[] {1, 2, 3});
    reopen();
    SyncReport corrupt = engine().run(List.of(ouRule("Corp")));
    assertThat(corrupt.kindReason())
        .isEqualTo(
            "full: the directory snapshot could not be read: directory snapshot "
                + snapshot
                + " does not start with UMTSNAP: not a snapshot file");
    assertThat(corrupt.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(engine().run(List.of(ouRule("Corp"))).kind())
        .as("the full run wrote a new snapshot")
        .isEqualTo(SyncReport.Kind.INCREMENTAL);

    Files.delete(snapshot);
    reopen();
    assertThat(engine().run(List.of(ouRule("Corp"))).kindReason())
        .isEqualTo("full: the state store has no directory snapshot");
  }

  @Test
  void aFullRunComesAfterNIncrementalRunsOrTHours() {
    SyncOptions every3 =
        LENIENT.toBuilder().fullRunEveryRuns(3).fullRunEvery(Duration.ofHours(6)).build();
    List<Rule> rules = List.of(ouRule("Corp"));
    assertThat(engine(every3).run(rules).kind()).isEqualTo(SyncReport.Kind.FULL);
    for (int i = 0; i < 3; i++) {
      assertThat(engine(every3).run(rules).kind()).isEqualTo(SyncReport.Kind.INCREMENTAL);
    }
    assertThat(engine(every3).run(rules).kindReason())
        .isEqualTo("full: 3 incremental runs since the last full run");

    clock.advance(Duration.ofHours(5).plusMinutes(59));
    assertThat(engine(every3).run(rules).kind()).isEqualTo(SyncReport.Kind.INCREMENTAL);
    clock.advance(Duration.ofMinutes(1));
    assertThat(engine(every3).run(rules).kindReason())
        .isEqualTo("full: 6 h since the last full run (one is due every 6 h)");
  }

  @Test
  void withEveryRunFullNoSnapshotIsReadOrSavedAndAnOldOneIsRemoved() {
    List<Rule> rules = List.of(ouRule("Corp"));
    SyncOptions everyRunFull = LENIENT.toBuilder().fullRunEveryRuns(0).build();
    SyncReport first = engine(everyRunFull).run(rules);
    assertThat(first.kindReason()).isEqualTo("full: first run");
    assertThat(first.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(store.directorySnapshot()).as("no run can read it").isEmpty();
    assertThat(data.resolve("snapshot.bin")).doesNotExist();
    assertThat(store.token(SyncEngine.SOURCE_TOKEN)).isPresent();

    // A snapshot left by an engine with other options no longer matches the ledger once a full
    // run without one has applied: it is removed, so a later engine reads everything first.
    assertThat(engine().run(rules).kindReason())
        .isEqualTo("full: the state store has no directory snapshot");
    assertThat(store.directorySnapshot()).isPresent();
    directory.updateUser(userId("gina"), b -> b.title("Head"));
    SyncReport again = engine(everyRunFull).run(rules);
    assertThat(again.kindReason()).isEqualTo("full: every run is full (a full run every 0 runs)");
    assertThat(store.directorySnapshot()).isEmpty();
    assertThat(engine().run(rules).kindReason())
        .isEqualTo("full: the state store has no directory snapshot");
  }

  // --- safety ---

  @Test
  void anIncompleteFeedReadDeprovisionsNothingAndKeepsTheToken() {
    fullRun(List.of(ouRule("Corp")));
    String token = store.directorySnapshot().orElseThrow().token();
    String alice = userId("alice");
    directory.updateUser(userId("gina"), b -> b.surname("Green-Smith"));
    directory.removeUser(alice);
    directory.failFeedAfter(1);

    Run r = incremental(List.of(ouRule("Corp")));

    assertThat(r.report().status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(r.report().reason())
        .isEqualTo(
            "directory read incomplete, so nothing was deprovisioned: the change feed (in-memory)"
                + " was not read completely: the change feed stopped after 1 of 4 changes"
                + " (injected)");
    assertThat(r.targetSteps()).containsExactly("UPDATE " + userId("gina"));
    assertThat(account("alice@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(store.directorySnapshot().orElseThrow().token()).isEqualTo(token);
    assertThat(store.token(SyncEngine.SOURCE_TOKEN)).contains(token);

    directory.heal();
    Run next = incremental(List.of(ouRule("Corp")));
    assertThat(next.report().status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(next.targetSteps()).containsExactly("SUSPEND " + alice);
    assertThat(store.directorySnapshot().orElseThrow().token()).isNotEqualTo(token);
  }

  @Test
  void anIncompleteReadOfTheAffectedUsersDeprovisionsNothing() {
    fullRun(List.of(allStaffRule()));
    directory.removeMember(groupId("Sales Team"), userId("alice"));
    directory.truncateReads(groupId("All Staff"), 0, "size limit exceeded");

    Run r = incremental(List.of(allStaffRule()));

    assertThat(r.report().status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(r.report().reason())
        .startsWith(
            "directory read incomplete, so nothing was deprovisioned: rule all-staff: size limit"
                + " exceeded after 0 page(s)");
    assertThat(r.report().outcomes())
        .filteredOn(o -> o.step().kind() == PlanStep.Kind.SUSPEND)
        .extracting(o -> o.step().userId())
        .contains(userId("alice"));
    assertThat(r.report().outcomes())
        .filteredOn(o -> o.step().kind() == PlanStep.Kind.SUSPEND)
        .extracting(StepOutcome::result)
        .containsOnly(StepOutcome.Result.WITHHELD);
    assertThat(r.writes()).isEmpty();
    assertThat(account("alice@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aFailedUserIsTriedAgainOnTheNextRunWhileTheTokenMovesOn() {
    fullRun(List.of(ouRule("Corp")));
    directory.updateUser(userId("gina"), b -> b.surname("Green-Smith"));
    directory.updateUser(userId("zoe"), b -> b.surname("Lukasiewicz"));
    target.failFor(
        "gina@example.test", new AccountRejectedException("gina's new name is refused (injected)"));

    Run failed = incremental(List.of(ouRule("Corp")));
    assertThat(failed.report().status()).isEqualTo(SyncReport.Status.COMPLETED_WITH_ERRORS);
    assertThat(failed.report().failures())
        .extracting(o -> o.step().userId())
        .containsExactly(userId("gina"));
    assertThat(store.directorySnapshot().orElseThrow().token())
        .isEqualTo(directory.changeFeed().orElseThrow().currentToken());
    assertThat(store.directorySnapshot().orElseThrow().retryUsers())
        .containsExactly(userId("gina"));

    target.heal();
    Run retried = incremental(List.of(ouRule("Corp")));
    assertThat(retried.report().kindReason()).isEqualTo("incremental: 0 changes (in-memory)");
    assertThat(retried.targetSteps()).containsExactly("UPDATE " + userId("gina"));
    assertThat(account("gina@example.test").lastName()).isEqualTo("Green-Smith");
    assertThat(store.directorySnapshot().orElseThrow().retryUsers()).isEmpty();
    assertThat(incremental(List.of(ouRule("Corp"))).report().outcomes()).isEmpty();
  }

  @Test
  void whatTheFeedDoesNotSeeTheNextFullRunCatches() {
    SyncOptions every2 = LENIENT.toBuilder().fullRunEveryRuns(2).build();
    List<Rule> rules = List.of(allStaffRule());
    engine(every2).run(rules);
    directory.blindSpot(BlindSpot.DELETES_INVISIBLE, true);
    directory.blindSpot(BlindSpot.REFINT_REWRITES_SILENTLY, true);
    directory.blindSpot(BlindSpot.MEMBERSHIP_CHANGES_ONLY_ON_GROUP, true);
    directory.removeUser(userId("alice"));
    directory.deleteGroup(groupId("Engineers"));

    Run blind = incremental(engine(every2), rules);
    assertThat(blind.report().kindReason()).isEqualTo("incremental: 0 changes (in-memory)");
    assertThat(blind.targetSteps()).isEmpty();
    incremental(engine(every2), rules);

    SyncReport full = engine(every2).run(rules);
    assertThat(full.kindReason()).isEqualTo("full: 2 incremental runs since the last full run");
    assertThat(full.outcomes())
        .filteredOn(o -> o.step().kind() == PlanStep.Kind.SUSPEND)
        .extracting(o -> o.step().subject())
        .containsExactlyInAnyOrder("alice@example.test", "gina@example.test", "zoe@example.test");
  }

  @Test
  void aThresholdHoldsAnIncrementalRunAsItWouldAFullOne() {
    List<Rule> rules = List.of(ouRule("Corp"));
    fullRun(rules);
    directory.updateUser(userId("gina"), b -> b.enabled(false));
    directory.updateUser(userId("zoe"), b -> b.enabled(false));
    SyncEngine strict = engine(SyncOptions.builder().threshold(new Threshold(1, 100)).build());

    Run held = incremental(strict, rules);

    assertThat(held.report().status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(held.report().reason())
        .isEqualTo(
            "held for approval of plan "
                + held.report().planId()
                + ": 2 deprovisioning steps exceed the limit of 1");
    assertThat(held.writes()).isEmpty();
    String token = store.directorySnapshot().orElseThrow().token();
    assertThat(token)
        .as("a held run does not move the token")
        .isNotEqualTo(directory.changeFeed().orElseThrow().currentToken());

    SyncReport approved = strict.approve(held.report().planId(), rules);
    assertThat(approved.kind()).isEqualTo(SyncReport.Kind.INCREMENTAL);
    assertThat(approved.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(approved.applied(PlanStep.Kind.SUSPEND)).isEqualTo(2);
    assertThat(store.directorySnapshot().orElseThrow().token())
        .isEqualTo(directory.changeFeed().orElseThrow().currentToken());
  }

  @Test
  void aStoreWithoutSnapshotsMakesEveryRunFull() {
    fullRun(List.of(ouRule("Corp")));
    ForwardingStore plain = new ForwardingStore(store);
    SyncReport r =
        SyncEngine.builder()
            .source(directory)
            .evaluator(new SimpleEvaluator())
            .target(target)
            .stateStore(plain)
            .clock(clock)
            .options(LENIENT)
            .build()
            .run(List.of(ouRule("Corp")));
    assertThat(r.kind()).isEqualTo(SyncReport.Kind.FULL);
    assertThat(r.kindReason()).isEqualTo("full: the state store has no directory snapshot");
  }

  @Test
  void aNewGroupMemberOfTheRulesGroupGetsAnAccount() {
    fullRun(List.of(allStaffRule()));
    String team = directory.addGroup("Interns", id("Groups"), DirectoryGroup.Kind.SECURITY);
    directory.addUser(id("Sales"), newUser("ivan"));
    directory.addMember(team, "id-ivan");
    directory.addMember(groupId("All Staff"), team);

    Run r = incremental(List.of(allStaffRule()));

    assertThat(r.targetSteps()).containsExactly("CREATE id-ivan");
  }
}
