package dev.umt;

import java.util.List;
import java.util.NoSuchElementException;

/** A cursor over pages held in memory; made by {@link PageCursor#of}. */
final class ListPageCursor<T> implements PageCursor<T> {
  private final List<List<T>> pages;
  private final String incompleteReason;
  private int index;

  ListPageCursor(List<List<T>> pages, String incompleteReason) {
    this.pages = List.copyOf(pages);
    this.incompleteReason = incompleteReason;
  }

  @Override
  public boolean hasNext() {
    return index < pages.size();
  }

  @Override
  public List<T> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no page after the last");
    }
    return pages.get(index++);
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
  public void close() {
    index = pages.size();
  }
}
