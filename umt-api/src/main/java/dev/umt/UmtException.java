package dev.umt;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception UMT throws. Unchecked; the subclasses say what a caller can do about it:
 * {@link ConfigurationException} (fix the configuration or the data), {@link
 * TemporaryFailureException} (retry later), {@link AuthenticationException} (log in again) and
 * {@link AccountRejectedException} (give up on this one user or account). Messages name the object
 * and the place, never a secret.
 */
public class UmtException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UmtException(String message) {
    super(message);
  }

  public UmtException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
