package dev.umt;

import org.jspecify.annotations.Nullable;

/** Credentials were refused, expired or revoked: log in again or give new credentials. */
public class AuthenticationException extends UmtException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }

  public AuthenticationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
