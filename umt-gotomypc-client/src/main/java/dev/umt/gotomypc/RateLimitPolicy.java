package dev.umt.gotomypc;

import java.time.Duration;
import java.util.Objects;

/**
 * How fast the client sends API requests: at most {@code requests} per {@code period}, spread
 * evenly (one every {@code period / requests}), with a caller waiting at most {@code maxWait} for
 * its turn before a {@link GoToMyPcRateLimitedException}. The default paces at the documented
 * 10 requests per second, so a normal run never sees an HTTP 429.
 *
 * <pre>{@code
 * RateLimitPolicy policy = RateLimitPolicy.perSecond(5);
 * }</pre>
 *
 * @param requests requests per period, at least 1
 * @param period the period, positive
 * @param maxWait the longest a caller waits for a permit, not negative
 */
public record RateLimitPolicy(int requests, Duration period, Duration maxWait) {
  /** 10 requests per second, waiting up to 10 minutes for a turn. */
  public static final RateLimitPolicy DEFAULT = new RateLimitPolicy(10, Duration.ofSeconds(1), Duration.ofMinutes(10));

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

  /** {@code requests} per second, with the default wait. */
  public static RateLimitPolicy perSecond(int requests) {
    return new RateLimitPolicy(requests, Duration.ofSeconds(1), DEFAULT.maxWait());
  }

  /** The pace in requests per second. */
  public double requestsPerSecond() {
    return requests * 1_000_000_000.0 / period.toNanos();
  }
}
