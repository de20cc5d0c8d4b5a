package dev.umt.gotomypc.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.gotomypc.FakePaceClock;
import dev.umt.gotomypc.RetryPolicy;
import dev.umt.gotomypc.StandInFixture;
import dev.umt.target.AccountPatch;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.gotomypc.StandInRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The default pace against a stand-in that answers 429 to the 11th request in any sliding second,
 * both on one fake clock ({@link FakePaceClock}): time moves only when a paced request sleeps until
 * its place comes free, so nothing here waits in real time, and where the stand-in counts a request
 * is exactly where the pace let it go.
 */
class GoToMyPcTargetPaceTest {
  private static final long START = 1_000_000_000_000L;
  private static final long WINDOW = Duration.ofMillis(1_010).toNanos();

  /** Retries at once: the retry's own wait is real time, not the pace's. */
  private static final RetryPolicy NO_WAIT =
      new RetryPolicy(4, Duration.ZERO, 1.0, Duration.ZERO, 0.0, Duration.ZERO);

  private final FakePaceClock clock = new FakePaceClock(START);
  private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

  /** The stand-in's rate clock: the fake clock, noting each API request's arrival. */
  private LongSupplier arrivalClock(Runnable onArrival) {
    return () -> {
      long now = clock.nanoTime();
      arrivals.add(now);
      onArrival.run();
      return now;
    };
  }

  private static NewAccount account(String who, String groupKey, boolean licensed) {
    return new NewAccount(
        who + "@pace.example.test", "First-" + who, "Last-" + who, groupKey, licensed, false);
  }

