package dev.umt;

import org.jspecify.annotations.Nullable;

/**
 * The target refused one user or account (validation, conflict, not found): skip it, the others go
 * on.
 */
public class AccountRejectedException extends UmtException {
  private static final long serialVersionUID = 1L;

  public AccountRejectedException(String message) {
    super(message);
  }

  public AccountRejectedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
