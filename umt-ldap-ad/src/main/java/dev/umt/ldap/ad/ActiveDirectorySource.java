package dev.umt.ldap.ad;

import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.ad.internal.ActiveDirectoryDialect;
import dev.umt.ldap.spi.LdapDirectoryReader;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The Active Directory source (type {@code active-directory}), for Microsoft AD and Samba's AD DC.
 * Ids are objectGUIDs as canonical strings ({@code 12345678-1234-...}); users are {@code user}
 * objects that are not computers, with {@code sAMAccountName} as login, {@code mail},
 * {@code givenName}, {@code sn}, {@code displayName}, {@code title}, {@code department} and
 * {@code telephoneNumber}; an account is enabled unless bit 0x2 of {@code userAccountControl} is set
 * or {@code accountExpires} has passed. {@code userPrincipalName}, {@code uSNChanged} and
 * {@code whenChanged} come along in the user's attributes. Large groups are read in ranges; nested
 * groups are expanded as {@link LdapConfig#groupExpansion()} says (see the README for the
 * measurements behind the default). Thread-safe; connects on first use.
 *
 * <pre>{@code
 * LdapConfig config = LdapConfig.builder().server("dc1.example.com", 636).server("dc2.example.com", 636)
 *     .security(LdapConfig.Security.LDAPS).bind(Bind.simple("svc-umt@example.com", Secret.of(password)))
 *     .baseDn("DC=example,DC=com").build();
 * try (ActiveDirectorySource ad = new ActiveDirectorySource(config)) {
 *   ad.checkConnection();
 * }
 * }</pre>
 */
public final class ActiveDirectorySource implements DirectorySource {
  private final LdapDirectoryReader reader;

  /** A source for {@code config}. No network I/O. */
  public ActiveDirectorySource(LdapConfig config) {
    this(config, Clock.systemUTC());
  }

  /** A source whose idea of "now" (for {@code accountExpires}) is {@code clock}. */
  public ActiveDirectorySource(LdapConfig config, Clock clock) {
    this.reader = new LdapDirectoryReader(config, new ActiveDirectoryDialect(), clock);
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
