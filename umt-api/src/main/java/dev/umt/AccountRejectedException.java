package dev.umt;

/** The target refused one user or account (validation, conflict, not found): skip it, the others go on. */
public class AccountRejectedException extends UmtException {
  private static final long serialVersionUID = 1L;

  public AccountRejectedException(String message) {
    super(message);
  }

  public AccountRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
