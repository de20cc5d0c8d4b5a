package dev.umt.gotomypc.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.umt.gotomypc.CircuitBreakerPolicy;
import dev.umt.gotomypc.ErrorDetails;
import dev.umt.gotomypc.GoToMyPcConflictException;
import dev.umt.gotomypc.GoToMyPcFailure;
import dev.umt.gotomypc.GoToMyPcNotFoundException;
import dev.umt.gotomypc.GoToMyPcPermissionException;
import dev.umt.gotomypc.GoToMyPcRateLimitedException;
import dev.umt.gotomypc.GoToMyPcUnavailableException;
import dev.umt.gotomypc.GoToMyPcValidationException;
import dev.umt.gotomypc.PaceClock;
import dev.umt.gotomypc.RateLimitPolicy;
import dev.umt.gotomypc.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Runs one logical request: each attempt (first tries, retries and token calls alike) waits for its
 * turn from one {@link Pacer} shared by the whole client (held until its answer is in), asks the
 * circuit breaker (API calls only), executes a new {@link Call}, and turns the answer into a result
 * or one of the client's exceptions; Resilience4j's {@link Retry} repeats the retryable ones. HTTP
 * 401 is left to the caller as {@link Unauthorized}, which refreshes the token once.
 */
public final class RequestExecutor {
  private static final Logger log = LoggerFactory.getLogger(RequestExecutor.class);
  private static final int MAX_BODY = 500;

  /** For token calls: ignores every failure, so it never opens. */
  private static final CircuitBreaker NO_BREAKER =
      CircuitBreaker.of(
          "gotomypc-token", CircuitBreakerConfig.custom().ignoreException(e -> true).build());

  private final Pacer pacer;
  private final CircuitBreaker circuitBreaker;
  private final Retry retry;
  private final RetryPolicy retryPolicy;
  private final Redactor redactor;
  private final Clock clock;
  private final JsonAdapter<Dto.Error> errorAdapter;

  /** HTTP 401: the caller refreshes the access token and tries once more. */
  public static final class Unauthorized extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorDetails details;

    Unauthorized(ErrorDetails details) {
      super(details.describe("unauthorized"), null, false, false);
      this.details = details;
    }

