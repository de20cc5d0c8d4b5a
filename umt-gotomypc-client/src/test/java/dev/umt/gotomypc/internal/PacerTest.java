package dev.umt.gotomypc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.gotomypc.PaceClock;
import dev.umt.gotomypc.RateLimitPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pacer on a test clock: a window of {@code requests} places, each held from the send until a
 * period (plus the margin) after the answer; and, simulated with random delays on the way to the
 * service and back, never more than the limit in any sliding second as the service counts arrivals.
 */
class PacerTest {
  private static final long MS = 1_000_000L;
  private static final long WINDOW = 1_000 * MS + Pacer.MARGIN.toNanos();
  private final AtomicLong now = new AtomicLong(5_000 * MS);
  private final List<Long> sleeps = new ArrayList<>();
  private final PaceClock clock =
      new PaceClock() {
        @Override
        public long nanoTime() {
          return now.get();
        }

        @Override
        public void sleepUntil(long deadline) {
          synchronized (sleeps) {
            sleeps.add(deadline - now.get());
          }
          now.accumulateAndGet(deadline, Math::max);
        }
      };

  @Test
  void holdsEachPlaceFromTheSendUntilAWindowAfterTheAnswer() {
    Pacer pacer = new Pacer(3, Duration.ofSeconds(1), Duration.ofMinutes(1), clock);
    Pacer.Permit a = pacer.tryAcquire();
    Pacer.Permit b = pacer.tryAcquire();
    Pacer.Permit c = pacer.tryAcquire();
    assertThat(List.of(a, b, c)).doesNotContainNull();
    assertThat(pacer.tryAcquire()).as("three places, all in flight").isNull();
    assertThat(pacer.nanosUntilFree()).as("only an answer frees a place").isEqualTo(Long.MAX_VALUE);
    now.addAndGet(50 * MS);
    pacer.release(b);
    assertThat(pacer.nanosUntilFree())
        .as("b's answer counts for a window from now")
        .isEqualTo(WINDOW);
    now.addAndGet(WINDOW - 1);
    assertThat(pacer.tryAcquire()).as("one nanosecond short of the window").isNull();
    assertThat(pacer.nanosUntilFree()).isEqualTo(1);
    now.addAndGet(1);
    assertThat(pacer.tryAcquire()).as("b's place is free").isNotNull();
    assertThat(pacer.tryAcquire()).isNull();
    pacer.release(a);
    pacer.release(a);
    assertThat(pacer.nanosUntilFree()).as("a second release changes nothing").isEqualTo(WINDOW);
  }

