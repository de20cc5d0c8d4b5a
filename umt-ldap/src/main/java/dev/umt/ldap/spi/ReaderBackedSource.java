package dev.umt.ldap.spi;

import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import java.util.List;
import java.util.Optional;

/**
 * A {@link DirectorySource} that an {@link LdapDirectoryReader} does all the work for. Each LDAP
 * connector is a final subclass that only picks its {@link Dialect}:
 *
 * <pre>{@code
 * public final class MyDirectorySource extends ReaderBackedSource {
 *   public MyDirectorySource(LdapConfig config) {
 *     super(new LdapDirectoryReader(config, new MyDialect()));
 *   }
 * }
 * }</pre>
 */
public abstract class ReaderBackedSource implements DirectorySource {
  private final LdapDirectoryReader reader;

  protected ReaderBackedSource(LdapDirectoryReader reader) {
    this.reader = reader;
  }

  @Override
  public final SourceInfo checkConnection() {
    return reader.checkConnection();
  }

  @Override
  public final List<DirectoryEntry> children(String dn) {
    return reader.children(dn);
  }

  @Override
  public final Optional<DirectoryEntry> findById(String id) {
    return reader.findById(id);
  }

  @Override
  public final Optional<DirectoryEntry> findByDn(String dn) {
    return reader.findByDn(dn);
  }

  @Override
  public final PageCursor<ScopedUser> users(Scope scope, int pageSize) {
    return reader.users(scope, pageSize);
  }

  /**
   * The users of {@code scope} among {@code userIds}, with reads proportional to the ids (see
   * {@link LdapDirectoryReader}).
   */
  @Override
  public final PageCursor<ScopedUser> users(
      Scope scope, java.util.Set<String> userIds, int pageSize) {
    return reader.users(scope, userIds, pageSize);
  }

  /**
   * The change feed the server advertises for this connector, chosen once from the root DSE (see
   * the module README).
   */
  @Override
  public final Optional<dev.umt.directory.ChangeFeed> changeFeed() {
    return reader.changeFeed();
  }

  @Override
  public final void close() {
    reader.close();
  }

  @Override
  public final String toString() {
    return reader.toString();
  }
}
