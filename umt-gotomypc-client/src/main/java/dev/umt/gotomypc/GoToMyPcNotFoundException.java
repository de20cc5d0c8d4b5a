package dev.umt.gotomypc;

import dev.umt.AccountRejectedException;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 404: the user, group or company key is unknown (deleted by hand, or a wrong key): skip this
 * one.
 */
public final class GoToMyPcNotFoundException extends AccountRejectedException
    implements GoToMyPcFailure {
  private static final long serialVersionUID = 1L;
  private final transient ErrorDetails details;

  public GoToMyPcNotFoundException(ErrorDetails details, @Nullable Throwable cause) {
    super(details.describe("GoToMyPC does not know it"), cause);
    this.details = details;
  }

  @Override
  public ErrorDetails details() {
    return details;
  }
}
