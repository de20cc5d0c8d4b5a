package dev.umt.postgres;

import dev.umt.TemporaryFailureException;
import org.jspecify.annotations.Nullable;

/**
 * A company's ledger is in use: another store (on another node, or in this process) holds its lock,
 * or this store lost its own lock with its database session and so no longer writes. The message
 * names the company, the database, the holder as PostgreSQL knows it ({@code application_name},
 * client address, server process id, since when) and what to do. PostgreSQL frees the lock when the
 * holder's session ends, even when its process is killed; opening again then succeeds.
 */
public final class LedgerLockedException extends TemporaryFailureException {
  private static final long serialVersionUID = 1L;

  LedgerLockedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
