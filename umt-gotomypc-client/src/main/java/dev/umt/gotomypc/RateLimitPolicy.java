package dev.umt.gotomypc;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast the client sends requests: at most {@code requests} in any sliding window of {@code
 * period} <em>as the service counts them</em>. Each attempt (first tries, retries and token
 * refreshes alike) holds a place from when it is sent until {@code period} (plus 10 ms) after its
 * answer came back; the service counts a request between the two, so no delay on the way (a pause
 * of the JVM, a stalled core, the network) can put more than {@code requests} into one of its
 * windows. A caller waits at most {@code maxWait} for its turn before a {@link
 * GoToMyPcRateLimitedException}.
 *
 * <p>The default is the service's documented limit, 10 requests in any second. The window counts
 * from the answer, so a request's latency lowers the pace a little: at 50 ms per request, 10
 * requests every 1.06 s. (Until issue 12 the client spaced its requests evenly when it sent them
 * and had to stay two under the limit, at 8 per second, because a late request could land next to
 * the following one at the service.)
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

  /**
   * At most the service's 10 requests in any second as the service counts them; waits up to 10
   * minutes for a turn.
   */
  public static final RateLimitPolicy DEFAULT =
      new RateLimitPolicy(SERVICE_LIMIT_PER_SECOND, Duration.ofSeconds(1), Duration.ofMinutes(10));

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
      throw new IllegalArgumentException(
          "rate limit requests per second must be more than 0 and at most 1000000000, not "
              + requestsPerSecond);
    }
    if (requestsPerSecond == Math.rint(requestsPerSecond)) {
      return new RateLimitPolicy((int) requestsPerSecond, Duration.ofSeconds(1), DEFAULT.maxWait());
    }
    return new RateLimitPolicy(
        1, Duration.ofNanos(Math.round(1e9 / requestsPerSecond)), DEFAULT.maxWait());
  }

  /** The pace in requests per second. */
  public double requestsPerSecond() {
    return requests * 1_000_000_000.0 / period.toNanos();
  }

  /**
   * The mean time between two requests at the full pace: {@code period / requests} rounded up to
   * the nanosecond. The client does not space its requests by it (a window holds {@code requests}
   * at once); it is for estimates, such as how long a number of requests takes at least.
   */
  public Duration spacing() {
    long nanos = period.toNanos();
    return Duration.ofNanos(nanos / requests + (nanos % requests == 0 ? 0 : 1));
  }
}
