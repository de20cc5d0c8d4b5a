package dev.umt.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.AccountRejectedException;
import dev.umt.ConfigurationException;
import dev.umt.Plan;
import dev.umt.PlanStep;
import dev.umt.ProgressListener;
import dev.umt.StaleApprovalException;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.directory.Scope;
import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.Grace;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rule.Threshold;
import dev.umt.state.JsonFileStateStore;
import dev.umt.state.LedgerEntry;
import dev.umt.target.AccountStatus;
import dev.umt.target.TargetAccount;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.InMemoryTarget;
import dev.umt.testkit.Organisation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncEngineTest {
  private static final Organisation ORG = Organisation.standard();

  /** The users of Corp that get an account: erin has no mail, carol is disabled, dave expired. */
  private static final Set<String> PROVISIONED =
      Set.of(
          "alice@example.test",
          "bob@example.test",
          "gina@example.test",
          "zoe@example.test",
          "frank.obrien@example.test");

  @TempDir Path data;
  InMemoryDirectory directory;
  InMemoryTarget target;
  JsonFileStateStore store;
  String corpId;

  @BeforeEach
  void setUp() {
    directory = InMemoryDirectory.of(ORG);
    target =
        InMemoryTarget.builder()
            .batchSize(2)
            .group("g-staff", "Staff", null)
            .group("g-emea", "EMEA", "g-staff")
            .build();
    store = JsonFileStateStore.open(data);
    corpId = directory.idOf(ORG.unit("Corp").dn());
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private Rule corpRule() {
    return Rule.builder(
            "corp", "Everyone in Corp", Scope.container(corpId, ORG.unit("Corp").dn(), true))
        .group(GroupRef.path("Staff"))
        .build();
  }

  /**
   * An engine whose every run is full: these tests are about what a full run decides
   * (IncrementalRunTest covers incremental runs).
   */
  private SyncEngine engine(SyncOptions options) {
    return SyncEngine.builder()
        .source(directory)
        .evaluator(new SimpleEvaluator())
        .target(target)
        .stateStore(store)
        .options(options.toBuilder().fullRunEveryRuns(0).build())
        .build();
  }

  private SyncEngine engine() {
    return engine(SyncOptions.defaults());
  }

  private String userId(String login) {
    return directory.userByLogin(login).id();
  }

  private TargetAccount account(String email) {
    return target.byEmail(email).orElseThrow(() -> new AssertionError("no account " + email));
  }

  @Test
  void aStopRequestedDuringTheApplyFinishesTheStepInFlightAndLeavesTheRestNotAttempted() {
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    ForwardingTarget stopsAfterOneBatch =
        new ForwardingTarget(target) {
          @Override
          public List<dev.umt.target.CreateResult> create(
              List<dev.umt.target.NewAccount> accounts) {
            List<dev.umt.target.CreateResult> r = super.create(accounts);
            stop.set(true); // SIGTERM arrives while the first batch is in flight
            return r;
          }
        };
    SyncReport r =
        SyncEngine.builder()
            .source(directory)
            .evaluator(new SimpleEvaluator())
            .target(stopsAfterOneBatch)
            .stateStore(store)
            .options(SyncOptions.builder().concurrency(1).build())
            .stopRequested(stop::get)
            .build()
            .run(List.of(corpRule()));

    assertThat(r.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(r.reason())
        .isEqualTo(
            "the apply stopped after 2 of 5 target step(s): "
                + dev.umt.internal.Applier.STOP_REQUESTED);
    assertThat(target.all()).hasSize(2);
    assertThat(
            r.outcomes().stream()
                .filter(o -> o.result() == dev.umt.StepOutcome.Result.NOT_ATTEMPTED))
        .hasSize(3);
    assertThat(store.ledger()).hasSize(2);
  }

  @Test
  void theFirstRunCreatesAnAccountForEveryoneInScope() {
    SyncReport r = engine().run(List.of(corpRule()));

    assertThat(r.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(target.all())
        .extracting(TargetAccount::email)
        .containsExactlyInAnyOrderElementsOf(PROVISIONED);
    assertThat(account("alice@example.test"))
        .isEqualTo(
            new TargetAccount(
                account("alice@example.test").key(),
                "alice@example.test",
                "Alice",
                "Archer",
                "g-staff",
                AccountStatus.ACTIVE,
                true));
    assertThat(r.applied(PlanStep.Kind.CREATE)).isEqualTo(5);
    assertThat(target.largestBatch())
        .as("creates are batched up to the target's batch size")
        .isEqualTo(2);
    assertThat(r.outcomeFor(userId("erin")).orElseThrow().step().reason()).contains("has no mail");
    assertThat(r.outcomeFor(userId("erin")).orElseThrow().step().kind())
        .isEqualTo(PlanStep.Kind.SKIP);
    assertThat(store.ledger())
        .containsOnlyKeys(
            userId("alice"), userId("bob"), userId("gina"), userId("zoe"), userId("frank"));
    assertThat(store.ledger().get(userId("alice")).ruleId()).isEqualTo("corp");
  }

  @Test
  void theSecondRunWritesNothing() {
    engine().run(List.of(corpRule()));
    int writes = target.writes().size();

    SyncReport second = engine().run(List.of(corpRule()));

    assertThat(target.writes()).hasSize(writes);
    assertThat(second.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(second.count(StepOutcome.Result.DONE).get(PlanStep.Kind.NO_CHANGE))
        .as("5 accounts, and disabled carol and dave")
        .isEqualTo(7);
    assertThat(second.count(StepOutcome.Result.DONE).get(PlanStep.Kind.CREATE)).isZero();
  }

  @Test
  void aChangedAttributeUpdatesOnlyThatField() {
    engine().run(List.of(corpRule()));
    directory.updateUser(userId("alice"), b -> b.surname("Archer-Smith"));
    String key = account("alice@example.test").key();

    SyncReport r = engine().run(List.of(corpRule()));

    assertThat(target.writes()).endsWith("update " + key + " [lastName]");
    assertThat(r.applied(PlanStep.Kind.UPDATE)).isEqualTo(1);
    PlanStep.Update step = (PlanStep.Update) r.outcomeFor(userId("alice")).orElseThrow().step();
    assertThat(step.changes().fields()).containsExactly("lastName");
    assertThat(account("alice@example.test").lastName()).isEqualTo("Archer-Smith");
    assertThat(store.ledger().get(userId("alice")).lastName()).isEqualTo("Archer-Smith");
  }

  @Test
  void anEmailChangeFollowsTheUserToTheSameAccount() {
    engine().run(List.of(corpRule()));
    String key = account("bob@example.test").key();
    directory.updateUser(userId("bob"), b -> b.email("robert.brown@example.test"));

    engine().run(List.of(corpRule()));

    assertThat(account("robert.brown@example.test").key()).isEqualTo(key);
    assertThat(target.byEmail("bob@example.test")).isEmpty();
    assertThat(target.writes()).endsWith("update " + key + " [email]");
  }

  @Test
  void aDisabledUserGetsTheRulesDisabledAction() {
    Rule rule = corpRule().toBuilder().onDisabled(DeprovisionAction.REVOKE_LICENSE).build();
    engine().run(List.of(rule));
    directory.updateUser(userId("gina"), b -> b.enabled(false));
    String key = account("gina@example.test").key();

    SyncReport r = engine().run(List.of(rule));

    assertThat(r.outcomeFor(userId("gina")).orElseThrow().step().kind())
        .isEqualTo(PlanStep.Kind.REVOKE_LICENSE);
    assertThat(account("gina@example.test").licensed()).isFalse();
    assertThat(account("gina@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(target.writes()).endsWith("update " + key + " [licensed]");
  }

  @Test
  void aUserWhoLeavesTheScopeGetsTheRulesLeaveActionAndAReenabledUserIsReactivated() {
    Rule rule =
        Rule.builder(
                "sales",
                "Sales",
                Scope.container(
                    directory.idOf(ORG.unit("Sales").dn()), ORG.unit("Sales").dn(), true))
            .onLeave(DeprovisionAction.SUSPEND)
            .build();
    SyncOptions lenient = SyncOptions.builder().threshold(new Threshold(10, 100)).build();
    engine(lenient).run(List.of(rule));
    directory.moveUser(userId("bob"), directory.idOf(ORG.unit("Engineering").dn()));

    SyncReport left = engine(lenient).run(List.of(rule));

    PlanStep step = left.outcomeFor(userId("bob")).orElseThrow().step();
    assertThat(step.kind()).isEqualTo(PlanStep.Kind.SUSPEND);
    assertThat(step.reason())
        .startsWith("user left the scope of rule sales (" + ORG.unit("Sales").dn());
    assertThat(account("bob@example.test").status()).isEqualTo(AccountStatus.SUSPENDED);

    directory.moveUser(userId("bob"), directory.idOf(ORG.unit("EMEA").dn()));
    SyncReport back = engine(lenient).run(List.of(rule));

    assertThat(back.outcomeFor(userId("bob")).orElseThrow().step().kind())
        .isEqualTo(PlanStep.Kind.REACTIVATE);
    assertThat(account("bob@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
    assertThat(store.ledger().get(userId("bob")).status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void anExistingAccountWithTheSameEmailIsAdoptedNotCreatedTwice() {
    TargetAccount byHand =
        target.addExisting(
            "ALICE@example.test", "Alice", "Archer", "g-staff", AccountStatus.ACTIVE, true);

    SyncReport r = engine().run(List.of(corpRule()));

    assertThat(r.outcomeFor(userId("alice")).orElseThrow().step().kind())
        .isEqualTo(PlanStep.Kind.ADOPT);
    assertThat(target.all().stream().filter(a -> a.email().equalsIgnoreCase("alice@example.test")))
        .hasSize(1);
    assertThat(store.ledger().get(userId("alice")).accountKey()).isEqualTo(byHand.key());
    assertThat(target.writes()).noneMatch(w -> w.contains(byHand.key()));
  }

  @Test
  void aPartialReadEndsHeldAndDeprovisionsNothing() {
    Rule rule =
        corpRule().toBuilder()
            .onLeave(DeprovisionAction.DELETE)
            .onDisabled(DeprovisionAction.DELETE)
            .build();
    engine().run(List.of(rule));
    directory.updateUser(userId("gina"), b -> b.enabled(false));
    directory.updateUser(userId("alice"), b -> b.surname("Archer-Smith"));
    directory.updateUser(userId("bob"), b -> b.givenName("Robert"));
    directory.failReadsAfterPages(1);

    SyncReport r = engine(SyncOptions.builder().pageSize(2).build()).run(List.of(rule));

    assertThat(r.status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(r.sourceComplete()).isFalse();
    assertThat(r.reason())
        .startsWith(
            "directory read incomplete, so nothing was deprovisioned: rule corp: page 2 of 4 of ");
    assertThat(target.writes()).noneMatch(w -> w.startsWith("delete") || w.startsWith("suspend"));
    assertThat(target.all()).hasSize(5);
    assertThat(store.ledger()).hasSize(5);
    assertThat(r.outcomes())
        .filteredOn(o -> o.step().kind().deprovisions())
        .isNotEmpty()
        .allSatisfy(
            o ->
                assertThat(o)
                    .extracting(StepOutcome::result, StepOutcome::message)
                    .containsExactly(
                        StepOutcome.Result.WITHHELD,
                        "withheld: the directory read was incomplete"));
    assertThat(account("alice@example.test").lastName())
        .as("alice is on the page that was read: changes that take nothing away still apply")
        .isEqualTo("Archer-Smith");
  }

  @Test
  void aCrossedThresholdHoldsTheRunAndApprovingThePlanIdAppliesIt() {
    Rule rule = corpRule();
    engine().run(List.of(rule));
    for (String login : List.of("alice", "bob")) {
      directory.updateUser(userId(login), b -> b.enabled(false));
    }
    SyncOptions oneAtMost = SyncOptions.builder().threshold(new Threshold(1, 100)).build();

    SyncReport held = engine(oneAtMost).run(List.of(rule));

    assertThat(held.status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(held.reason())
        .isEqualTo(
            "held for approval of plan "
                + held.planId()
                + ": 2 deprovisioning steps exceed the limit of 1");
    assertThat(target.all()).allMatch(a -> a.status() == AccountStatus.ACTIVE);

    SyncReport approved = engine(oneAtMost).approve(held.planId(), List.of(rule));

    assertThat(approved.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(approved.planId()).isEqualTo(held.planId());
    assertThat(account("alice@example.test").status()).isEqualTo(AccountStatus.SUSPENDED);
    assertThat(account("bob@example.test").status()).isEqualTo(AccountStatus.SUSPENDED);
    assertThatThrownBy(() -> engine(oneAtMost).approve(held.planId(), List.of(rule)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("no held plan with id " + held.planId());
  }

  @Test
  void aPercentageThresholdHoldsToo() {
    engine().run(List.of(corpRule()));
    directory.updateUser(userId("alice"), b -> b.enabled(false));
    directory.updateUser(userId("bob"), b -> b.enabled(false));

    SyncReport held = engine().run(List.of(corpRule()));

    assertThat(held.status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(held.reason())
        .endsWith("2 deprovisioning steps are 40 % of 5 managed accounts, over the limit of 20 %");
  }

  @Test
  void aRulesOwnThresholdHoldsTheRun() {
    Rule rule = corpRule().toBuilder().threshold(new Threshold(0, 100)).build();
    engine().run(List.of(rule));
    directory.updateUser(userId("alice"), b -> b.enabled(false));

    SyncReport held =
        engine(SyncOptions.builder().threshold(new Threshold(100, 100)).build()).run(List.of(rule));

    assertThat(held.status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(held.reason()).endsWith("rule corp: 1 deprovisioning steps exceed the limit of 0");
  }

  @Test
  void aChangedDirectoryRefusesAStaleApproval() {
    engine().run(List.of(corpRule()));
    directory.updateUser(userId("alice"), b -> b.enabled(false));
    directory.updateUser(userId("bob"), b -> b.enabled(false));
    SyncOptions oneAtMost = SyncOptions.builder().threshold(new Threshold(1, 100)).build();
    SyncReport held = engine(oneAtMost).run(List.of(corpRule()));
    directory.updateUser(userId("gina"), b -> b.enabled(false));

    assertThatThrownBy(() -> engine(oneAtMost).approve(held.planId(), List.of(corpRule())))
        .isInstanceOf(StaleApprovalException.class)
        .hasMessageStartingWith(
            "plan "
                + held.planId()
                + " is stale: the directory or the target changed since it was held");
    assertThat(target.all()).allMatch(a -> a.status() == AccountStatus.ACTIVE);
  }

  @Test
  void oneFailingUserDoesNotStopTheOthers() {
    target.failFor(
        "bob@example.test",
        new AccountRejectedException("email bob@example.test is on a blocklist"));
    target.failFor(
        "gina@example.test", new dev.umt.UmtException("malformed answer for gina@example.test"));

    SyncReport r = engine().run(List.of(corpRule()));

    assertThat(r.status()).isEqualTo(SyncReport.Status.COMPLETED_WITH_ERRORS);
    assertThat(r.outcomeFor(userId("bob")).orElseThrow().message())
        .isEqualTo("email bob@example.test is on a blocklist");
    assertThat(r.outcomeFor(userId("bob")).orElseThrow().result())
        .isEqualTo(StepOutcome.Result.FAILED);
    assertThat(r.failures())
        .as("gina's failure fails her batch, whose other account is then created alone")
        .hasSize(2);
    assertThat(target.all())
        .extracting(TargetAccount::email)
        .containsExactlyInAnyOrder(
            "alice@example.test", "zoe@example.test", "frank.obrien@example.test");
    assertThat(store.ledger()).doesNotContainKeys(userId("bob"), userId("gina"));

    target.heal();
    SyncReport again = engine().run(List.of(corpRule()));
    assertThat(again.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(target.all()).hasSize(5);
  }

  @Test
  void theLedgerSurvivesAFailureBetweenTwoWritesAndTheNextRunCreatesNothingTwice() {
    // A store that dies on its second ledger write, as a process killed mid-run would.
    List<Integer> writes = new ArrayList<>();
    dev.umt.state.StateStore dying =
        new ForwardingStore(store) {
          @Override
          public void writeLedger(
              java.util.Collection<LedgerEntry> put, java.util.Collection<String> remove) {
            writes.add(put.size());
            if (writes.size() == 2) {
              throw new java.io.UncheckedIOException(
                  new java.io.IOException("disk full (injected)"));
            }
            super.writeLedger(put, remove);
          }
        };
    // 999 users, so the applier writes the ledger in several groups of 256.
    String bulkId = directory.idOf(ORG.unit("Bulk").dn());
    Rule bulk =
        Rule.builder(
                "bulk",
                "Bulk",
                Scope.container(bulkId, ORG.unit("Bulk").dn(), false).withFilter("(mail=bulk0*)"))
            .build();
    SyncEngine failing =
        SyncEngine.builder()
            .source(directory)
            .evaluator(new SimpleEvaluator())
            .target(target)
            .stateStore(dying)
            .build();

    SyncReport failed = failing.run(List.of(bulk));
    // run() returns only when no call of the run is still in flight, so this count is final.
    int createdBeforeTheCrash = target.all().size();

    assertThat(failed.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(failed.reason())
        .matches(
            "the apply stopped after \\d+ of 999 target step\\(s\\): the ledger could not be"
                + " written \\(java.io.IOException: disk full \\(injected\\)\\); \\d+ change\\(s\\)"
                + " applied since the last ledger write are not recorded, and the next run adopts"
                + " their accounts by email");
    assertThat(failed.applied(PlanStep.Kind.CREATE))
        .as("the report says what was applied")
        .isEqualTo(createdBeforeTheCrash);
    assertThat(failed.count(StepOutcome.Result.NOT_ATTEMPTED).get(PlanStep.Kind.CREATE))
        .isEqualTo(999 - createdBeforeTheCrash);
    assertThat(store.runs(1))
        .extracting(dev.umt.state.RunRecord::status)
        .containsExactly(SyncReport.Status.FAILED);

    store
        .close(); // one store per data folder: the crashed run's store lets go of the folder's lock
    JsonFileStateStore reopened = JsonFileStateStore.open(data);
    int recorded = reopened.ledger().size();
    assertThat(recorded).isEqualTo(writes.get(0)).isGreaterThanOrEqualTo(256);
    assertThat(createdBeforeTheCrash).isGreaterThan(recorded);
    SyncReport next =
        SyncEngine.builder()
            .source(directory)
            .evaluator(new SimpleEvaluator())
            .target(target)
            .stateStore(reopened)
            .build()
            .run(List.of(bulk));
    assertThat(next.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(target.all()).hasSize(999);
    assertThat(target.all()).extracting(TargetAccount::email).doesNotHaveDuplicates();
    assertThat(next.applied(PlanStep.Kind.ADOPT))
        .as("created before the crash but not recorded")
        .isEqualTo(createdBeforeTheCrash - recorded);
    assertThat(next.applied(PlanStep.Kind.CREATE)).isEqualTo(999 - createdBeforeTheCrash);
    assertThat(reopened.ledger()).hasSize(999);
    reopened.close();
  }

  @Test
  void protectedAccountsAreNeverTouched() {
    engine().run(List.of(corpRule()));
    directory.updateUser(userId("alice"), b -> b.enabled(false).surname("Changed"));
    SyncOptions protect =
        SyncOptions.builder().protectedAccounts(Set.of("Alice@Example.test")).build();
    int writes = target.writes().size();

    SyncReport r = engine(protect).run(List.of(corpRule()));

    assertThat(target.writes()).hasSize(writes);
    assertThat(r.outcomeFor(userId("alice")).orElseThrow().step().reason())
        .contains("protected account alice@example.test, never touched");
  }

  @Test
  void aGracePeriodWaitsTheGivenNumberOfRunsBeforeActing() {
    Rule rule = corpRule().toBuilder().grace(Grace.runs(3)).build();
    engine().run(List.of(rule));
    directory.updateUser(userId("zoe"), b -> b.enabled(false));

    PlanStep first = engine().run(List.of(rule)).outcomeFor(userId("zoe")).orElseThrow().step();
    PlanStep second = engine().run(List.of(rule)).outcomeFor(userId("zoe")).orElseThrow().step();
    assertThat(account("zoe@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
    PlanStep third = engine().run(List.of(rule)).outcomeFor(userId("zoe")).orElseThrow().step();

    assertThat(first.kind()).isEqualTo(PlanStep.Kind.WAIT);
    assertThat(first.reason()).contains("(run 1 of 3, ");
    assertThat(second.reason()).contains("(run 2 of 3, ");
    assertThat(third.kind()).isEqualTo(PlanStep.Kind.SUSPEND);
    assertThat(account("zoe@example.test").status()).isEqualTo(AccountStatus.SUSPENDED);
    assertThat(store.ledger().get(userId("zoe")).pending()).isNull();
  }

  @Test
  void aGraceDurationWaitsUntilItHasPassed() {
    Instant t0 = Instant.parse("2026-11-21T10:00:00Z");
    Rule rule = corpRule().toBuilder().grace(Grace.of(Duration.ofDays(2))).build();
    SyncEngine.Builder b =
        SyncEngine.builder()
            .source(directory)
            .evaluator(new SimpleEvaluator())
            .target(target)
            .stateStore(store);
    b.clock(Clock.fixed(t0, ZoneOffset.UTC)).build().run(List.of(rule));
    directory.updateUser(userId("zoe"), u -> u.enabled(false));

    b.clock(Clock.fixed(t0, ZoneOffset.UTC)).build().run(List.of(rule));
    SyncReport dayOne =
        b.clock(Clock.fixed(t0.plus(Duration.ofDays(1)), ZoneOffset.UTC))
            .build()
            .run(List.of(rule));
    assertThat(dayOne.outcomeFor(userId("zoe")).orElseThrow().step().kind())
        .isEqualTo(PlanStep.Kind.WAIT);
    SyncReport dayTwo =
        b.clock(Clock.fixed(t0.plus(Duration.ofDays(2)), ZoneOffset.UTC))
            .build()
            .run(List.of(rule));

    assertThat(dayTwo.outcomeFor(userId("zoe")).orElseThrow().step().kind())
        .isEqualTo(PlanStep.Kind.SUSPEND);
  }

  @Test
  void aUserWhoComesBackDuringTheGracePeriodKeepsTheAccount() {
    Rule rule = corpRule().toBuilder().grace(Grace.runs(2)).build();
    engine().run(List.of(rule));
    directory.updateUser(userId("zoe"), b -> b.enabled(false));
    engine().run(List.of(rule));
    assertThat(store.ledger().get(userId("zoe")).pending()).isNotNull();

    directory.updateUser(userId("zoe"), b -> b.enabled(true));
    engine().run(List.of(rule));

    assertThat(store.ledger().get(userId("zoe")).pending()).isNull();
    assertThat(account("zoe@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aDryRunPlansAndWritesNothing() {
    SyncReport r = engine(SyncOptions.builder().dryRun(true).build()).run(List.of(corpRule()));

    assertThat(r.status()).isEqualTo(SyncReport.Status.DRY_RUN);
    assertThat(r.outcomes()).allMatch(o -> o.result() == StepOutcome.Result.PLANNED);
    assertThat(r.count(StepOutcome.Result.PLANNED).get(PlanStep.Kind.CREATE)).isEqualTo(5);
    assertThat(target.writes()).isEmpty();
    assertThat(store.ledger()).isEmpty();
  }

  @Test
  void planningChangesNothingAndGivesEachStepItsRuleAndReason() {
    Plan plan = engine().plan(List.of(corpRule()));

    assertThat(plan.count(PlanStep.Kind.CREATE)).isEqualTo(5);
    assertThat(plan.count(PlanStep.Kind.SKIP)).isEqualTo(1);
    assertThat(plan.count(PlanStep.Kind.NO_CHANGE))
        .as("carol and dave are disabled without accounts")
        .isEqualTo(2);
    assertThat(plan.steps()).allMatch(s -> "corp".equals(s.ruleId()));
    assertThat(plan.summary()).isEqualTo("plan " + plan.id() + ": 5 create, 2 no change, 1 skip");
    assertThat(target.writes()).isEmpty();
  }

  @Test
  void aRuleWhoseOuIsGoneFailsTheRunUnderAbortAndIsSkippedSafelyUnderContinue() {
    String engId = directory.idOf(ORG.unit("Engineering").dn());
    Rule eng =
        Rule.builder(
                "eng", "Engineering", Scope.container(engId, ORG.unit("Engineering").dn(), true))
            .build();
    Rule sales =
        Rule.builder(
                "sales",
                "Sales",
                Scope.container(
                    directory.idOf(ORG.unit("Sales").dn()), ORG.unit("Sales").dn(), true))
            .build();
    engine().run(List.of(eng, sales));
    directory.deleteContainer(engId);

    SyncReport aborted = engine().run(List.of(eng, sales));

    assertThat(aborted.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(aborted.reason())
        .isEqualTo(
            "rule eng (Engineering) could not be read: container "
                + engId
                + " ("
                + ORG.unit("Engineering").dn()
                + ") no longer exists in the directory");
    SyncReport continued =
        engine(SyncOptions.builder().onRuleFailure(SyncOptions.RuleFailurePolicy.CONTINUE).build())
            .run(List.of(eng, sales));
    assertThat(continued.status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(target.all()).allMatch(a -> a.status() == AccountStatus.ACTIVE);
    assertThat(target.writes()).noneMatch(w -> w.startsWith("suspend") || w.startsWith("delete"));
  }

  @Test
  void aRenamedAndMovedOuKeepsItsRulesUsers() {
    String salesId = directory.idOf(ORG.unit("Sales").dn());
    Rule sales =
        Rule.builder("sales", "Sales", Scope.container(salesId, ORG.unit("Sales").dn(), true))
            .build();
    engine().run(List.of(sales));
    int writes = target.writes().size();

    directory.rename(salesId, "Sales and Marketing");
    directory.move(salesId, directory.idOf(ORG.unit("Engineering").dn()));
    SyncReport r = engine().run(List.of(sales));

    assertThat(r.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(target.writes()).hasSize(writes);
    assertThat(r.count(StepOutcome.Result.DONE).get(PlanStep.Kind.NO_CHANGE)).isEqualTo(2);
  }

  @Test
  void managedAccountsOfAnInactiveRuleAreLeftAloneUnlessUncoveredDeprovisioningIsOn() {
    engine().run(List.of(corpRule()));
    Rule off = corpRule().toBuilder().active(false).build();

    SyncReport kept = engine().run(List.of(off));
    assertThat(kept.outcomes()).allMatch(o -> o.step().kind() == PlanStep.Kind.NO_CHANGE);
    assertThat(kept.outcomes().get(0).step().reason())
        .isEqualTo(
            "no active rule covers this user any more; left as is because deprovisioning uncovered"
                + " accounts is off");

    SyncReport suspended =
        engine(
                SyncOptions.builder()
                    .deprovisionUncovered(true)
                    .threshold(new Threshold(10, 100))
                    .build())
            .run(List.of(off));
    assertThat(suspended.applied(PlanStep.Kind.SUSPEND)).isEqualTo(5);
  }

  @Test
  void accountsUmtDidNotCreateAreNeverDeprovisionedByDefault() {
    target.addExisting(
        "someone.else@example.test", "Some", "One", null, AccountStatus.ACTIVE, true);
    SyncOptions options = SyncOptions.builder().deprovisionUncovered(true).build();

    engine(options).run(List.of(corpRule()));

    assertThat(account("someone.else@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aHigherPriorityRuleDecidesAndSetsTheGroup() {
    Rule corp = corpRule().toBuilder().priority(20).build();
    Rule emea =
        Rule.builder(
                "emea",
                "EMEA",
                Scope.container(
                    directory.idOf(ORG.unit("EMEA").dn()), ORG.unit("EMEA").dn(), false))
            .priority(10)
            .group(GroupRef.path("Staff/EMEA"))
            .build();

    engine().run(List.of(corp, emea));

    assertThat(account("bob@example.test").groupKey()).isEqualTo("g-emea");
    assertThat(account("alice@example.test").groupKey()).isEqualTo("g-staff");
    assertThat(store.ledger().get(userId("bob")).ruleId()).isEqualTo("emea");
  }

  @Test
  void anUnknownTargetGroupSkipsTheUserWithTheGroupNamed() {
    Rule rule = corpRule().toBuilder().group(GroupRef.path("Sales/EMEA")).build();

    SyncReport r = engine().run(List.of(rule));

    assertThat(r.outcomeFor(userId("alice")).orElseThrow().step().reason())
        .isEqualTo("rule corp names target group \"Sales/EMEA\", which does not exist");
    assertThat(target.all()).isEmpty();
  }

  @Test
  void twoRulesWithOneIdAreRefused() {
    assertThatThrownBy(() -> engine().plan(List.of(corpRule(), corpRule())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("two rules have the id corp");
  }

  @Test
  void progressIsReportedForEveryPhase() {
    List<ProgressListener.Phase> phases = new CopyOnWriteArrayList<>();
    List<long[]> apply = new CopyOnWriteArrayList<>();
    SyncEngine.builder()
        .source(directory)
        .evaluator(new SimpleEvaluator())
        .target(target)
        .stateStore(store)
        .progressListener(
            (phase, done, total) -> {
              if (!phases.contains(phase)) {
                phases.add(phase);
              }
              if (phase == ProgressListener.Phase.APPLY) {
                apply.add(new long[] {done, total});
              }
            })
        .build()
        .run(List.of(corpRule()));

    assertThat(phases)
        .containsExactly(
            ProgressListener.Phase.READ_TARGET,
            ProgressListener.Phase.READ_DIRECTORY,
            ProgressListener.Phase.PLAN,
            ProgressListener.Phase.APPLY);
    assertThat(apply.get(apply.size() - 1)).containsExactly(8, 8);
  }

  @Test
  void theRunHistoryRecordsEachRun() {
    engine().run(List.of(corpRule()));
    engine().run(List.of(corpRule()));

    assertThat(store.runs(10))
        .extracting(dev.umt.state.RunRecord::status)
        .containsExactly(SyncReport.Status.COMPLETED, SyncReport.Status.COMPLETED);
    assertThat(store.runs(10).get(0).counts())
        .containsEntry("create.done", 5)
        .containsEntry("skip.done", 1);
  }

  @Test
  void theChangeFeedTokenIsSavedAfterACompleteRunOnly() {
    String before = directory.changeFeed().orElseThrow().currentToken();
    engine().run(List.of(corpRule()));
    assertThat(store.token(SyncEngine.SOURCE_TOKEN)).contains(before);

    directory.updateUser(userId("alice"), b -> b.title("Director"));
    directory.failReadsAfterPages(0);
    engine().run(List.of(corpRule()));
    assertThat(store.token(SyncEngine.SOURCE_TOKEN))
        .as("an incomplete run does not move the checkpoint")
        .contains(before);
  }

  @Test
  void theInMemoryChangeFeedServesChangesAfterATokenAndRefusesATrimmedOne() {
    dev.umt.directory.ChangeFeed feed = directory.changeFeed().orElseThrow();
    String t0 = feed.currentToken();
    String bob = userId("bob");
    directory.updateUser(userId("alice"), b -> b.title("Director"));
    directory.removeUser(bob);

    List<dev.umt.directory.DirectoryChange> changes =
        feed.changesSince(t0).next().stream()
            .filter(c -> !(c instanceof dev.umt.directory.DirectoryChange.GroupChanged))
            .toList();

    assertThat(changes).hasSize(2);
    assertThat(((dev.umt.directory.DirectoryChange.UserChanged) changes.get(0)).user().title())
        .isEqualTo("Director");
    assertThat(((dev.umt.directory.DirectoryChange.UserDeleted) changes.get(1)).userId())
        .isEqualTo(bob);
    assertThat(feed.changesSince(feed.currentToken()).hasNext()).isFalse();
    directory.forgetChangesBefore();
    assertThatThrownBy(() -> feed.changesSince(t0))
        .isInstanceOf(dev.umt.directory.TokenExpiredException.class)
        .hasMessageStartingWith("token " + t0 + " can no longer be served");
  }

  @Test
  void noMoreCallsThanTheConcurrencyAreInFlight() throws Exception {
    engine().run(List.of(corpRule()));
    for (String login : List.of("alice", "bob", "gina", "zoe", "frank")) {
      directory.updateUser(userId(login), b -> b.surname("Changed"));
    }
    java.util.concurrent.atomic.AtomicInteger inFlight =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch two = new java.util.concurrent.CountDownLatch(2);
    dev.umt.target.ProvisioningTarget counting =
        new ForwardingTarget(target) {
          @Override
          public TargetAccount update(String key, dev.umt.target.AccountPatch patch) {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            two.countDown();
            try {
              // Hold the first calls until a second one is in flight: proves calls overlap, without
              // timing.
              two.await(10, java.util.concurrent.TimeUnit.SECONDS);
              return super.update(key, patch);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            } finally {
              inFlight.decrementAndGet();
            }
          }
        };

    SyncReport r =
        SyncEngine.builder()
            .source(directory)
            .evaluator(new SimpleEvaluator())
            .target(counting)
            .stateStore(store)
            .options(SyncOptions.builder().concurrency(2).build())
            .build()
            .run(List.of(corpRule()));

    assertThat(r.applied(PlanStep.Kind.UPDATE)).isEqualTo(5);
    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void anEntryTheSourceCouldNotReadIsReportedAsASkippedStepAndTheRestGoesOn() {
    String bad = "cn=No Login,ou=Sales,ou=Corp,dc=example,dc=test";
    dev.umt.directory.DirectorySource leaving =
        new dev.umt.testkit.ForwardingDirectorySource(directory) {
          @Override
          public dev.umt.PageCursor<dev.umt.directory.ScopedUser> users(Scope scope, int pageSize) {
            dev.umt.PageCursor<dev.umt.directory.ScopedUser> real = super.users(scope, pageSize);
            return new dev.umt.PageCursor<>() {
              @Override
              public boolean hasNext() {
                return real.hasNext();
              }

              @Override
              public List<dev.umt.directory.ScopedUser> next() {
                return real.next();
              }

              @Override
              public boolean isComplete() {
                return real.isComplete();
              }

              @Override
              public String incompleteReason() {
                return real.incompleteReason();
              }

              @Override
              public void close() {
                real.close();
              }

              @Override
              public List<Skipped> skipped() {
                return List.of(
                    new Skipped(bad, "user " + bad + " has no login name (uid) and is skipped"));
              }
            };
          }
        };

    SyncReport r =
        SyncEngine.builder()
            .source(leaving)
            .evaluator(new SimpleEvaluator())
            .target(target)
            .stateStore(store)
            .build()
            .run(List.of(corpRule()));

    assertThat(r.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(r.applied(PlanStep.Kind.CREATE)).isEqualTo(5);
    StepOutcome skipped = r.outcomes().get(0);
    assertThat(skipped.step())
        .isEqualTo(
            new PlanStep.Skip(
                null, bad, "corp", "user " + bad + " has no login name (uid) and is skipped"));
  }

  @Test
  void aMemberRemovedFromTheRulesGroupGetsTheLeaveAction() {
    String team = directory.idOf(ORG.group("Sales Team").dn());
    Rule rule =
        Rule.builder("team", "Sales Team", Scope.group(team, ORG.group("Sales Team").dn(), true))
            .build();
    SyncOptions lenient = SyncOptions.builder().threshold(new Threshold(10, 100)).build();
    engine(lenient).run(List.of(rule));
    assertThat(target.all())
        .extracting(TargetAccount::email)
        .containsExactlyInAnyOrder("alice@example.test", "bob@example.test");

    directory.removeMember(team, userId("alice"));
    SyncReport r = engine(lenient).run(List.of(rule));

    assertThat(r.outcomeFor(userId("alice")).orElseThrow().step().reason())
        .isEqualTo(
            "user left the scope of rule team ("
                + ORG.group("Sales Team").dn()
                + " (nested members))");
    assertThat(account("alice@example.test").status()).isEqualTo(AccountStatus.SUSPENDED);
    assertThat(account("bob@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void anUnreachableDirectoryFailsTheRunUnderAbortAndTheNextRunGoesOn() {
    engine().run(List.of(corpRule()));
    directory.updateUser(userId("alice"), b -> b.surname("Archer-Smith"));
    directory.makeUnreachable(corpId);

    SyncReport failed = engine().run(List.of(corpRule()));

    assertThat(failed.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(failed.reason())
        .isEqualTo(
            "rule corp (Everyone in Corp) could not be read: directory unreachable while reading "
                + ORG.unit("Corp").dn()
                + " (subtree) (injected)");
    assertThat(account("alice@example.test").lastName()).isEqualTo("Archer");

    directory.heal();
    assertThat(engine().run(List.of(corpRule())).status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(account("alice@example.test").lastName()).isEqualTo("Archer-Smith");
  }

  @Test
  void buildingWithoutATargetNamesIt() {
    assertThatThrownBy(
            () ->
                SyncEngine.builder()
                    .source(directory)
                    .evaluator(new SimpleEvaluator())
                    .stateStore(store)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("the sync engine needs a provisioning target");
  }
}
