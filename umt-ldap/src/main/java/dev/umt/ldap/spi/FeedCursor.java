package dev.umt.ldap.spi;

import dev.umt.PageCursor;
import dev.umt.directory.DirectoryChange;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The changes a feed read, held in memory and handed out in pages. A feed reads every change before
 * it answers (a refresh must end before its cookie is known), so the cursor does no I/O. Not
 * thread-safe.
 */
final class FeedCursor implements PageCursor<DirectoryChange> {
  private static final int PAGE = 500;
  private final List<DirectoryChange> changes;
  private final String incompleteReason;
  private final List<Skipped> skipped;
  private int index;

  FeedCursor(List<DirectoryChange> changes, String incompleteReason, List<Skipped> skipped) {
    this.changes = List.copyOf(changes);
    this.incompleteReason = incompleteReason == null ? "" : incompleteReason;
    this.skipped = List.copyOf(skipped);
  }

  @Override
  public boolean hasNext() {
    return index < changes.size();
  }

  @Override
  public List<DirectoryChange> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no page after the last");
    }
    int end = Math.min(changes.size(), index + PAGE);
    List<DirectoryChange> page = changes.subList(index, end);
    index = end;
    return page;
  }

  @Override
  public boolean isComplete() {
    return incompleteReason.isEmpty();
  }

  @Override
  public String incompleteReason() {
    return incompleteReason;
  }

  @Override
  public List<Skipped> skipped() {
    return skipped;
  }

  @Override
  public void close() {
    index = changes.size();
  }
}
