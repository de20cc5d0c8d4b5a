package dev.umt.gotomypc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import dev.umt.gotomypc.CircuitBreakerPolicy;
import dev.umt.gotomypc.PaceClock;
import dev.umt.gotomypc.RateLimitPolicy;
import dev.umt.gotomypc.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final RequestExecutor executor =
      new RequestExecutor(
          RateLimitPolicy.DEFAULT,
          PaceClock.system(),
          RetryPolicy.DEFAULT,
          CircuitBreakerPolicy.DEFAULT,
          new Redactor(),
          Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC),
          new Moshi.Builder().build());

  @Test
  void readsSecondsAndHttpDates() {
    assertThat(executor.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
    assertThat(executor.retryAfter(" 0 ")).isEqualTo(Duration.ZERO);
    assertThat(executor.retryAfter("Sat, 21 Nov 2026 12:01:30 GMT"))
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(executor.retryAfter("Sat, 21 Nov 2026 11:00:00 GMT"))
        .as("a date in the past")
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void ignoresWhatItCannotRead() {
    assertThat(executor.retryAfter(null)).isNull();
    assertThat(executor.retryAfter("")).isNull();
    assertThat(executor.retryAfter("soon")).isNull();
  }

  @Test
  void theRedactorRemovesEverySecretItWasGiven() {
    Redactor redactor = new Redactor();
    redactor.add("rt-abcdef");
    redactor.add("at-123456");
    redactor.add("ab");
    assertThat(redactor.redact("refresh rt-abcdef and at-123456, ab stays"))
        .isEqualTo("refresh *** and ***, ab stays");
    assertThat(redactor.redact(null)).isNull();
  }
}
