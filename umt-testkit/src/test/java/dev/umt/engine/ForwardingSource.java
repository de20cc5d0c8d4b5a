package dev.umt.engine;

import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import java.util.List;
import java.util.Optional;

/** A source that passes every call on; tests override one method to change what it reads. */
class ForwardingSource implements DirectorySource {
  private final DirectorySource delegate;

  ForwardingSource(DirectorySource delegate) {
    this.delegate = delegate;
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
  public void close() {
    delegate.close();
  }
}