  @Test
  void aBurstUpToTheLimitGoesAtOnceAndAnIdlePacerHoldsNothing() {
    Pacer pacer = new Pacer(10, Duration.ofSeconds(1), Duration.ofMinutes(1), clock);
    List<Pacer.Permit> permits = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      permits.add(pacer.tryAcquire());
    }
    assertThat(permits).doesNotContainNull();
    assertThat(pacer.tryAcquire()).isNull();
    permits.forEach(pacer::release);
    now.addAndGet(WINDOW);
    assertThat(pacer.nanosUntilFree()).isZero();
    for (int i = 0; i < 10; i++) {
      assertThat(pacer.tryAcquire()).isNotNull();
    }
  }

  @Test
  void refusesWhenNoPlaceComesWithinTheMaximumWait() throws InterruptedException {
    Pacer pacer = new Pacer(1, Duration.ofSeconds(1), Duration.ZERO, clock);
    assertThat(pacer.acquire()).isNotNull();
    assertThat(pacer.acquire()).as("no wait allowed, the one place is in flight").isNull();
  }

  @Test
  void aCallerSleepsOnThePaceClockExactlyUntilAPlaceComesFree() throws InterruptedException {
    Pacer pacer = new Pacer(2, Duration.ofSeconds(1), Duration.ofMinutes(1), clock);
    Pacer.Permit a = pacer.acquire();
    Pacer.Permit b = pacer.acquire();
    now.addAndGet(30 * MS);
    pacer.release(a);
    now.addAndGet(20 * MS);
    pacer.release(b);
    long aFree = 5_030 * MS + WINDOW;
    assertThat(pacer.acquire()).isNotNull();
    assertThat(now.get()).as("woke when a's place came free, not later").isEqualTo(aFree);
    assertThat(pacer.acquire()).isNotNull();
    assertThat(now.get()).isEqualTo(aFree + 20 * MS);
    assertThat(sleeps).containsExactly(WINDOW - 20 * MS, 20 * MS);
  }

  @Test
  void aCallerGivesUpAtItsMaximumWaitOnThePaceClock() throws InterruptedException {
    Pacer pacer = new Pacer(1, Duration.ofSeconds(1), Duration.ofMillis(400), clock);
    pacer.release(pacer.acquire());
    long start = now.get();
    assertThat(pacer.acquire()).as("the place comes free after the maximum wait").isNull();
    assertThat(now.get() - start).isEqualTo(400 * MS);
  }

  @Test
  void aCallerFindingEveryPlaceInFlightWaitsForAnAnswerNotForTime() throws Exception {
    Pacer pacer = new Pacer(1, Duration.ofSeconds(1), Duration.ofMinutes(1), clock);
    Pacer.Permit held = pacer.acquire();
    java.util.concurrent.CompletableFuture<Pacer.Permit> next =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return pacer.acquire();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    // The waiter cannot finish before the answer: no place frees at a known time.
    while (!pacer.waitingForAnAnswer()) {
      Thread.onSpinWait();
    }
    assertThat(next).isNotDone();
    assertThat(sleeps).as("nothing slept: no time would free a place in flight").isEmpty();
    now.addAndGet(70 * MS);
    pacer.release(held);
    assertThat(next.get(1, java.util.concurrent.TimeUnit.MINUTES)).isNotNull();
    assertThat(now.get()).isEqualTo(5_070 * MS + WINDOW);
  }

  /**
   * Four callers send 2,000 requests as fast as the default lets them, each reaching the service
   * after a random delay (0 to 400 ms: a pause, a stalled core) and answered after a random
   * latency; the service counts arrivals. An event simulation on the test clock, so it is the same
   * every run.
   */
  @Test
  void theDefaultNeverPutsMoreThanTheServiceLimitIntoAnySecondAsTheServiceCountsArrivals() {
    Pacer pacer =
        new Pacer(
            RateLimitPolicy.DEFAULT.requests(),
            RateLimitPolicy.DEFAULT.period(),
            Duration.ofMinutes(10),
            clock);
    Random random = new Random(12);
    record Answer(long at, Pacer.Permit permit) {}
    PriorityQueue<Answer> inFlight = new PriorityQueue<>((x, y) -> Long.compare(x.at(), y.at()));
    List<Long> arrivals = new ArrayList<>();
    List<Long> answers = new ArrayList<>();
    int sent = 0;
    long start = now.get();
    while (sent < 2_000) {
      Pacer.Permit p = inFlight.size() < 4 ? pacer.tryAcquire() : null;
      if (p != null) {
        long arrival = now.get() + random.nextInt(400) * MS;
        arrivals.add(arrival);
        long answer = arrival + (1 + random.nextInt(100)) * MS;
        answers.add(answer);
        inFlight.add(new Answer(answer, p));
        sent++;
        continue;
      }
      long free = pacer.nanosUntilFree();
      long next =
          Math.min(
              inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek().at(),
              free == Long.MAX_VALUE ? Long.MAX_VALUE : now.get() + free);
      assertThat(next).as("something frees a place").isLessThan(Long.MAX_VALUE);
      now.set(Math.max(now.get(), next));
      if (free == 0 && inFlight.size() >= 4) {
        now.set(Math.max(now.get(), inFlight.peek().at()));
      }
      while (!inFlight.isEmpty() && inFlight.peek().at() <= now.get()) {
        pacer.release(inFlight.poll().permit());
      }
    }
    assertThat(maxInAnySecond(arrivals)).isEqualTo(RateLimitPolicy.SERVICE_LIMIT_PER_SECOND);
    assertThat(maxInAnySecond(answers))
        .as("a service that counts a request when it answers it sees no more")
        .isEqualTo(RateLimitPolicy.SERVICE_LIMIT_PER_SECOND);
    // And the pace stays close to the limit: 2,000 requests, 10 per window of one second after the
    // answers.
    assertThat((now.get() - start) / 1e9).isBetween(200.0, 2_000 / 10 * 1.5);
    // An even pace of one request every 100 ms, with the same delays on the way, let the service
    // see more.
    List<Long> even = new ArrayList<>();
    Random again = new Random(12);
    for (int i = 0; i < 2_000; i++) {
      even.add(i * 100 * MS + again.nextInt(400) * MS);
    }
    assertThat(maxInAnySecond(even)).isGreaterThan(RateLimitPolicy.SERVICE_LIMIT_PER_SECOND);
  }

  /**
   * The most instants within any half-open window of one second: the fullest window ends at one of
   * them.
   */
  static int maxInAnySecond(List<Long> instants) {
    List<Long> sorted = instants.stream().sorted().toList();
    int max = 0;
    int first = 0;
    for (int last = 0; last < sorted.size(); last++) {
      while (sorted.get(last) - sorted.get(first) >= 1_000 * MS) {
        first++;
      }
      max = Math.max(max, last - first + 1);
    }
    return max;
  }
}
