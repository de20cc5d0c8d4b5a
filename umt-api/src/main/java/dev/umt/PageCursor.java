package dev.umt;

import java.util.List;
import java.util.Objects;

/**
 * Pages of results read from a server, one page at a time. Not thread-safe: one thread reads a
 * cursor (different cursors of one source may be read at once). {@link #hasNext()} and {@link
 * #next()} may do network I/O and throw what the source or target that made the cursor throws; a
 * source should rather end the cursor incomplete when a page after the first fails. Close it,
 * preferably with try-with-resources; closing twice is allowed. After the last page, {@link
 * #isComplete()} says whether every entry in the scope was read: a size or time limit, a failed
 * page, a missing range or an unchased referral make it {@code false}, with {@link
 * #incompleteReason()} saying why.
 *
 * <pre>{@code
 * try (PageCursor<DirectoryUser> users = source.users(scope, 500)) {
 *   while (users.hasNext()) {
 *     for (DirectoryUser u : users.next()) { ... }
 *   }
 *   if (!users.isComplete()) log.warn(users.incompleteReason());
 * }
 * }</pre>
 *
 * @param <T> the entry type
 */
public interface PageCursor<T> extends AutoCloseable {

  /** Whether another page can be read. May do I/O. */
  boolean hasNext();

  /**
   * The next page, never empty unless the scope is empty. Throws {@link
   * java.util.NoSuchElementException} past the end.
   */
  List<T> next();

  /** Whether the read so far covered everything; meaningful once {@link #hasNext()} is false. */
  boolean isComplete();

  /** Why the read is incomplete, or the empty string when it is complete. */
  String incompleteReason();

  /**
   * Entries read but not returned because they are unusable (a user without an id or a login name,
   * say), each naming the entry and why; the read goes on without them. Meaningful once {@link
   * #hasNext()} is false. The engine reports each as a skipped step.
   */
  default List<Skipped> skipped() {
    return List.of();
  }

  /**
   * An entry a cursor left out.
   *
   * @param subject the entry, such as its DN
   * @param reason why it was left out, in words for a report
   */
  record Skipped(String subject, String reason) {}

  /** Releases the connection or paging state; does not throw. */
  @Override
  void close();

  /**
   * A complete cursor over pages already in memory, for sources and targets that hold their data
   * (test doubles, caches). Does no I/O.
   *
   * <pre>{@code
   * return PageCursor.of(List.of(List.of(alice, bob), List.of(carol)));
   * }</pre>
   *
   * @param pages the pages in order, copied; each page is returned as given
   * @param <T> the entry type
   * @return a cursor whose {@link #isComplete()} is true
   */
  static <T> PageCursor<T> of(List<List<T>> pages) {
    return new ListPageCursor<>(pages, "");
  }

  /**
   * A cursor over pages already in memory that ends early: after the last page, {@link
   * #isComplete()} is false and {@link #incompleteReason()} returns {@code incompleteReason}.
   *
   * @param pages the pages that were read, copied
   * @param incompleteReason why the read stopped, in words for a report; empty means complete
   * @param <T> the entry type
   * @return the cursor
   */
  static <T> PageCursor<T> of(List<List<T>> pages, String incompleteReason) {
    return new ListPageCursor<>(
        pages, Objects.requireNonNull(incompleteReason, "incompleteReason"));
  }
}
