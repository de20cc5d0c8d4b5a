package dev.umt.gotomypc.internal;

import dev.umt.gotomypc.PaceClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code requests} requests in any sliding window of {@code period} <em>as the service
 * counts them</em>: a permit is counted from when it is taken until {@code period} plus a {@link
 * #MARGIN} after its request's response came back (or it failed). The service counts a request when
 * it receives it, which is after the client sent it and before the client sees the answer, so
 * however the network or a stalled JVM delays a request on its way, the requests the service counts
 * in any window of {@code period} all held a permit at once, and there are never more than {@code
 * requests} of those.
 *
 * <p>Why not a pace of evenly spaced permits (this class until issue 12) or Resilience4j's {@code
 * RateLimiter}: both count at the sender. Resilience4j 2.4.0's {@code AtomicRateLimiter} and {@code
 * SemaphoreBasedRateLimiter} cut time into fixed refresh cycles and refill a cycle's permits at its
 * start, so a sliding window sees one permit more than a cycle promises; an even pace keeps the
 * sender's window, but two requests sent one spacing apart can arrive closer together, so the
 * service saw one more than the pace (and the pace had to stay two under the service's limit). Held
 * until the response, a permit needs no such margin: a client can use the service's whole limit.
 *
 * <p>This is the least a client can hold a place and still be safe without knowing when, between
 * its send and its answer, the service counts a request: if a request took a place while {@code
 * requests} others were in flight or answered less than {@code period} ago, the service could have
 * counted all of them within one {@code period} (each of the others late, at its answer or just
 * before the new send; the new one early, as it was sent). Holding less needs knowing more: the
 * service's documented contract says only that it allows 10 requests per second ({@code
 * gotomypc-api.md}: "how the service counts is not documented").
 *
 * <p>Thread-safe. A caller whose place comes free at a known time sleeps until then on the {@link
 * PaceClock} (outside this object's monitor; an answer that comes in meanwhile cannot free a place
 * sooner, since it counts for a whole window from its arrival); a caller that finds every place in
 * flight waits on the monitor until an answer comes in. No order is promised among callers that
 * wait at once. Tests drive the clock with a fake one.
 */
final class Pacer {
  /**
   * Added to the period after each response, for a service that counts its window with a coarse
   * clock.
   */
  static final Duration MARGIN = Duration.ofMillis(10);

  private static final long IN_FLIGHT = Long.MIN_VALUE;

  /**
   * One request's hold on the window: in flight until {@link #release}d, then counted for the
   * window after its response.
   */
  static final class Permit {
    private long released = IN_FLIGHT;
  }

  private final int requests;
  private final long windowNanos;
  private final long maxWaitNanos;
  private final PaceClock clock;

  /** The permits that still count, oldest first; never more than {@code requests}. */
  private final ArrayDeque<Permit> counted = new ArrayDeque<>();

  /** Callers waiting on the monitor for an answer; under the monitor. */
  private int waitingForAnAnswer;

  Pacer(int requests, Duration period, Duration maxWait, PaceClock clock) {
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1, not " + requests);
    }
    this.requests = requests;
    this.windowNanos = period.plus(MARGIN).toNanos();
    this.maxWaitNanos = maxWait.toNanos();
    this.clock = clock;
  }

  /**
   * A permit now, or null when {@code requests} permits still count (in flight, or answered less
   * than a window ago).
   */
  synchronized Permit tryAcquire() {
    long now = clock.nanoTime();
    counted.removeIf(p -> p.released != IN_FLIGHT && now - p.released >= windowNanos);
    if (counted.size() >= requests) {
      return null;
    }
    Permit p = new Permit();
    counted.add(p);
    return p;
  }

  /**
   * How long until a counted permit stops counting: 0 when one is free now, {@link Long#MAX_VALUE}
   * when every counted permit is in flight (only a {@link #release} frees one).
   */
  synchronized long nanosUntilFree() {
    if (counted.size() < requests) {
      return 0;
    }
    long now = clock.nanoTime();
    long least = Long.MAX_VALUE;
    for (Permit p : counted) {
      if (p.released != IN_FLIGHT) {
        least = Math.min(least, Math.max(0, p.released + windowNanos - now));
      }
    }
    return least;
  }

  /**
   * The request of {@code permit} has its answer (or failed): it counts for one window more, then
   * frees its place. Idempotent.
   */
  synchronized void release(Permit permit) {
    if (permit.released == IN_FLIGHT) {
      permit.released = clock.nanoTime();
      notifyAll();
    }
  }

  /** Whether a caller waits for an answer to free a place (for tests). */
  synchronized boolean waitingForAnAnswer() {
    return waitingForAnAnswer > 0;
  }

  /**
   * Waits for a permit, at most the maximum wait.
   *
   * @return the permit, to {@link #release} when the request's answer is in; null when none came
   *     within the maximum wait
   * @throws InterruptedException when interrupted while waiting (nothing is held)
   */
  Permit acquire() throws InterruptedException {
    long start = clock.nanoTime();
    long deadline;
    try {
      deadline = Math.addExact(start, maxWaitNanos);
    } catch (ArithmeticException e) {
      deadline = Long.MAX_VALUE;
    }
    for (; ; ) {
      long wakeAt;
      synchronized (this) {
        Permit p = tryAcquire();
        if (p != null) {
          return p;
        }
        long now = clock.nanoTime();
        if (now >= deadline) {
          return null;
        }
        long free = nanosUntilFree();
        if (free == Long.MAX_VALUE) {
          // Every place is in flight: only an answer frees one (release notifies).
          waitingForAnAnswer++;
          try {
            TimeUnit.NANOSECONDS.timedWait(this, deadline - now);
          } finally {
            waitingForAnAnswer--;
          }
          continue;
        }
        wakeAt = free > deadline - now ? deadline : now + free;
      }
      clock.sleepUntil(wakeAt);
    }
  }
}
