package dev.umt.directory;

import dev.umt.PageCursor;

/**
 * The changes a directory made since a point in time, for incremental runs. Tokens are opaque to
 * the engine and versioned by the connector.
 */
public interface ChangeFeed {

  /** A token for "now": changes after it are the ones {@link #changesSince} will return. Does I/O. */
  String currentToken();

  /**
   * The changes after {@code token}, oldest first.
   *
   * @throws TokenExpiredException when the source can no longer serve that token; the caller then does a full run
   */
  PageCursor<DirectoryChange> changesSince(String token);
}
