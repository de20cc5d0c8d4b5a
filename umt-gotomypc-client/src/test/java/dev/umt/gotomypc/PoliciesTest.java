package dev.umt.gotomypc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoliciesTest {

  @Test
  void backoffGrowsByTheMultiplierUpToTheCap() {
    RetryPolicy p =
        new RetryPolicy(
            6, Duration.ofMillis(100), 3.0, Duration.ofSeconds(2), 0.5, Duration.ofMinutes(1));
    assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(p.backoff(2)).isEqualTo(Duration.ofMillis(300));
    assertThat(p.backoff(3)).isEqualTo(Duration.ofMillis(900));
    assertThat(p.backoff(4)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void theDefaultsMatchTheDocumentedLimit() {
    assertThat(RateLimitPolicy.DEFAULT.requestsPerSecond())
        .as("the service's 10 per second, counted as it counts them")
        .isEqualTo(10.0);
    assertThat(RateLimitPolicy.DEFAULT.spacing()).isEqualTo(Duration.ofMillis(100));
    assertThat(RateLimitPolicy.perSecond(9).spacing())
        .as("9 spacings never fit in one second")
        .isEqualTo(Duration.ofNanos(111_111_112));
    assertThat(RateLimitPolicy.perSecond(4))
        .isEqualTo(new RateLimitPolicy(4, Duration.ofSeconds(1), Duration.ofMinutes(10)));
    assertThat(RateLimitPolicy.perSecond(2.5))
        .isEqualTo(new RateLimitPolicy(1, Duration.ofMillis(400), Duration.ofMinutes(10)));
    assertThat(RateLimitPolicy.perSecond(2.5).requestsPerSecond()).isEqualTo(2.5);
    assertThat(new RateLimitPolicy(30, Duration.ofMinutes(1), Duration.ZERO).requestsPerSecond())
        .isEqualTo(0.5);
    assertThat(new RateLimitPolicy(30, Duration.ofMinutes(1), Duration.ZERO).spacing())
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(ApiConventions.DEFAULT.maxUsersPerCreate()).isEqualTo(100);
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 1, Duration.ZERO, 0, Duration.ZERO))
        .hasMessage("retry maxAttempts must be at least 1, not 0");
    assertThatThrownBy(
            () -> new RetryPolicy(2, Duration.ZERO, 1, Duration.ZERO, 1.5, Duration.ZERO))
        .hasMessage("retry jitter must be between 0 and 1, not 1.5");
    assertThatThrownBy(() -> new RateLimitPolicy(0, Duration.ofSeconds(1), Duration.ZERO))
        .hasMessage("rate limit requests must be at least 1, not 0");
    assertThatThrownBy(() -> RateLimitPolicy.perSecond(0))
        .hasMessage(
            "rate limit requests per second must be more than 0 and at most 1000000000, not 0.0");
    assertThatThrownBy(() -> RateLimitPolicy.perSecond(Double.NaN))
        .hasMessage(
            "rate limit requests per second must be more than 0 and at most 1000000000, not NaN");
    assertThatThrownBy(() -> new CircuitBreakerPolicy(0, 1, 1, Duration.ofSeconds(1)))
        .hasMessage("circuit breaker failureRatePercent must be 1 to 100, not 0");
    assertThatThrownBy(() -> ApiConventions.DEFAULT.withLicenseProduct(" "))
        .hasMessage("API convention licenseProduct is blank");
    assertThatThrownBy(() -> GoToMyPcClient.builder().clientId("c").build())
        .hasMessage("GoToMyPC clientSecret is required");
  }
}
