package dev.umt.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.AccountRejectedException;
import dev.umt.AuthenticationException;
import dev.umt.Plan;
import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.TemporaryFailureException;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.rule.Grace;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rule.Threshold;
import dev.umt.state.JsonFileStateStore;
import dev.umt.state.LedgerEntry;
import dev.umt.state.RunRecord;
import dev.umt.target.AccountPatch;
import dev.umt.target.AccountStatus;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.target.TargetAccount;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.InMemoryTarget;
import dev.umt.testkit.Organisation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine reports what really happened: partial steps, withheld steps, shared emails, stops by
 * category, summaries, field limits.
 */
class SyncEngineTruthTest {
  private static final Organisation ORG = Organisation.contested();

  @TempDir Path data;
  InMemoryDirectory directory;
  InMemoryTarget target;
  JsonFileStateStore store;

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
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private String id(String unit) {
    return directory.idOf(ORG.unit(unit).dn());
  }

  private Rule ouRule(String ruleId, String unit, int priority, String groupPath) {
    return Rule.builder(
            ruleId, "Everyone in " + unit, Scope.container(id(unit), ORG.unit(unit).dn(), true))
        .priority(priority)
        .group(GroupRef.path(groupPath))
        .build();
  }

  private Rule corpRule() {
    return ouRule("corp", "Corp", 2, "Staff");
  }

