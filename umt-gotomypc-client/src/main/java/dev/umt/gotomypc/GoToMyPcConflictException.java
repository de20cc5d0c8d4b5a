package dev.umt.gotomypc;

import dev.umt.AccountRejectedException;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 409: the user already exists (or another conflict): look the user up by email instead of
 * creating it.
 */
public final class GoToMyPcConflictException extends AccountRejectedException
    implements GoToMyPcFailure {
  private static final long serialVersionUID = 1L;
  private final transient ErrorDetails details;

  public GoToMyPcConflictException(ErrorDetails details, @Nullable Throwable cause) {
    super(details.describe("GoToMyPC reported a conflict"), cause);
    this.details = details;
  }

  @Override
  public ErrorDetails details() {
    return details;
  }
}