  /**
   * One caller, one request at a time: every request, token calls included, takes one of the 10
   * places, and each place comes free a window (1 s + 10 ms) after its answer, which on the fake
   * clock is the instant it was sent. So the k-th request reaches the service at exactly {@code k /
   * 10} windows after the first: 10 at a time, never an 11th in a second.
   */
  @Test
  void oneCallerSendsTenRequestsPerWindowExactly() {
    try (StandInFixture fixture =
            new StandInFixture(GoToMyPcStandIn.builder().rateClock(arrivalClock(() -> {})));
        GoToMyPcTarget target =
            GoToMyPcTarget.builder()
                .client(fixture.client().paceClock(clock).retry(NO_WAIT).build())
                .company("Example Corp")
                .maxConcurrency(1)
                .ownsClient(true)
                .build()) {
      List<NewAccount> accounts = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        accounts.add(account("u" + i, i % 50 == 0 ? fixture.emea : null, true));
      }

      List<CreateResult> results = target.create(accounts);

      assertThat(results)
          .extracting(CreateResult::outcome)
          .containsOnly(CreateResult.Outcome.CREATED);
      List<StandInRequest> requests = fixture.standIn.requests();
      String company = "/admin/rest/v1/accounts/" + fixture.company;
      List<String> sent = requests.stream().map(r -> r.method() + " " + r.path()).toList();
      List<String> expected = new ArrayList<>();
      expected.add("POST /oauth/token");
      expected.add("GET /admin/rest/v1/me");
      expected.add("GET " + company + "/licenses");
      expected.add("GET " + company + "/users");
      expected.addAll(Collections.nCopies(10, "POST " + company + "/users"));
      expected.add("GET " + company + "/users/" + results.get(0).key());
      for (int i = 0; i < 1_000; i += 50) {
        expected.add("PUT " + company + "/users/" + results.get(i).key());
      }
      assertThat(sent).containsExactlyElementsOf(expected);
      List<Long> expectedArrivals = new ArrayList<>();
      for (int k = 0; k < requests.size(); k++) {
        if (requests.get(k).path().startsWith("/admin/")) {
          expectedArrivals.add(START + (k / 10) * WINDOW);
        }
      }
      assertThat(arrivals).containsExactlyElementsOf(expectedArrivals);
      assertThat(clock.nanoTime()).isEqualTo(START + (requests.size() - 1) / 10 * WINDOW);
      assertThat(fixture.standIn.tooManyRequestsCount()).isZero();
      assertThat(fixture.standIn.maxRequestsInAnySecond()).isEqualTo(10);
    }
  }

  /**
   * Four callers, each creating 400 accounts in batches of 100 (20 to put in a group) and updating
   * 20, through the target's own concurrent batches and PUTs, three 503s retried and the access
   * token expiring half way: the service, counting on the same clock, sees at most 10 requests in
   * any second, and the pace used all 10.
   */
  @Test
  void fourCallersCreatingAndUpdatingNeverSendMoreThanTheLimitInAnySecond() throws Exception {
    AtomicInteger apiRequests = new AtomicInteger();
    AtomicReference<GoToMyPcStandIn> service = new AtomicReference<>();
    try (StandInFixture fixture =
            new StandInFixture(
                GoToMyPcStandIn.builder()
                    .rateClock(
                        arrivalClock(
                            () -> {
                              if (apiRequests.incrementAndGet() == 150) {
                                service.get().expireAccessTokens();
                              }
                            })));
        GoToMyPcTarget target =
            GoToMyPcTarget.builder()
                .client(fixture.client().paceClock(clock).retry(NO_WAIT).build())
                .company("Example Corp")
                .ownsClient(true)
                .build()) {
      service.set(fixture.standIn);
      fixture.standIn.failNext(3, 503);
      ExecutorService callers = Executors.newFixedThreadPool(4);
      List<Future<List<CreateResult>>> work = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        int caller = c;
        work.add(
            callers.submit(
                () -> {
                  List<CreateResult> results = new ArrayList<>();
                  for (int b = 0; b < 4; b++) {
                    List<NewAccount> batch = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                      batch.add(
                          account(
                              "c" + caller + "b" + b + "u" + i,
                              i % 20 == 0 ? fixture.emea : null,
                              i % 2 == 0));
                    }
                    results.addAll(target.create(batch));
                  }
                  for (int u = 0; u < 20; u++) {
                    target.update(
                        results.get(u * 17).key(),
                        new AccountPatch(null, null, "Renamed-" + caller + "-" + u, null, null));
                  }
                  return results;
                }));
      }
      List<CreateResult> all = new ArrayList<>();
      for (Future<List<CreateResult>> f : work) {
        all.addAll(f.get(10, TimeUnit.MINUTES));
      }
      callers.shutdown();

      GoToMyPcStandIn s = fixture.standIn;
      assertThat(all)
          .hasSize(1_600)
          .extracting(CreateResult::outcome)
          .containsOnly(CreateResult.Outcome.CREATED);
      assertThat(s.users(fixture.company)).hasSize(1_600);
      assertThat(s.users(fixture.company).stream().filter(u -> fixture.emea.equals(u.groupKey())))
          .hasSize(80);
      assertThat(s.users(fixture.company).stream().filter(u -> u.lastName().startsWith("Renamed-")))
          .hasSize(80);
      List<StandInRequest> requests = s.requests();
      assertThat(requests.stream().filter(r -> r.status() == 503))
          .as("the injected 503s were retried")
          .hasSize(3);
      assertThat(requests.stream().filter(r -> r.status() == 401))
          .as("the expired access token was refused")
          .isNotEmpty();
      assertThat(requests.stream().filter(r -> r.path().equals("/oauth/token")).count())
          .as("and refreshed")
          .isGreaterThan(1);
      assertThat(s.tooManyRequestsCount()).isZero();
      // Never more than the limit. Whether some second holds exactly 10 depends on how the four
      // threads are scheduled around the fake clock's jumps (CI saw 9 once), so it is not asserted
      // here; the single caller's test above pins every arrival instant, a full 10 per second.
      assertThat(s.maxRequestsInAnySecond()).isLessThanOrEqualTo(10);
      assertThat(PacerCheck.maxInAnyWindow(arrivals, 1_000_000_000L)).isLessThanOrEqualTo(10);
      assertThat(clock.sleeps()).as("the callers waited for places on the fake clock").isPositive();
    }
  }

  /** The most instants within any half-open window. */
  static final class PacerCheck {
    static int maxInAnyWindow(List<Long> instants, long window) {
      List<Long> sorted;
      synchronized (instants) {
        sorted = instants.stream().sorted().toList();
      }
      int max = 0;
      int first = 0;
      for (int last = 0; last < sorted.size(); last++) {
        while (sorted.get(last) - sorted.get(first) >= window) {
          first++;
        }
        max = Math.max(max, last - first + 1);
      }
      return max;
    }
  }
}
