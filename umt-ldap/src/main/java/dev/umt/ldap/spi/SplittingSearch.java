package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Searches run one after the other, each paged ({@link PagedSearch}); one the server's own size
 * limit stops is split into smaller ones that together read the same entries ({@link
 * SizeLimitSplit}), run in its place. Streamed: one page in memory at a time. An entry may come
 * twice (the stopped search returned some before the limit); callers give each once. Not
 * thread-safe.
 */
final class SplittingSearch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PagedSearch.LOGGER);
  private final LdapPool pool;
  private final Dialect dialect;
  private final int pageSize;
  private final Deque<SizeLimitSplit.Part> parts = new ArrayDeque<>();
  private final StringBuilder incomplete = new StringBuilder();
  private SizeLimitSplit.Part currentPart;
  private PagedSearch current;

  /**
   * @param requests searches to run in order
   * @param descriptions what each search does, for messages
   */
  SplittingSearch(
      LdapPool pool,
      Dialect dialect,
      List<SearchRequest> requests,
      List<String> descriptions,
      int pageSize) {
    this.pool = pool;
    this.dialect = dialect;
    this.pageSize = pageSize;
    for (int i = 0; i < requests.size(); i++) {
      parts.add(SizeLimitSplit.Part.whole(requests.get(i), descriptions.get(i)));
    }
  }

  /** Whether nothing more is to be read. */
  boolean done() {
    return current == null && parts.isEmpty();
  }

  /**
   * The next page, possibly empty. The first page of a search that fails is thrown (translated).
   */
  List<SearchResultEntry> nextPage() {
    List<SearchResultEntry> received = new ArrayList<>();
    int kept = nextPage(received::add);
    return kept == received.size() ? received : received.subList(0, kept);
  }

  /**
   * Reads the next page, possibly empty, handing each entry to {@code each} as it arrives ({@link
   * PagedSearch#nextPage(Consumer)}); a search the page ends is split or its reason recorded before
   * this returns. The first page of a search that fails is thrown (translated).
   *
   * @return how many of the entries handed over count, always the first ones; the caller drops the
   *     rest
   */
  int nextPage(Consumer<SearchResultEntry> each) {
    if (current == null) {
      if (parts.isEmpty()) {
        return 0;
      }
      currentPart = parts.poll();
      current = new PagedSearch(pool, currentPart.request(), pageSize, currentPart.describe());
    }
    int entries = current.nextPage(each);
    if (current.done()) {
      if (current.stoppedByServerSizeLimit()) {
        split();
      } else {
        addReason(current.incompleteReason());
      }
      current = null;
    }
    return entries;
  }

  /**
   * Runs smaller searches in place of the one the server's size limit stopped, or records why it
   * cannot.
   */
  private void split() {
    SizeLimitSplit.Outcome outcome =
        SizeLimitSplit.split(pool, dialect, currentPart, current.namingAttribute());
    if (outcome.parts() == null) {
      addReason(SizeLimitSplit.advice(pool, current.incompleteReason(), outcome.impossible()));
      return;
    }
    LOG.debug(
        "{}; reading it as {} smaller searches",
        current.incompleteReason(),
        outcome.parts().size());
    List<SizeLimitSplit.Part> smaller = outcome.parts();
    for (int i = smaller.size() - 1; i >= 0; i--) {
      parts.addFirst(smaller.get(i));
    }
  }

  /** Adds a reason the read is incomplete (ignored when empty). */
  void addReason(String reason) {
    if (reason != null && !reason.isEmpty()) {
      if (incomplete.length() > 0) {
        incomplete.append("; ");
      }
      incomplete.append(reason);
    }
  }

  /** Empty while complete. */
  String incompleteReason() {
    return incomplete.toString();
  }

  /** Drops what is left; a search stopped early makes the read incomplete. Does not throw. */
  @Override
  public void close() {
    if (current != null) {
      current.close();
      addReason(current.incompleteReason());
      current = null;
    } else if (!parts.isEmpty()) {
      addReason(parts.peek().describe() + " was closed before it ran");
    }
    parts.clear();
  }
}
