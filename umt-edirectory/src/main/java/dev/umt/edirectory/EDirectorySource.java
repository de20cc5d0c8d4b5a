package dev.umt.edirectory;

import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import dev.umt.ldap.LdapConfig;
import dev.umt.edirectory.internal.EDirectoryDialect;
import dev.umt.ldap.spi.LdapDirectoryReader;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The eDirectory source (type {@code edirectory}). Ids are eDirectory {@code GUID}s as canonical
 * strings; users are {@code inetOrgPerson} entries with {@code uid} (else {@code cn}) as login,
 * {@code mail}, {@code givenName}, {@code sn}, {@code fullName}, {@code title}, {@code ou} as
 * department and {@code telephoneNumber}; an account is enabled unless {@code loginDisabled} is
 * TRUE or {@code loginExpirationTime} has passed; a user's groups come from
 * {@code groupMembership}. Logs in as eDirectory's login dialog offers: a DN and password,
 * anonymously ({@link dev.umt.ldap.Bind#anonymous()}) or with a client certificate over TLS
 * ({@link dev.umt.ldap.Bind#clientCertificate}, SASL EXTERNAL). Thread-safe; connects on first use.
 *
 * <pre>{@code
 * LdapConfig config = LdapConfig.builder().server("edir.example.com", 636).security(LdapConfig.Security.LDAPS)
 *     .trustStore(Path.of("tree-ca.p12"), Secret.of(storePassword))
 *     .bind(Bind.clientCertificate(Path.of("umt.p12"), Secret.of(keyPassword))).baseDn("o=example").build();
 * try (EDirectorySource edir = new EDirectorySource(config)) {
 *   edir.checkConnection();
 * }
 * }</pre>
 */
public final class EDirectorySource implements DirectorySource {
  private final LdapDirectoryReader reader;

  /** A source for {@code config}. No network I/O. */
  public EDirectorySource(LdapConfig config) {
    this(config, Clock.systemUTC());
  }

  /** A source whose idea of "now" (for {@code loginExpirationTime}) is {@code clock}. */
  public EDirectorySource(LdapConfig config, Clock clock) {
    this.reader = new LdapDirectoryReader(config, new EDirectoryDialect(), clock);
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
