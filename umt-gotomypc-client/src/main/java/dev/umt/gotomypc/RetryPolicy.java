package dev.umt.gotomypc;

import java.time.Duration;
import java.util.Objects;

/**
 * When the client tries a request again: on HTTP 429, 502, 503, 504 and I/O errors (a reset
 * connection, a timeout), never on 400, 401, 403, 404 or 409. Each retry is a new HTTP call. The
 * wait honours a {@code Retry-After} header (seconds or an HTTP date) up to {@code maxRetryAfter};
 * a longer {@code Retry-After} ends the retries at once. Without the header the wait is {@code
 * initialBackoff * multiplier^(retry-1)}, capped at {@code maxBackoff}, then randomised by plus or
 * minus {@code jitter} (0.5 means anywhere from half to one and a half times).
 *
 * <pre>{@code
 * RetryPolicy policy =
 *     new RetryPolicy(
 *         3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.5, Duration.ofMinutes(1));
 * }</pre>
 *
 * @param maxAttempts attempts in all, including the first; 1 means no retry
 * @param initialBackoff the wait before the first retry
 * @param multiplier the growth of the wait per retry, at least 1
 * @param maxBackoff the longest wait computed by backoff
 * @param jitter the random spread of a wait, from 0 (none) to 1
 * @param maxRetryAfter the longest {@code Retry-After} honoured
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    double multiplier,
    Duration maxBackoff,
    double jitter,
    Duration maxRetryAfter) {
  /** 5 attempts, 0.5 s doubling up to 30 s, jitter 0.5, {@code Retry-After} up to 2 minutes. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          5, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 0.5, Duration.ofMinutes(2));

  /** A single attempt. */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, 0.0, Duration.ZERO);

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "retry maxAttempts must be at least 1, not " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("retry durations must not be negative");
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("retry multiplier must be at least 1, not " + multiplier);
    }
    if (jitter < 0.0 || jitter > 1.0) {
      throw new IllegalArgumentException("retry jitter must be between 0 and 1, not " + jitter);
    }
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry) without {@code Retry-After},
   * before jitter.
   */
  public Duration backoff(int retry) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, retry - 1));
    return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
  }
}
