package dev.umt.gotomypc.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.directory.Scope;
import dev.umt.gotomypc.RetryPolicy;
import dev.umt.gotomypc.StandInFixture;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rule.RuleEvaluator;
import dev.umt.state.JsonFileStateStore;
import dev.umt.state.LedgerEntry;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.gotomypc.StandInUser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine over the GoToMyPC target and the stand-in with 20 % of API answers 503: every run's
 * report matches the stand-in's state step by step (a DONE create is an account in its group, a
 * PARTIAL one an account outside it, the ledger holding what the account has), and the runs
 * converge with no duplicate.
 */
class GoToMyPcEngineFaultTest {
  @TempDir Path data;

  private static final RuleEvaluator FIRST_RULE = new FirstRuleInScope();

  @Test
  void withOneAnswerIn5A503EveryReportMatchesTheTargetAndTheRunsConverge() {
    Organisation org = Organisation.standard();
    InMemoryDirectory directory = InMemoryDirectory.of(org);
    String bulkDn = org.unit("Bulk").dn();
    Rule rule =
        Rule.builder(
                "bulk",
                "Bulk",
                Scope.container(directory.idOf(bulkDn), bulkDn, false)
                    .withFilter("(|(mail=bulk000*)(mail=bulk001*)(mail=bulk002*))"))
            .group(GroupRef.path("Sales/EMEA"))
            .build();
    try (StandInFixture fixture = new StandInFixture(GoToMyPcStandIn.builder());
        GoToMyPcTarget target =
            GoToMyPcTarget.builder()
                .company("Example Corp")
                .ownsClient(true)
                .client(
                    fixture
                        .client()
                        .retry(
                            new RetryPolicy(
                                2,
                                Duration.ofMillis(5),
                                2.0,
                                Duration.ofMillis(20),
                                0.5,
                                Duration.ofSeconds(1)))
                        .build())
                .build();
        JsonFileStateStore store = JsonFileStateStore.open(data)) {
      SyncEngine engine =
          SyncEngine.builder()
              .source(directory)
              .evaluator(FIRST_RULE)
              .target(target)
              .stateStore(store)
              .options(SyncOptions.builder().concurrency(1).build())
              .build();
      fixture.standIn.failRandomly(0.2, 503, 8);
      int runs = 0;
      int partial = 0;
      int stopped = 0;
      SyncReport r;
      do {
        r = engine.run(List.of(rule));
        runs++;
        partial +=
            r.count(StepOutcome.Result.PARTIAL).values().stream().mapToInt(Integer::intValue).sum();
        stopped += r.status() == SyncReport.Status.FAILED ? 1 : 0;
        assertReportMatchesTheTarget(r, fixture, store.ledger());
      } while (r.status() != SyncReport.Status.COMPLETED && runs < 40);

      assertThat(r.status())
          .as("converged after %d runs", runs)
          .isEqualTo(SyncReport.Status.COMPLETED);
      List<StandInUser> users = fixture.standIn.users(fixture.company);
      assertThat(users).hasSize(29).extracting(StandInUser::email).doesNotHaveDuplicates();
      assertThat(users)
          .allMatch(
              u -> fixture.emea.equals(u.groupKey()) && u.licenseKeys().contains(fixture.license));
      assertThat(store.ledger())
          .hasSize(29)
          .allSatisfy((id, e) -> assertThat(e.groupKey()).isEqualTo(fixture.emea));
      assertThat(partial + stopped).as("the faults were met").isPositive();
    }
  }

  private static void assertReportMatchesTheTarget(
      SyncReport r, StandInFixture fixture, Map<String, LedgerEntry> ledger) {
    for (StepOutcome o : r.outcomes()) {
      PlanStep s = o.step();
      LedgerEntry entry = ledger.get(s.userId());
      String email =
          s instanceof PlanStep.Create c
              ? c.account().email()
              : entry == null ? null : entry.email();
      Optional<StandInUser> user =
          email == null ? Optional.empty() : fixture.standIn.user(fixture.company, email);
      switch (o.result()) {
        case DONE -> {
          if (s.kind() != PlanStep.Kind.NO_CHANGE) {
            assertThat(user).as("%s %s is DONE", s.kind(), email).isPresent();
            assertThat(user.get().groupKey())
                .as("%s %s is DONE", s.kind(), email)
                .isEqualTo(fixture.emea);
            assertThat(entry).as("ledger of %s", email).isNotNull();
            assertThat(entry.accountKey()).isEqualTo(user.get().key());
          }
        }
        case PARTIAL -> {
          assertThat(user).as("%s %s is PARTIAL", s.kind(), email).isPresent();
          assertThat(entry.groupKey())
              .as("the ledger holds the group %s really has", email)
              .isNull();
          assertThat(o.message()).contains("created without [groupKey]");
        }
        case FAILED, NOT_ATTEMPTED -> {
          if (s.kind() == PlanStep.Kind.CREATE) {
            assertThat(entry)
                .as("a create that is %s writes no ledger entry for %s", o.result(), email)
                .isNull();
          } else if (entry != null && user.isPresent()) {
            assertThat(user.get().groupKey())
                .as("%s %s is %s", s.kind(), email, o.result())
                .isNotEqualTo(fixture.emea);
          }
        }
        default -> throw new AssertionError("unexpected result " + o);
      }
    }
  }
}
