package dev.umt.gotomypc;

import dev.umt.TemporaryFailureException;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 429 after every retry, or no rate-limiter permit within its wait: slow down and try later.
 */
public final class GoToMyPcRateLimitedException extends TemporaryFailureException
    implements GoToMyPcFailure {
  private static final long serialVersionUID = 1L;
  private final transient ErrorDetails details;

  public GoToMyPcRateLimitedException(ErrorDetails details, @Nullable Throwable cause) {
    super(details.describe("GoToMyPC kept answering too many requests"), cause);
    this.details = details;
  }

  @Override
  public ErrorDetails details() {
    return details;
  }
}
