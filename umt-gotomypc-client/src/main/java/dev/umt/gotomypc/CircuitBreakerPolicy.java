package dev.umt.gotomypc;

import java.time.Duration;
import java.util.Objects;

/**
 * When the client stops calling a service that is down. Over the last {@code windowSize} calls
 * (once at least {@code minimumCalls} were made), when {@code failureRatePercent} percent or more
 * failed (5xx, I/O error, timeout, malformed response), the circuit opens: calls fail at once with
 * {@link GoToMyPcUnavailableException} for {@code openDuration}, then a few trial calls decide
 * whether it closes again. Client errors (4xx) count as successes: the service answered. A 429
 * counts as neither (the rate limiter and the retries deal with it). Each attempt of a retried call
 * counts. Token endpoint calls are not counted.
 *
 * @param failureRatePercent failure rate that opens the circuit, 1 to 100
 * @param windowSize calls the rate is computed over, at least 1
 * @param minimumCalls calls needed before the rate counts, at least 1
 * @param openDuration how long the circuit stays open
 */
public record CircuitBreakerPolicy(
    int failureRatePercent, int windowSize, int minimumCalls, Duration openDuration) {
  /** Opens at 50 % failures over the last 20 calls (at least 10), for 30 seconds. */
  public static final CircuitBreakerPolicy DEFAULT =
      new CircuitBreakerPolicy(50, 20, 10, Duration.ofSeconds(30));

  public CircuitBreakerPolicy {
    Objects.requireNonNull(openDuration, "openDuration");
    if (failureRatePercent < 1 || failureRatePercent > 100) {
      throw new IllegalArgumentException(
          "circuit breaker failureRatePercent must be 1 to 100, not " + failureRatePercent);
    }
    if (windowSize < 1 || minimumCalls < 1) {
      throw new IllegalArgumentException(
          "circuit breaker windowSize and minimumCalls must be at least 1");
    }
    if (openDuration.isZero() || openDuration.isNegative()) {
      throw new IllegalArgumentException(
          "circuit breaker openDuration must be positive, not " + openDuration);
    }
  }
}