  /** Sales Team (alice, bob, erin) into EMEA, before the Corp rule. */
  private Rule salesTeamRule() {
    String dn = ORG.group("Sales Team").dn();
    return Rule.builder("sales-team", "Sales Team", Scope.group(directory.idOf(dn), dn, true))
        .priority(1)
        .group(GroupRef.path("Staff/EMEA"))
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

  private StepOutcome outcome(SyncReport r, String login) {
    return r.outcomeFor(userId(login)).orElseThrow();
  }

  // --- 8.1: a step is DONE only when all of it happened ---

  @Test
  void
      anAccountCreatedWithoutItsGroupIsPartialTheLedgerHoldsWhatItHasAndTheNextRunFinishesTheJob() {
    target.failGroupFor(
        "alice@example.test",
        new TemporaryFailureException("GoToMyPC answered 503 after 4 attempts"));

    SyncReport r = engine().run(List.of(corpRule()));

    String key = account("alice@example.test").key();
    assertThat(r.status()).isEqualTo(SyncReport.Status.COMPLETED_WITH_ERRORS);
    assertThat(outcome(r, "alice"))
        .extracting(StepOutcome::result, StepOutcome::message)
        .containsExactly(
            StepOutcome.Result.PARTIAL,
            "account "
                + key
                + " created without [groupKey]: the group g-staff could not be set: GoToMyPC"
                + " answered 503 after 4 attempts");
    assertThat(store.ledger().get(userId("alice")).groupKey())
        .as("the ledger holds the group the account really has")
        .isNull();
    assertThat(r.count(StepOutcome.Result.DONE).get(PlanStep.Kind.CREATE)).isEqualTo(4);

    target.heal();
    SyncReport next = engine().run(List.of(corpRule()));

    assertThat(next.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(outcome(next, "alice").step()).isInstanceOf(PlanStep.Update.class);
    assertThat(((PlanStep.Update) outcome(next, "alice").step()).changes().fields())
        .containsExactly("groupKey");
    assertThat(account("alice@example.test").groupKey()).isEqualTo("g-staff");
    assertThat(store.ledger().get(userId("alice")).groupKey()).isEqualTo("g-staff");
  }

  /**
   * A target where alice's account appears (invited by hand) between the plan and the create, in no
   * group, unlicensed; updates of it then throw {@code updateFailure} when not null.
   */
  private ForwardingTarget aliceInvitedDuringTheRun(RuntimeException updateFailure) {
    return new ForwardingTarget(target) {
      @Override
      public List<CreateResult> create(List<NewAccount> accounts) {
        if (accounts.stream().anyMatch(a -> a.email().equals("alice@example.test"))
            && target.byEmail("alice@example.test").isEmpty()) {
          TargetAccount byHand =
              target.addExisting(
                  "alice@example.test", "Al", "Archer", null, AccountStatus.ACTIVE, false);
          if (updateFailure != null) {
            target.failFor(byHand.key(), updateFailure);
          }
        }
        return super.create(accounts);
      }
    };
  }

  private SyncEngine engineOver(dev.umt.target.ProvisioningTarget t) {
    return SyncEngine.builder()
        .source(directory)
        .evaluator(new SimpleEvaluator())
        .target(t)
        .stateStore(store)
        .build();
  }

  @Test
  void aChangeAppliedWhoseLedgerWriteWasLostIsCaughtUpByTheNextRunWithoutACall() {
    engine().run(List.of(corpRule()));
    String alice = userId("alice");
    LedgerEntry before = store.ledger().get(alice);
    // The directory renames alice and the target already has the new name (the update of a run
    // that crashed, or whose answer was lost, before its ledger write), so nothing is left to send.
    directory.updateUser(alice, u -> u.surname("Renamed"));
    target.update(before.accountKey(), new AccountPatch(null, null, "Renamed", null, null));
    int calls = target.calls();

    SyncReport r = engine().run(List.of(corpRule()));

    assertThat(outcome(r, "alice").step()).isInstanceOf(PlanStep.NoChange.class);
    assertThat(outcome(r, "alice").result()).isEqualTo(StepOutcome.Result.DONE);
    assertThat(target.calls())
        .as("no call: the account already is what the directory says")
        .isEqualTo(calls);
    LedgerEntry after = store.ledger().get(alice);
    assertThat(after.lastName()).as("the ledger catches up with the account").isEqualTo("Renamed");
    assertThat(after)
        .isEqualTo(
            new LedgerEntry(
                before.userId(),
                before.accountKey(),
                before.email(),
                before.firstName(),
                "Renamed",
                before.groupKey(),
                before.licensed(),
                before.status(),
                before.ruleId(),
                before.managedSince(),
                null));
  }

  @Test
  void alreadyExistsIsDoneOnlyOnceTheAccountIsWhatTheStepWanted() {
    SyncReport r = engineOver(aliceInvitedDuringTheRun(null)).run(List.of(corpRule()));

    TargetAccount alice = account("alice@example.test");
    assertThat(outcome(r, "alice"))
        .extracting(StepOutcome::result, StepOutcome::message)
        .containsExactly(
            StepOutcome.Result.DONE,
            "account " + alice.key() + " already existed; adopted and set to the wanted values");
    assertThat(alice)
        .isEqualTo(
            new TargetAccount(
                alice.key(),
                "alice@example.test",
                "Alice",
                "Archer",
                "g-staff",
                AccountStatus.ACTIVE,
                true));
    assertThat(store.ledger().get(userId("alice")).groupKey()).isEqualTo("g-staff");
  }

  @Test
  void anExistingAccountThatCannotBeSetIsNotDoneAndTheNextRunAdoptsIt() {
    SyncEngine engine =
        engineOver(aliceInvitedDuringTheRun(new AccountRejectedException("the account is locked")));

    SyncReport r = engine.run(List.of(corpRule()));

    String key = account("alice@example.test").key();
    assertThat(outcome(r, "alice"))
        .extracting(StepOutcome::result, StepOutcome::message)
        .containsExactly(
            StepOutcome.Result.FAILED,
            "the account is locked; account "
                + key
                + " already existed and could not be set to the wanted values, so it is not adopted"
                + " yet");
    assertThat(store.ledger()).doesNotContainKey(userId("alice"));
    assertThat(r.status()).isEqualTo(SyncReport.Status.COMPLETED_WITH_ERRORS);

    target.heal();
    SyncReport next = engine.run(List.of(corpRule()));
    assertThat(outcome(next, "alice").step().kind()).isEqualTo(PlanStep.Kind.ADOPT);
    assertThat(account("alice@example.test").groupKey()).isEqualTo("g-staff");
    assertThat(store.ledger().get(userId("alice")).accountKey()).isEqualTo(key);
  }

  // --- 9.4: failures by category ---

  @Test
  void revokedCredentialsStopTheApplyAfterAHandfulOfCallsOutOf10000() {
    InMemoryDirectory big = InMemoryDirectory.empty("dc=big,dc=test");
    String ou = big.addContainer("People", big.rootId());
    for (int i = 0; i < 10_000; i++) {
      big.addUser(
          ou,
          DirectoryUser.builder("u" + i, "cn=u" + i + ",ou=People,dc=big,dc=test", "u" + i)
              .email("u" + i + "@big.test")
              .givenName("U")
              .surname("N" + i)
              .enabled(true));
    }
    InMemoryTarget counting = InMemoryTarget.builder().batchSize(1).build();
    counting.failEverything(
        new AuthenticationException("GoToMyPC refused the refresh token: invalid_grant"));
    Rule rule =
        Rule.builder("people", "People", Scope.container(ou, "ou=People,dc=big,dc=test", false))
            .build();
    SyncEngine engine =
        SyncEngine.builder()
            .source(big)
            .evaluator(new SimpleEvaluator())
            .target(counting)
            .stateStore(store)
            .build();

    SyncReport r = engine.run(List.of(rule));

    int calls = counting.calls();
    assertThat(calls)
        .as("calls in flight when the first failed finish; nothing else starts")
        .isBetween(1, 4);
    assertThat(r.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(r.reason())
        .matches(
            "the apply stopped after "
                + calls
                + " of 10000 target step\\(s\\): create of cn=u\\d+,ou=People,dc=big,dc=test "
                + "failed: GoToMyPC refused the refresh token: invalid_grant");
    assertThat(r.count(StepOutcome.Result.NOT_ATTEMPTED).get(PlanStep.Kind.CREATE))
        .isEqualTo(10_000 - calls);
    assertThat(r.count(StepOutcome.Result.FAILED).get(PlanStep.Kind.CREATE)).isEqualTo(calls);
    assertThat(store.token(SyncEngine.SOURCE_TOKEN))
        .as("the checkpoint stays where it was")
        .isEmpty();
    assertThat(store.runs(1))
        .extracting(RunRecord::status)
        .containsExactly(SyncReport.Status.FAILED);
  }

  @Test
  void aTargetThatStaysUnavailableStopsTheApplyButOneRejectedAccountFailsAlone() {
    target.failFor(
        "alice@example.test",
        new AccountRejectedException("email alice@example.test is on a blocklist"));

    SyncReport r = engine(SyncOptions.builder().concurrency(1).build()).run(List.of(corpRule()));

    assertThat(r.status()).isEqualTo(SyncReport.Status.COMPLETED_WITH_ERRORS);
    assertThat(outcome(r, "alice").result()).isEqualTo(StepOutcome.Result.FAILED);
    assertThat(r.count(StepOutcome.Result.DONE).get(PlanStep.Kind.CREATE)).isEqualTo(4);

    directory.updateUser(userId("bob"), b -> b.surname("Brown-Smith"));
    directory.updateUser(userId("gina"), b -> b.surname("Green-Smith"));
    directory.updateUser(userId("zoe"), b -> b.surname("Ł"));
    target.failEverything(new TemporaryFailureException("GoToMyPC answered 503 after 4 attempts"));

    SyncReport stopped =
        engine(SyncOptions.builder().concurrency(1).build()).run(List.of(corpRule()));

    assertThat(stopped.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(stopped.reason()).endsWith("failed: GoToMyPC answered 503 after 4 attempts");
    assertThat(stopped.failures()).hasSize(1);
    assertThat(
            stopped.count(StepOutcome.Result.NOT_ATTEMPTED).values().stream()
                .mapToInt(Integer::intValue)
                .sum())
        .isEqualTo(3);
  }

  @Test
  void aTargetThatCannotBeReadGivesARecordedFailedReport() {
    target.failReads(new TemporaryFailureException("GoToMyPC answered 502 after 4 attempts"));

    SyncReport r = engine().run(List.of(corpRule()));

    assertThat(r.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(r.reason())
        .isEqualTo(
            "the target's accounts could not be read: GoToMyPC answered 502 after 4 attempts");
    assertThat(store.runs(1))
        .extracting(RunRecord::status, RunRecord::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                SyncReport.Status.FAILED,
                "the target's accounts could not be read: GoToMyPC answered 502 after 4 attempts"));
  }

  // --- 8.2: nothing moves on an incomplete read ---

  /** First a complete run: alice and bob (Sales Team) in EMEA, the others in Staff. */
  private void salesTeamInEmea() {
    SyncReport first = engine().run(List.of(salesTeamRule(), corpRule()));
    assertThat(first.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(account("bob@example.test").groupKey()).isEqualTo("g-emea");
    directory.updateUser(userId("gina"), b -> b.surname("Green-Smith"));
  }

  private void assertBobStaysInEmea(SyncReport r, String incompleteReason) {
    assertThat(r.status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(r.reason()).contains(incompleteReason);
    assertThat(outcome(r, "bob"))
        .extracting(StepOutcome::result, StepOutcome::message)
        .containsExactly(
            StepOutcome.Result.WITHHELD,
            "withheld: rule sales-team, which comes before rule corp, was not read completely, so"
                + " rule corp may not be the one that decides this user");
    assertThat(account("bob@example.test").groupKey()).isEqualTo("g-emea");
    assertThat(store.ledger().get(userId("bob")).ruleId()).isEqualTo("sales-team");
    assertThat(outcome(r, "gina").result())
        .as("gina too may be in the rule that was not read")
        .isEqualTo(StepOutcome.Result.WITHHELD);
    assertThat(account("gina@example.test").lastName()).isEqualTo("Green");
  }

  @Test
  void aHigherPriorityRuleThatCouldNotBeReadWithholdsTheLowerRulesSteps() {
    salesTeamInEmea();
    directory.makeUnreachable(directory.idOf(ORG.group("Sales Team").dn()));

    SyncReport r =
        engine(SyncOptions.builder().onRuleFailure(SyncOptions.RuleFailurePolicy.CONTINUE).build())
            .run(List.of(salesTeamRule(), corpRule()));

    assertBobStaysInEmea(
        r, "rule sales-team (Sales Team) could not be read: directory unreachable while reading");
    assertThat(outcome(r, "alice").result()).isEqualTo(StepOutcome.Result.WITHHELD);
  }

  @Test
  void aSizeLimitOnTheHigherPriorityRuleWithholdsTheLowerRulesSteps() {
    salesTeamInEmea();
    directory.truncateReads(directory.idOf(ORG.group("Sales Team").dn()), 1, "size limit exceeded");

    SyncReport r =
        engine(SyncOptions.builder().pageSize(1).build()).run(List.of(salesTeamRule(), corpRule()));

    assertBobStaysInEmea(r, "rule sales-team: size limit exceeded after 1 page(s) of ");
    assertThat(outcome(r, "alice").step().ruleId())
        .as("alice was read by sales-team, which decides her")
        .isEqualTo("sales-team");
    assertThat(outcome(r, "alice").result()).isEqualTo(StepOutcome.Result.DONE);
  }

  @Test
  void aTimeLimitOnTheHigherPriorityRuleWithholdsTheLowerRulesSteps() {
    salesTeamInEmea();
    directory.truncateReads(directory.idOf(ORG.group("Sales Team").dn()), 1, "time limit exceeded");

    SyncReport r =
        engine(SyncOptions.builder().pageSize(1).build()).run(List.of(salesTeamRule(), corpRule()));

    assertBobStaysInEmea(r, "rule sales-team: time limit exceeded after 1 page(s) of ");
  }

  @Test
  void anIncompleteLowerPriorityRuleWithholdsOnlyDeprovisioning() {
    salesTeamInEmea();
    directory.truncateReads(id("Corp"), 1, "size limit exceeded");

    SyncReport r =
        engine(SyncOptions.builder().pageSize(1).build()).run(List.of(salesTeamRule(), corpRule()));

    assertThat(r.status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(outcome(r, "bob").result()).isEqualTo(StepOutcome.Result.DONE);
    assertThat(r.outcomes())
        .filteredOn(o -> o.result() == StepOutcome.Result.WITHHELD)
        .isNotEmpty()
        .allMatch(
            o ->
                o.step().kind().deprovisions()
                    && o.message().equals("withheld: the directory read was incomplete"));
  }

  // --- 8.5: shared emails ---

  private Rule salesRule(int priority) {
    return ouRule("sales", "Sales", priority, "Staff");
  }

  private Rule engRule(int priority) {
    return ouRule("eng", "Engineering", priority, "Staff");
  }

  @Test
  void aSharedEmailCreatesNoAccountForAnyClaimantWhateverTheReadingOrder() {
    int order = 0;
    for (List<Rule> rules :
        List.of(List.of(salesRule(1), engRule(2)), List.of(salesRule(2), engRule(1)))) {
      InMemoryTarget fresh = InMemoryTarget.builder().group("g-staff", "Staff", null).build();
      try (JsonFileStateStore freshStore =
          JsonFileStateStore.open(data.resolve("order-" + order++))) {
        SyncReport r =
            SyncEngine.builder()
                .source(directory)
                .evaluator(new SimpleEvaluator())
                .target(fresh)
                .stateStore(freshStore)
                .build()
                .run(rules);

        assertThat(fresh.byEmail("shared@example.test")).isEmpty();
        assertThat(outcome(r, "hank").step())
            .isEqualTo(
                new PlanStep.Skip(
                    userId("hank"),
                    ORG.user("hank").dn(),
                    "sales",
                    "email shared@example.test is also the email of user "
                        + userId("ivy")
                        + "; none of them gets or adopts an account in it until the directory gives"
                        + " each their own"));
        assertThat(outcome(r, "ivy").step().reason())
            .isEqualTo(
                "email Shared@Example.test is also the email of user "
                    + userId("hank")
                    + "; none of them gets or adopts an account in it until the directory gives"
                    + " each their own");
        assertThat(r.emailConflicts())
            .containsExactly(
                new Plan.EmailConflict(
                    "shared@example.test",
                    java.util.stream.Stream.of(userId("hank"), userId("ivy")).sorted().toList()));
        assertThat(r.status()).isEqualTo(SyncReport.Status.COMPLETED);
        assertThat(freshStore.ledger()).doesNotContainKeys(userId("hank"), userId("ivy"));
      }
    }
  }

  @Test
  void aSharedEmailNeverAdoptsAnExistingAccountAndOneAlreadyHeldStaysWithItsHolder() {
    target.addExisting("shared@example.test", "Someone", "Else", null, AccountStatus.ACTIVE, false);
    SyncReport first = engine().run(List.of(salesRule(1), engRule(2)));
    assertThat(outcome(first, "hank").step().kind()).isEqualTo(PlanStep.Kind.SKIP);
    assertThat(store.ledger()).doesNotContainKeys(userId("hank"), userId("ivy"));

    directory.updateUser(userId("ivy"), b -> b.email("ivy@example.test"));
    engine().run(List.of(salesRule(1), engRule(2)));
    assertThat(store.ledger().get(userId("hank")).email()).isEqualTo("shared@example.test");
    directory.updateUser(userId("ivy"), b -> b.email("SHARED@example.test"));
    int writes = target.writes().size();

    SyncReport r = engine().run(List.of(salesRule(1), engRule(2)));

    String key = store.ledger().get(userId("hank")).accountKey();
    assertThat(outcome(r, "hank").step().reason())
        .endsWith("; account " + key + " stays with this user, untouched");
    assertThat(outcome(r, "ivy").step().kind()).isEqualTo(PlanStep.Kind.SKIP);
    assertThat(target.writes())
        .as("ivy's old account keeps its email; nothing is written")
        .hasSize(writes);
    assertThat(store.ledger().get(userId("hank")).accountKey()).isEqualTo(key);
    assertThat(r.emailConflicts()).hasSize(1);
  }

  // --- 8.6: summaries ---

  @Test
  void theSummaryCountsWhatWasPlannedDoneAndNotDoneByKindForEveryStatus() {
    Rule corp = corpRule();
    SyncReport dry = engine(SyncOptions.builder().dryRun(true).build()).run(List.of(corp));
    assertThat(dry.summary())
        .isEqualTo(
            "DRY_RUN (plan "
                + dry.planId()
                + "): planned 10 (create=5, no change=2, skip=3); done 0; partial 0; "
                + "failed 0; held 0; withheld 0; not attempted 0; shared emails 1");

    target.failGroupFor("alice@example.test", new TemporaryFailureException("503"));
    target.failFor("bob@example.test", new AccountRejectedException("bob is refused"));
    SyncReport run = engine().run(List.of(corp));
    assertThat(run.summary())
        .isEqualTo(
            "COMPLETED_WITH_ERRORS (plan "
                + run.planId()
                + "): planned 10 (create=5, no change=2, skip=3); done 8 (create=3, no change=2,"
                + " skip=3); partial 1 (create=1); failed 1 (create=1); held 0; withheld 0; not"
                + " attempted 0; shared emails 1");
    target.heal();
    engine().run(List.of(corp));

    directory.updateUser(userId("gina"), b -> b.enabled(false));
    directory.updateUser(userId("zoe"), b -> b.enabled(false));
    SyncReport held =
        engine(SyncOptions.builder().threshold(new Threshold(1, 100)).build()).run(List.of(corp));
    assertThat(held.summary())
        .isEqualTo(
            "HELD (plan "
                + held.planId()
                + "): planned 10 (suspend=2, no change=5, skip=3); done 0; partial 0; failed 0;"
                + " held 10 (suspend=2, no change=5, skip=3); withheld 0; not attempted 0; shared"
                + " emails 1: held for approval of plan "
                + held.planId()
                + ": 2 deprovisioning steps exceed the limit of 1");
  }

  @Test
  void theRunRecordCountsEveryStepPlannedAndItsResultByKind() {
    target.failGroupFor("alice@example.test", new TemporaryFailureException("503"));

    engine().run(List.of(corpRule()));

    assertThat(store.runs(1).get(0).counts())
        .isEqualTo(
            Map.of(
                "create.planned",
                5,
                "create.done",
                4,
                "create.partial",
                1,
                "no_change.planned",
                2,
                "no_change.done",
                2,
                "skip.planned",
                3,
                "skip.done",
                3));
  }

  // --- 9.6: field limits and control characters ---

  @Test
  void valuesOverTheTargetsLimitsOrWithControlCharactersAreSkippedNamingTheField() {
    directory.updateUser(userId("alice"), b -> b.givenName("\u001b[31mAlice"));
    directory.updateUser(userId("bob"), b -> b.surname("Brown\r\nInjected: yes"));
    directory.updateUser(userId("zoe"), b -> b.givenName("Z".repeat(10_000)));
    directory.updateUser(userId("gina"), b -> b.email("g".repeat(288) + "@example.test"));
    directory.updateUser(userId("frank"), b -> b.surname("O'Brien\u0085"));

    SyncReport r = engine().run(List.of(corpRule()));

    assertThat(outcome(r, "alice").step().reason())
        .isEqualTo(
            "first name holds the control character U+001B at position 1; values with control"
                + " characters are refused, not sent to the target");
    assertThat(outcome(r, "bob").step().reason())
        .isEqualTo(
            "last name holds the control character U+000D at position 6; values with control"
                + " characters are refused, not sent to the target");
    assertThat(outcome(r, "zoe").step().reason())
        .isEqualTo("first name is 10000 characters long, more than the 64 the target takes");
    assertThat(outcome(r, "gina").step().reason())
        .isEqualTo("email is 301 characters long, more than the 254 the target takes");
    assertThat(outcome(r, "frank").step().reason())
        .isEqualTo(
            "last name holds the control character U+0085 at position 8; values with control"
                + " characters are refused, not sent to the target");
    for (String login : List.of("alice", "bob", "zoe", "gina", "frank")) {
      assertThat(outcome(r, login).step()).isInstanceOf(PlanStep.Skip.class);
      assertThat(outcome(r, login).step().subject()).isEqualTo(directory.userByLogin(login).dn());
    }
    assertThat(target.all()).isEmpty();
  }

  @Test
  void aFieldOverTheLimitLeavesAnExistingAccountAsItIs() {
    engine().run(List.of(corpRule()));
    directory.updateUser(userId("alice"), b -> b.surname("A".repeat(65)));

    SyncReport r = engine().run(List.of(corpRule()));

    assertThat(outcome(r, "alice").step().reason())
        .isEqualTo("last name is 65 characters long, more than the 64 the target takes");
    assertThat(account("alice@example.test").lastName()).isEqualTo("Archer");
    assertThat(account("alice@example.test").status()).isEqualTo(AccountStatus.ACTIVE);
  }

  @Test
  void aValueTheAccountAlreadyHoldsIsNotRefusedOnlyAChangedOneThatWouldBeSent() {
    engine().run(List.of(corpRule()));
    String key = account("alice@example.test").key();
    // The account got, outside UMT, the first name the directory now holds too: nothing is sent.
    target.update(key, new AccountPatch(null, "\u001b[31mAlice", null, null, null));
    directory.updateUser(userId("alice"), b -> b.givenName("\u001b[31mAlice"));

    SyncReport same = engine().run(List.of(corpRule()));

    assertThat(outcome(same, "alice").step().kind()).isEqualTo(PlanStep.Kind.NO_CHANGE);

    // Another field changes: only it is sent, and it is a value the target takes.
    directory.updateUser(userId("alice"), b -> b.surname("Archer-Smith"));

    SyncReport changed = engine().run(List.of(corpRule()));

    assertThat(outcome(changed, "alice").step())
        .isEqualTo(
            new PlanStep.Update(
                userId("alice"),
                directory.userByLogin("alice").dn(),
                "corp",
                outcome(changed, "alice").step().reason(),
                key,
                new AccountPatch(null, null, "Archer-Smith", null, null)));
    assertThat(account("alice@example.test").lastName()).isEqualTo("Archer-Smith");

    // A changed value with a control character would be sent: it is refused.
    directory.updateUser(userId("alice"), b -> b.surname("Archer\u0007"));

    SyncReport refused = engine().run(List.of(corpRule()));

    assertThat(outcome(refused, "alice").step().reason())
        .isEqualTo(
            "last name holds the control character U+0007 at position 7; values with control"
                + " characters are refused, not sent to the target");
    assertThat(account("alice@example.test").lastName()).isEqualTo("Archer-Smith");
  }

  // --- 9.5: the plan is the whole truth ---

  @Test
  void thePlanCarriesEveryLedgerWriteIncludingLedgerOnlyOnes() {
    Rule corp =
        corpRule().toBuilder()
            .onDisabled(dev.umt.rule.DeprovisionAction.SUSPEND)
            .grace(Grace.runs(2))
            .build();
    engine().run(List.of(corp));
    directory.updateUser(userId("gina"), b -> b.enabled(false));

    Plan plan = engine().plan(List.of(corp, salesTeamRule()));

    PlanStep wait =
        plan.steps().stream()
            .filter(s -> userId("gina").equals(s.userId()))
            .findFirst()
            .orElseThrow();
    assertThat(wait.kind()).isEqualTo(PlanStep.Kind.WAIT);
    LedgerEntry.Pending pending = plan.ledgerWrites().get(wait).put().pending();
    assertThat(pending.action()).isEqualTo(dev.umt.rule.DeprovisionAction.SUSPEND);
    assertThat(pending.runs()).isEqualTo(1);
    PlanStep bob =
        plan.steps().stream()
            .filter(s -> userId("bob").equals(s.userId()))
            .findFirst()
            .orElseThrow();
    assertThat(bob.kind()).isEqualTo(PlanStep.Kind.UPDATE);
    assertThat(plan.ledgerWrites().get(bob).put().ruleId()).isEqualTo("sales-team");
    assertThat(plan.ledgerWrites().get(bob).put().groupKey()).isEqualTo("g-emea");
    PlanStep alice =
        plan.steps().stream()
            .filter(s -> userId("alice").equals(s.userId()))
            .findFirst()
            .orElseThrow();
    assertThat(plan.ledgerWrites()).containsKey(alice);
    assertThat(plan.withheld()).isEmpty();
    assertThat(Set.copyOf(plan.steps())).hasSameSizeAs(plan.steps());
  }
}