    public ErrorDetails details() {
      return details;
    }
  }

  /** A failure worth another attempt, with the server's {@code Retry-After} if it sent one. */
  private static final class Retryable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final RuntimeException failure;
    final Duration retryAfter;

    Retryable(RuntimeException failure, Duration retryAfter) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
      this.retryAfter = retryAfter;
    }
  }

  public RequestExecutor(
      RateLimitPolicy rateLimit,
      PaceClock paceClock,
      RetryPolicy retryPolicy,
      CircuitBreakerPolicy breaker,
      Redactor redactor,
      Clock clock,
      Moshi moshi) {
    this.retryPolicy = retryPolicy;
    this.redactor = redactor;
    this.clock = clock;
    this.errorAdapter = moshi.adapter(Dto.Error.class).lenient();
    this.pacer =
        new Pacer(rateLimit.requests(), rateLimit.period(), rateLimit.maxWait(), paceClock);
    this.circuitBreaker =
        CircuitBreaker.of(
            "gotomypc",
            CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(breaker.failureRatePercent())
                .slidingWindowSize(breaker.windowSize())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .waitDurationInOpenState(breaker.openDuration())
                .build());
    this.retry =
        Retry.of(
            "gotomypc",
            RetryConfig.<Object>custom()
                .maxAttempts(retryPolicy.maxAttempts())
                .retryOnException(
                    e ->
                        e instanceof Retryable r
                            && (r.retryAfter == null
                                || r.retryAfter.compareTo(retryPolicy.maxRetryAfter()) <= 0))
                .intervalBiFunction(
                    (attempt, outcome) ->
                        waitMillis(attempt, outcome.isLeft() ? outcome.getLeft() : null))
                .build());
  }

  /**
   * Executes the call made by {@code factory} (a new one per attempt) and returns its successful
   * response.
   *
   * @param subject the user, email or object concerned, named in errors; may be null
   * @param api whether this is an Admin API call, which goes through the circuit breaker; token
   *     endpoint calls do not (a refresh must not be refused because the API failed), but take
   *     their turn from the rate limiter like every other attempt
   */
  public <T> Response<T> execute(String subject, boolean api, Supplier<Call<T>> factory) {
    Supplier<Response<T>> attempt =
        () -> attempt(subject, factory.get(), api ? circuitBreaker : NO_BREAKER);
    try {
      return retry.executeSupplier(attempt);
    } catch (Retryable r) {
      throw r.failure;
    }
  }

  private long waitMillis(int retryNumber, Throwable failure) {
    Duration wait;
    String why;
    if (failure instanceof Retryable r && r.retryAfter != null) {
      wait = r.retryAfter;
      why = "Retry-After";
    } else {
      long base = retryPolicy.backoff(retryNumber).toMillis();
      double factor =
          1.0 + retryPolicy.jitter() * (2.0 * ThreadLocalRandom.current().nextDouble() - 1.0);
      wait = Duration.ofMillis(Math.max(0, Math.round(base * factor)));
      why = "backoff";
    }
    if (log.isInfoEnabled()) {
      String what = "failed";
      if (failure instanceof Retryable r && r.failure instanceof GoToMyPcFailure f) {
        ErrorDetails d = f.details();
        what =
            d.request()
                + (d.subject() == null ? "" : " for " + d.subject())
                + ": "
                + (d.status() > 0
                    ? "HTTP " + d.status() + (d.errorCode() == null ? "" : " " + d.errorCode())
                    : d.errorMessage());
      }
      log.info(
          "{}; retry {} of {} in {} ms ({})",
          what,
          retryNumber,
          retryPolicy.maxAttempts() - 1,
          wait.toMillis(),
          why);
    }
    return wait.toMillis();
  }

  private <T> Response<T> attempt(String subject, Call<T> call, CircuitBreaker circuitBreaker) {
    String request = call.request().method() + " " + call.request().url().encodedPath();
    Pacer.Permit permit;
    try {
      permit = pacer.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GoToMyPcUnavailableException(
          new ErrorDetails(
              0,
              request,
              null,
              "interrupted while waiting for the client's rate limiter",
              null,
              subject),
          null);
    }
    if (permit == null) {
      throw new GoToMyPcRateLimitedException(
          new ErrorDetails(
              0,
              request,
              null,
              "no permit from the client's rate limiter within its maximum wait",
              null,
              subject),
          null);
    }
    try {
      return send(subject, request, call, circuitBreaker);
    } finally {
      // The service counted the request, if it ever got it, before this answer: it counts for one
      // window from now.
      pacer.release(permit);
    }
  }

  private <T> Response<T> send(
      String subject, String request, Call<T> call, CircuitBreaker circuitBreaker) {
    if (!circuitBreaker.tryAcquirePermission()) {
      throw new GoToMyPcUnavailableException(
          new ErrorDetails(
              0,
              request,
              null,
              "circuit breaker open after repeated failures; not calling the service for now",
              null,
              subject),
          null);
    }
    long start = System.nanoTime();
    Response<T> response;
    try {
      response = call.execute();
    } catch (MalformedResponseException e) {
      circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      throw new GoToMyPcUnavailableException(
          new ErrorDetails(
              200,
              request,
              null,
              "response is not the expected JSON: " + redactor.redact(e.getMessage()),
              null,
              subject),
          null);
    } catch (IOException e) {
      circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      String what =
          e instanceof InterruptedIOException
              ? "timed out (" + e.getClass().getSimpleName() + ")"
              : "I/O error: "
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : " " + redactor.redact(e.getMessage()));
      throw new Retryable(
          new GoToMyPcUnavailableException(
              new ErrorDetails(0, request, null, what, null, subject), null),
          null);
    }
    long took = System.nanoTime() - start;
    int status = response.code();
    if (response.isSuccessful()) {
      circuitBreaker.onSuccess(took, TimeUnit.NANOSECONDS);
      return response;
    }
    ErrorDetails details = details(status, request, subject, response.errorBody());
    switch (status) {
      case 401 -> {
        circuitBreaker.onSuccess(took, TimeUnit.NANOSECONDS);
        throw new Unauthorized(details);
      }
      case 429 -> {
        circuitBreaker.releasePermission();
        throw new Retryable(
            new GoToMyPcRateLimitedException(details, null),
            retryAfter(response.headers().get("Retry-After")));
      }
      case 502, 503, 504 -> {
        RuntimeException failure = new GoToMyPcUnavailableException(details, null);
        circuitBreaker.onError(took, TimeUnit.NANOSECONDS, failure);
        throw new Retryable(failure, retryAfter(response.headers().get("Retry-After")));
      }
      default -> {
        if (status >= 500) {
          RuntimeException failure = new GoToMyPcUnavailableException(details, null);
          circuitBreaker.onError(took, TimeUnit.NANOSECONDS, failure);
          throw failure;
        }
        circuitBreaker.onSuccess(took, TimeUnit.NANOSECONDS);
        throw switch (status) {
          case 403 -> new GoToMyPcPermissionException(details, null);
          case 404 -> new GoToMyPcNotFoundException(details, null);
          case 409 -> new GoToMyPcConflictException(details, null);
          default -> new GoToMyPcValidationException(details, null);
        };
      }
    }
  }

  private ErrorDetails details(int status, String request, String subject, ResponseBody body) {
    String raw = null;
    if (body != null) {
      try (body) {
        raw = body.string();
      } catch (IOException e) {
        raw = null;
      }
    }
    raw = redactor.redact(raw);
    if (raw != null && !raw.isBlank()) {
      try {
        Dto.Error error = errorAdapter.fromJson(raw);
        if (error != null) {
          String code = error.errorCode() != null ? error.errorCode() : error.error();
          String message = error.message() != null ? error.message() : error.errorDescription();
          if (code != null || message != null) {
            return new ErrorDetails(status, request, code, message, null, subject);
          }
        }
      } catch (IOException | RuntimeException e) {
        // not a JSON error body: keep the raw text
      }
    }
    if (raw != null && raw.length() > MAX_BODY) {
      raw = raw.substring(0, MAX_BODY) + "...";
    }
    return new ErrorDetails(
        status, request, null, null, raw == null || raw.isBlank() ? null : raw.strip(), subject);
  }

  /**
   * The wait a {@code Retry-After} header asks for (seconds or an HTTP date), or null when absent
   * or unreadable.
   */
  Duration retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(h)));
    } catch (NumberFormatException e) {
      try {
        Duration d =
            Duration.between(
                clock.instant(),
                ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
