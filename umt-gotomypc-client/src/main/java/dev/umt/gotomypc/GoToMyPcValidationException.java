package dev.umt.gotomypc;

import dev.umt.AccountRejectedException;
import org.jspecify.annotations.Nullable;

/** HTTP 400: a bad value for this user; fix the data, the others go on. */
public final class GoToMyPcValidationException extends AccountRejectedException
    implements GoToMyPcFailure {
  private static final long serialVersionUID = 1L;
  private final transient ErrorDetails details;

  public GoToMyPcValidationException(ErrorDetails details, @Nullable Throwable cause) {
    super(details.describe("GoToMyPC rejected the request as invalid"), cause);
    this.details = details;
  }

  @Override
  public ErrorDetails details() {
    return details;
  }
}
