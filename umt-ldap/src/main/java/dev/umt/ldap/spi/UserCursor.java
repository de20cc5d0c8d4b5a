package dev.umt.ldap.spi;

import dev.umt.PageCursor;
import dev.umt.PageCursor.Skipped;
import dev.umt.directory.ScopedUser;
import java.util.List;
import java.util.NoSuchElementException;

/** A {@link PageCursor} over a {@link PageSource}; skips empty pages. Not thread-safe. */
final class UserCursor implements PageCursor<ScopedUser> {

  /** Where pages come from. */
  interface PageSource {
    /** The next page, possibly empty. */
    List<ScopedUser> fetch();

    /** Whether {@link #fetch()} has nothing more. */
    boolean exhausted();

    /** Empty while complete. */
    String incompleteReason();

    /** Entries left out so far, with why. */
    List<Skipped> skipped();

    /** Releases connections; does not throw. */
    void close();
  }

  private final PageSource source;
  private List<ScopedUser> buffered;
  private boolean closed;

  UserCursor(PageSource source) {
    this.source = source;
  }

  @Override
  public boolean hasNext() {
    while (buffered == null && !closed && !source.exhausted()) {
      List<ScopedUser> page = source.fetch();
      if (!page.isEmpty()) {
        buffered = page;
      }
    }
    return buffered != null;
  }

  @Override
  public List<ScopedUser> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no page after the last");
    }
    List<ScopedUser> page = buffered;
    buffered = null;
    return page;
  }

  @Override
  public boolean isComplete() {
    return incompleteReason().isEmpty();
  }

  @Override
  public String incompleteReason() {
    String reason = source.incompleteReason();
    if (reason.isEmpty() && closed && !source.exhausted()) {
      return "the cursor was closed before its last page";
    }
    return reason;
  }

  @Override
  public List<Skipped> skipped() {
    return List.copyOf(source.skipped());
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      buffered = null;
      source.close();
    }
  }
}
