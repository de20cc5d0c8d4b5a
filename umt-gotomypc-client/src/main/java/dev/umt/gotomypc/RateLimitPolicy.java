package dev.umt.gotomypc;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast the client sends requests: evenly spaced, one every {@code period / requests}, so any
 * sliding window of {@code period} holds at most {@code requests} of them (and any one-second window
 * at most {@code ceil(1 s / spacing)}). Every attempt takes a turn: first tries, retries and token
 * refreshes alike. A caller waits at most {@code maxWait} for its turn before a
 * {@link GoToMyPcRateLimitedException}.
 *
 * <p>The default sends at most 8 requests in any second, 125 ms apart, while the service allows 10:
 * the margin absorbs a delay of up to 250 ms between a request's turn and its arrival (a pause of
 * the JVM, a stalled core, the network), which brings it closer to the next ones, so a normal run
 * never meets an HTTP 429. A margin of one (9 per second) absorbed only 111 ms and met a 429 on a
 * loaded machine.
 *
 * <pre>{@code
 * RateLimitPolicy policy = RateLimitPolicy.perSecond(5);     // 200 ms apart
 * RateLimitPolicy slower = RateLimitPolicy.perSecond(2.5);   // 400 ms apart
 * }</pre>
 *
 * @param requests requests per period, at least 1
 * @param period the period, positive
 * @param maxWait the longest a caller waits for a permit, not negative
 */
public record RateLimitPolicy(int requests, Duration period, Duration maxWait) {
  /** The service's documented limit: 10 requests per second. */
  public static final int SERVICE_LIMIT_PER_SECOND = 10;
  /** At most 8 requests in any second (one every 125 ms), two below the service's limit; waits up to 10 minutes for a turn. */
  public static final RateLimitPolicy DEFAULT = new RateLimitPolicy(SERVICE_LIMIT_PER_SECOND - 2, Duration.ofSeconds(1), Duration.ofMinutes(10));

  public RateLimitPolicy {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(maxWait, "maxWait");
    if (requests < 1) {
      throw new IllegalArgumentException("rate limit requests must be at least 1, not " + requests);
    }
    if (period.isZero() || period.isNegative()) {
      throw new IllegalArgumentException("rate limit period must be positive, not " + period);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("rate limit maxWait must not be negative, not " + maxWait);
    }
  }

  /**
   * {@code requestsPerSecond} evenly spaced, with the default wait; a whole number {@code n} is
   * {@code n} per second, a fraction one request every {@code 1 / requestsPerSecond} seconds.
   *
   * @throws IllegalArgumentException unless {@code 0 < requestsPerSecond <= 1_000_000_000}
   */
  public static RateLimitPolicy perSecond(double requestsPerSecond) {
    if (!(requestsPerSecond > 0) || requestsPerSecond > 1e9) {
      throw new IllegalArgumentException("rate limit requests per second must be more than 0 and at most 1000000000, not " + requestsPerSecond);
    }
    if (requestsPerSecond == Math.rint(requestsPerSecond)) {
      return new RateLimitPolicy((int) requestsPerSecond, Duration.ofSeconds(1), DEFAULT.maxWait());
    }
    return new RateLimitPolicy(1, Duration.ofNanos(Math.round(1e9 / requestsPerSecond)), DEFAULT.maxWait());
  }

  /** The pace in requests per second. */
  public double requestsPerSecond() {
    return requests * 1_000_000_000.0 / period.toNanos();
  }

  /**
   * The least time between two requests: {@code period / requests} rounded up to the nanosecond, so
   * {@code requests + 1} requests never fit in one window of {@code period}.
   */
  public Duration spacing() {
    long nanos = period.toNanos();
    return Duration.ofNanos(nanos / requests + (nanos % requests == 0 ? 0 : 1));
  }
}
