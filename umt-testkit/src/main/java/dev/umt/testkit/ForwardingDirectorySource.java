package dev.umt.testkit;

import dev.umt.PageCursor;
import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link DirectorySource} that passes every call on to another, unchanged, including the reads by
 * ids and the change feed (so the delegate's own, not the interface's defaults, answer them); a
 * test overrides the calls it wants to change, such as injecting a fault once the first page of
 * users was read. Override both {@code users} methods to change what every read of users returns:
 * an incremental run reads by ids. Thread-safe as far as the delegate is.
 *
 * <pre>{@code
 * DirectorySource failing = new ForwardingDirectorySource(real) {
 *   @Override public PageCursor<ScopedUser> users(Scope scope, int pageSize) {
 *     throw new TemporaryFailureException("server down");
 *   }
 * };
 * }</pre>
 */
public abstract class ForwardingDirectorySource implements DirectorySource {
  private final DirectorySource delegate;

  /** Forwards to {@code delegate}, which {@link #close()} closes. */
  protected ForwardingDirectorySource(DirectorySource delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The source every call goes to. */
  protected final DirectorySource delegate() {
    return delegate;
  }

  @Override
  public SourceInfo checkConnection() {
    return delegate.checkConnection();
  }

  @Override
  public List<DirectoryEntry> children(String dn) {
    return delegate.children(dn);
  }

  @Override
  public Optional<DirectoryEntry> findById(String id) {
    return delegate.findById(id);
  }

  @Override
  public Optional<DirectoryEntry> findByDn(String dn) {
    return delegate.findByDn(dn);
  }

  @Override
  public PageCursor<ScopedUser> users(Scope scope, int pageSize) {
    return delegate.users(scope, pageSize);
  }

  @Override
  public PageCursor<ScopedUser> users(Scope scope, Set<String> userIds, int pageSize) {
    return delegate.users(scope, userIds, pageSize);
  }

  @Override
  public Optional<ChangeFeed> changeFeed() {
    return delegate.changeFeed();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + delegate + ")";
  }
}
