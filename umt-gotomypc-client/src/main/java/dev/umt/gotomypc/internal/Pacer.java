package dev.umt.gotomypc.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

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
 * <p>Thread-safe. Callers wait on this object's monitor; a permit that comes free wakes them all,
 * and one of them takes it (no order is promised among callers that wait at once). The non-blocking
 * core ({@link #tryAcquire}, {@link #nanosUntilFree}, {@link #release}) runs on the given clock, so
 * tests drive it with a fake one.
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
  private final LongSupplier nanoTime;

  /** The permits that still count, oldest first; never more than {@code requests}. */
  private final ArrayDeque<Permit> counted = new ArrayDeque<>();

  Pacer(int requests, Duration period, Duration maxWait) {
    this(requests, period, maxWait, System::nanoTime);
  }

  Pacer(int requests, Duration period, Duration maxWait, LongSupplier nanoTime) {
    if (requests < 1) {
      throw new IllegalArgumentException("requests must be at least 1, not " + requests);
    }
    this.requests = requests;
    this.windowNanos = period.plus(MARGIN).toNanos();
    this.maxWaitNanos = maxWait.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * A permit now, or null when {@code requests} permits still count (in flight, or answered less
   * than a window ago).
   */
  synchronized Permit tryAcquire() {
    long now = nanoTime.getAsLong();
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
    long now = nanoTime.getAsLong();
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
      permit.released = nanoTime.getAsLong();
      notifyAll();
    }
  }

  /**
   * Waits for a permit, at most the maximum wait.
   *
   * @return the permit, to {@link #release} when the request's answer is in; null when none came
   *     within the maximum wait
   * @throws InterruptedException when interrupted while waiting (nothing is held)
   */
  synchronized Permit acquire() throws InterruptedException {
    long deadline = nanoTime.getAsLong() + maxWaitNanos;
    for (; ; ) {
      Permit p = tryAcquire();
      if (p != null) {
        return p;
      }
      long left = deadline - nanoTime.getAsLong();
      if (left <= 0) {
        return null;
      }
      long wait = Math.max(1, Math.min(left, nanosUntilFree()));
      TimeUnit.NANOSECONDS.timedWait(this, wait);
    }
  }
}
