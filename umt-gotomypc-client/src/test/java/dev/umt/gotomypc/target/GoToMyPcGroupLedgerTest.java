package dev.umt.gotomypc.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.directory.Scope;
import dev.umt.gotomypc.FakePaceClock;
import dev.umt.gotomypc.StandInFixture;
import dev.umt.gotomypc.UserChanges;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rule.RuleEvaluator;
import dev.umt.state.JsonFileStateStore;
import dev.umt.state.LedgerEntry;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.gotomypc.StandInRequest;
import dev.umt.testkit.gotomypc.StandInUser;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group PUT is sent once: a create whose PUT failed is PARTIAL and its ledger entry holds no
 * group, and the next run sends a PUT only for the accounts the service still holds outside the
 * group (one whose PUT applied although its answer was lost is left alone, and the ledger catches
 * up with it); a run after that sends nothing. The engine over the target and the stand-in, both on
 * a fake pace clock.
 */
class GoToMyPcGroupLedgerTest {
  @TempDir Path data;

  private static final RuleEvaluator IN_SCOPE = new FirstRuleInScope();

  @Test
  void aGroupPutIsSentOnlyWhileTheAccountIsOutsideTheGroup() {
    Organisation org = Organisation.standard();
    InMemoryDirectory directory = InMemoryDirectory.of(org);
    String bulkDn = org.unit("Bulk").dn();
    Rule rule =
        Rule.builder(
                "bulk",
                "Bulk",
                Scope.container(directory.idOf(bulkDn), bulkDn, false)
                    .withFilter("(mail=bulk000*)"))
            .group(GroupRef.path("Sales/EMEA"))
            .build();
    FakePaceClock clock = new FakePaceClock(0);
    try (StandInFixture fixture =
            new StandInFixture(GoToMyPcStandIn.builder().rateClock(clock::nanoTime));
        GoToMyPcTarget target =
            GoToMyPcTarget.builder()
                .company("Example Corp")
                .ownsClient(true)
                .client(fixture.client().paceClock(clock).build())
                .build();
        JsonFileStateStore store = JsonFileStateStore.open(data)) {
      SyncEngine engine =
          SyncEngine.builder()
              .source(directory)
              .evaluator(IN_SCOPE)
              .target(target)
              .stateStore(store)
              .options(SyncOptions.builder().concurrency(1).build())
              .build();
      GoToMyPcStandIn standIn = fixture.standIn;
      standIn.failCalls("PUT", ".*/users/[^/]+", 1_000, 400);

      SyncReport first = engine.run(List.of(rule));

      assertThat(first.outcomes())
          .hasSize(9)
          .allSatisfy(
              o -> {
                assertThat(o.step().kind()).isEqualTo(PlanStep.Kind.CREATE);
                assertThat(o.result()).isEqualTo(StepOutcome.Result.PARTIAL);
                assertThat(o.message()).contains("created without [groupKey]");
              });
      assertThat(store.ledger().values()).extracting(LedgerEntry::groupKey).containsOnlyNulls();
      // The PUTs of four accounts applied although their answers were lost.
      standIn.clearCallFaults();
      List<StandInUser> created = standIn.users(fixture.company);
      Set<String> applied =
          created.subList(0, 4).stream().map(StandInUser::key).collect(Collectors.toSet());
      applied.forEach(
          k -> target.company().updateUser(k, UserChanges.NONE.withGroupKey(fixture.emea)));
      int before = standIn.requests().size();

      SyncReport second = engine.run(List.of(rule));

      List<StandInRequest> writes = writesSince(standIn, before);
      Set<String> others =
          created.subList(4, 9).stream().map(StandInUser::key).collect(Collectors.toSet());
      assertThat(writes)
          .as("one PUT for each account still outside the group, nothing else")
          .hasSize(5)
          .allSatisfy(r -> assertThat(r.method()).isEqualTo("PUT"))
          .extracting(r -> r.path().substring(r.path().lastIndexOf('/') + 1))
          .containsExactlyInAnyOrderElementsOf(others);
      assertThat(second.status()).isEqualTo(SyncReport.Status.COMPLETED);
      assertThat(standIn.users(fixture.company))
          .extracting(StandInUser::groupKey)
          .containsOnly(fixture.emea);
      assertThat(store.ledger().values())
          .as("the ledger caught up with the four as well")
          .extracting(LedgerEntry::groupKey)
          .containsOnly(fixture.emea);
      int afterSecond = standIn.requests().size();

      SyncReport third = engine.run(List.of(rule));

      assertThat(writesSince(standIn, afterSecond)).isEmpty();
      assertThat(third.status()).isEqualTo(SyncReport.Status.COMPLETED);
    }
  }

  private static List<StandInRequest> writesSince(GoToMyPcStandIn standIn, int from) {
    List<StandInRequest> all = standIn.requests();
    return all.subList(from, all.size()).stream()
        .filter(r -> r.path().startsWith("/admin/") && !r.method().equals("GET"))
        .toList();
  }
}
