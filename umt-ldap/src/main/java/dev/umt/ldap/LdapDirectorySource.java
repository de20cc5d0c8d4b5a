package dev.umt.ldap;

import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import dev.umt.ldap.internal.GenericDialect;
import dev.umt.ldap.spi.LdapDirectoryReader;
import java.util.List;
import java.util.Optional;

/**
 * The generic LDAPv3 source (type {@code ldap}) for OpenLDAP, 389-DS, ApacheDS and the like: ids
 * from {@code entryUUID} or {@code nsUniqueId}, users of class {@code inetOrgPerson} with
 * {@code uid}, {@code mail}, {@code givenName}, {@code sn}, {@code displayName}, {@code title},
 * {@code departmentNumber} and {@code telephoneNumber}; disabled when {@code pwdAccountLockedTime}
 * or {@code nsAccountLock} says so; groups from {@code memberOf} where the server keeps it, else
 * from a scan of {@code groupOfNames}/{@code groupOfUniqueNames}. Thread-safe; connects on first use.
 *
 * <pre>{@code
 * LdapConfig config = LdapConfig.builder().server("ldap.example.com", 636).security(LdapConfig.Security.LDAPS)
 *     .bind(Bind.simple("cn=umt,ou=services,dc=example,dc=com", Secret.of(password))).build();
 * try (LdapDirectorySource source = new LdapDirectorySource(config)) {
 *   source.checkConnection();
 * }
 * }</pre>
 */
public final class LdapDirectorySource implements DirectorySource {
  private final LdapDirectoryReader reader;

  /** A source for {@code config}. No network I/O. */
  public LdapDirectorySource(LdapConfig config) {
    this.reader = new LdapDirectoryReader(config, new GenericDialect());
  }

  @Override
  public SourceInfo checkConnection() {
    return reader.checkConnection();
  }

  @Override
  public List<DirectoryEntry> children(String dn) {
    return reader.children(dn);
  }

  @Override
  public Optional<DirectoryEntry> findById(String id) {
    return reader.findById(id);
  }

  @Override
  public Optional<DirectoryEntry> findByDn(String dn) {
    return reader.findByDn(dn);
  }

  @Override
  public PageCursor<ScopedUser> users(Scope scope, int pageSize) {
    return reader.users(scope, pageSize);
  }

  @Override
  public void close() {
    reader.close();
  }

  @Override
  public String toString() {
    return reader.toString();
  }
}
