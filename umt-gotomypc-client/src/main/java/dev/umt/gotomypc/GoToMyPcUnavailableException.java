package dev.umt.gotomypc;

import dev.umt.TemporaryFailureException;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 5xx after every retry, an I/O error, a timeout, a malformed response, or the circuit breaker
 * is open: try later.
 */
public final class GoToMyPcUnavailableException extends TemporaryFailureException
    implements GoToMyPcFailure {
  private static final long serialVersionUID = 1L;
  private final transient ErrorDetails details;

  public GoToMyPcUnavailableException(ErrorDetails details, @Nullable Throwable cause) {
    super(details.describe("GoToMyPC is unavailable"), cause);
    this.details = details;
  }

  @Override
  public ErrorDetails details() {
    return details;
  }
}
