package dev.umt.directory;

import dev.umt.UmtException;

/**
 * A change-feed token the source can no longer serve (too old, another server, other version): do a
 * full run.
 */
public final class TokenExpiredException extends UmtException {
  private static final long serialVersionUID = 1L;

  public TokenExpiredException(String message) {
    super(message);
  }
}
