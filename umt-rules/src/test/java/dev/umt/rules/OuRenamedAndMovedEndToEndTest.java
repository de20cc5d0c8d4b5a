package dev.umt.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.state.JsonFileStateStore;
import dev.umt.target.AccountStatus;
import dev.umt.target.TargetAccount;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.InMemoryTarget;
import dev.umt.testkit.Organisation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain of this module in a run of the lead's engine over the test kit's in-memory
 * directory and target: a rule set read from a JSON file, this evaluator, options combined from the
 * stores. Renaming and moving the rule's OU keeps its users' accounts; deleting it fails the run
 * with an error naming the rule and its OU instead of deprovisioning everyone.
 */
class OuRenamedAndMovedEndToEndTest {
  static final Organisation ORG = Organisation.standard();
  static final String SALES_DN = "ou=Sales,ou=Corp,dc=example,dc=test";

  @TempDir Path data;
  InMemoryDirectory directory;
  InMemoryTarget target;
  JsonFileStateStore store;
  String salesId;
  RuleSet rules;

  @BeforeEach
  void setUp() throws Exception {
    directory = InMemoryDirectory.of(ORG);
    target =
        InMemoryTarget.builder()
            .group("g-sales", "Sales", null)
            .group("g-emea", "EMEA", "g-sales")
            .build();
    store = JsonFileStateStore.open(data.resolve("state"));
    salesId = directory.idOf(SALES_DN);
    Path file = data.resolve("rules.json");
    Files.writeString(
        file,
        """
        {
          "version": 1,
          "rules": [
            {
              "id": "sales",
              "name": "Sales",
              "priority": 10,
              "source": {"kind": "CONTAINER", "id": "%s", "dn": "%s", "recursive": true},
              "target": {"group": "Sales/EMEA"},
              "mapping": {"email": "${mail:lower}", "firstName": "${givenName}", "lastName": "${sn}"},
              "onLeave": "SUSPEND"
            }
          ]
        }
        """
            .formatted(salesId, SALES_DN));
    rules = RuleSetFile.open(file, target.groups()).load();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  SyncEngine engine(GlobalOptions global) {
    SyncOptions options = Options.syncOptions(global, LocalOptionsStore.open(data).load()).build();
    return SyncEngine.builder()
        .source(directory)
        .evaluator(DefaultRuleEvaluator.create())
        .target(target)
        .stateStore(store)
        .options(options)
        .build();
  }

  TargetAccount account(String email) {
    return target.byEmail(email).orElseThrow(() -> new AssertionError("no account " + email));
  }

  @Test
  void anOuRenamedAndMovedKeepsItsRulesUsers() {
    SyncReport first = engine(GlobalOptions.defaults()).run(rules.activeRules());
    assertThat(first.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(target.all())
        .extracting(TargetAccount::email)
        .containsExactlyInAnyOrder("alice@example.test", "bob@example.test");
    assertThat(account("bob@example.test").groupKey()).isEqualTo("g-emea");
    String erin = directory.userByLogin("erin").id();
    assertThat(first.outcomeFor(erin).orElseThrow().step().reason())
        .isEqualTo(
            "user cn=Erin Evans,"
                + SALES_DN
                + ": no value for email: template ${mail:lower} is empty (rule \"sales\")");
    int writes = target.writes().size();

    directory.rename(salesId, "Sales and Marketing");
    directory.move(salesId, directory.rootId());
    String newSalesDn = "ou=Sales and Marketing,dc=example,dc=test";
    assertThat(directory.findById(salesId).orElseThrow().dn()).isEqualTo(newSalesDn);

    SyncReport second =
        engine(GlobalOptions.builder().deprovisionUncovered(true).build()).run(rules.activeRules());

    assertThat(second.status()).isEqualTo(SyncReport.Status.COMPLETED);
    assertThat(second.outcomes())
        .extracting(o -> o.step().kind())
        .noneMatch(PlanStep.Kind::deprovisions)
        .doesNotContain(PlanStep.Kind.CREATE);
    assertThat(target.writes()).as("nothing written to the target").hasSize(writes);
    assertThat(target.all()).extracting(TargetAccount::status).containsOnly(AccountStatus.ACTIVE);
    String bob = directory.userByLogin("bob").id();
    StepOutcome bobs = second.outcomeFor(bob).orElseThrow();
    assertThat(bobs.step().kind()).isEqualTo(PlanStep.Kind.NO_CHANGE);
    assertThat(bobs.step().reason())
        .isEqualTo(
            "rule \"sales\" (priority 10) decides for cn=Bob Brown,ou=EMEA,"
                + newSalesDn
                + ": in "
                + newSalesDn
                + " > ou=EMEA,"
                + newSalesDn);
  }

  @Test
  void aDeletedOuFailsTheRunNamingTheRuleAndItsOuInsteadOfDeprovisioning() {
    engine(GlobalOptions.defaults()).run(rules.activeRules());
    int writes = target.writes().size();

    directory.deleteContainer(salesId);
    SyncReport aborted =
        engine(GlobalOptions.builder().deprovisionUncovered(true).build()).run(rules.activeRules());

    assertThat(aborted.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(aborted.reason())
        .isEqualTo(
            "rule sales (Sales) could not be read: container "
                + salesId
                + " ("
                + SALES_DN
                + ") no longer exists in the directory");
    assertThat(target.writes()).hasSize(writes);
    assertThat(target.all()).extracting(TargetAccount::status).containsOnly(AccountStatus.ACTIVE);

    // Told to go on with the other rules, the run still deprovisions nothing: the read was
    // incomplete.
    SyncReport continued =
        engine(
                GlobalOptions.builder()
                    .deprovisionUncovered(true)
                    .onRuleFailure(SyncOptions.RuleFailurePolicy.CONTINUE)
                    .build())
            .run(rules.activeRules());
    assertThat(continued.status()).isEqualTo(SyncReport.Status.HELD);
    assertThat(continued.reason())
        .contains("container " + salesId + " (" + SALES_DN + ") no longer exists in the directory");
    assertThat(target.writes()).hasSize(writes);
    assertThat(target.all()).extracting(TargetAccount::status).containsOnly(AccountStatus.ACTIVE);
  }
}
