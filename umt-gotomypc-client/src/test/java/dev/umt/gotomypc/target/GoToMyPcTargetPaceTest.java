package dev.umt.gotomypc.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.gotomypc.StandInFixture;
import dev.umt.target.AccountPatch;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.gotomypc.StandInRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The default pace against a stand-in that answers 429 to the 11th request in any sliding second:
 * 1,600 accounts created and 80 updated by 4 concurrent callers, through token refreshes (8-second
 * access tokens) and retried 503s, meet no 429 and never fill a window past the limit.
 */
class GoToMyPcTargetPaceTest {
  private static final int CALLERS = 4;
  private static final int BATCHES_PER_CALLER = 4;
  private static final int UPDATES_PER_CALLER = 20;

  @Test
  void fourCallersCreatingAndUpdatingNeverSendMoreThanTheLimitInAnySecond() throws Exception {
    try (StandInFixture fixture =
            new StandInFixture(GoToMyPcStandIn.builder().tokenLifetime(Duration.ofSeconds(8)));
        GoToMyPcTarget target =
            GoToMyPcTarget.builder()
                .client(fixture.client().build())
                .company("Example Corp")
                .ownsClient(true)
                .build()) {
      fixture.standIn.failNext(3, 503);
      ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
      List<Future<List<CreateResult>>> work = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        int caller = c;
        work.add(
            callers.submit(
                () -> {
                  List<CreateResult> results = new ArrayList<>();
                  for (int b = 0; b < BATCHES_PER_CALLER; b++) {
                    List<NewAccount> batch = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                      String who = "c" + caller + "b" + b + "u" + i;
                      batch.add(
                          new NewAccount(
                              who + "@pace.example.test",
                              "First-" + who,
                              "Last-" + who,
                              i % 20 == 0 ? fixture.emea : null,
                              i % 2 == 0,
                              false));
                    }
                    results.addAll(target.create(batch));
                  }
                  for (int u = 0; u < UPDATES_PER_CALLER; u++) {
                    target.update(
                        results.get(u * 17).key(),
                        new AccountPatch(null, null, "Renamed-" + caller + "-" + u, null, null));
                  }
                  return results;
                }));
      }
      List<CreateResult> all = new ArrayList<>();
      for (Future<List<CreateResult>> f : work) {
        all.addAll(f.get());
      }
      callers.shutdown();

      GoToMyPcStandIn standIn = fixture.standIn;
      assertThat(all)
          .hasSize(1_600)
          .extracting(CreateResult::outcome)
          .containsOnly(CreateResult.Outcome.CREATED);
      assertThat(standIn.users(fixture.company)).hasSize(1_600);
      assertThat(
              standIn.users(fixture.company).stream()
                  .filter(u -> fixture.emea.equals(u.groupKey())))
          .hasSize(80);
      assertThat(
              standIn.users(fixture.company).stream()
                  .filter(u -> u.lastName().startsWith("Renamed-")))
          .hasSize(CALLERS * UPDATES_PER_CALLER);
      List<StandInRequest> requests = standIn.requests();
      assertThat(requests.stream().filter(r -> r.status() == 503))
          .as("the injected 503s were retried")
          .hasSize(3);
      assertThat(requests.stream().filter(r -> r.path().equals("/oauth/token")).count())
          .as("access tokens were refreshed during the run")
          .isGreaterThan(1);
      assertThat(standIn.tooManyRequestsCount()).isZero();
      assertThat(standIn.maxRequestsInAnySecond()).isBetween(1, 10);
    }
  }
}
