package dev.umt;

import org.jspecify.annotations.Nullable;

/** A service or server is unreachable, overloaded or timed out: the same call may succeed later. */
public class TemporaryFailureException extends UmtException {
  private static final long serialVersionUID = 1L;

  public TemporaryFailureException(String message) {
    super(message);
  }

  public TemporaryFailureException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
