package dev.umt.state;

import dev.umt.TemporaryFailureException;
import org.jspecify.annotations.Nullable;

/**
 * The data folder is in use: another process (or another store in this process) holds its lock. The
 * message names the folder, the holder (process id, host, since when) and what to do. Opening again
 * after the holder has ended succeeds: the operating system frees the lock when a process ends,
 * even when it is killed.
 */
public final class DataFolderLockedException extends TemporaryFailureException {
  private static final long serialVersionUID = 1L;

  DataFolderLockedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
