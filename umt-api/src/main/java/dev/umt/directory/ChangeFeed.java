package dev.umt.directory;

import dev.umt.PageCursor;

/**
 * The changes a directory made since a point in time, for incremental runs. Tokens are opaque to
 * the engine, versioned by the connector, and name the server they came from, so that a token
 * another server (or a restored one) cannot serve is refused rather than misread.
 *
 * <p>Thread-safety as the {@link DirectorySource} that made it. Every method but {@link #kind()}
 * does network I/O, only reads (a token is not consumed: asking twice for the changes since one
 * token gives the same changes, plus any made meanwhile) and throws what the source's methods
 * throw. The engine then: {@link TokenExpiredException} from {@link #changesSince} makes the run a
 * full run; any other failure of the feed ends the run {@code FAILED} before anything is applied
 * (docs/engine.md, "Incremental runs"). The saved token moves only after a run that completed.
 */
public interface ChangeFeed {

  /**
   * What the feed reads, for reports and logs: {@code "dirsync"}, {@code "usn"}, {@code
   * "content-sync"}, {@code "timestamp"}, {@code "in-memory"} or a connector's own word. No I/O.
   */
  String kind();

  /**
   * A token for "now": changes after it are the ones {@link #changesSince} will return. Does I/O.
   */
  String currentToken();

  /**
   * The changes after {@code token}, oldest first, each carrying the token that resumes after it. A
   * cursor that ends {@linkplain PageCursor#isComplete() incomplete} (a failed page, a lost
   * connection) delivered only some of the changes: the engine deprovisions nothing on it.
   *
   * @throws TokenExpiredException when the source can no longer serve that token (too old, another
   *     or a restored server, another format version); the caller then does a full run
   */
  PageCursor<DirectoryChange> changesSince(String token);
}
