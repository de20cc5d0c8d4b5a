package dev.umt.edirectory;

import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.spi.LdapDirectoryReader;
import dev.umt.ldap.spi.ReaderBackedSource;
import java.time.Clock;

/**
 * The eDirectory source (type {@code edirectory}). Ids are eDirectory {@code GUID}s as canonical
 * strings; users are {@code inetOrgPerson} entries with {@code uid} (else {@code cn}) as login,
 * {@code mail}, {@code givenName}, {@code sn}, {@code fullName}, {@code title}, {@code ou} as
 * department and {@code telephoneNumber}; an account is enabled unless {@code loginDisabled} is
 * TRUE or {@code loginExpirationTime} has passed; a user's groups come from {@code
 * groupMembership}. Logs in as eDirectory's login dialog offers: a DN and password, anonymously
 * ({@link dev.umt.ldap.Bind#anonymous()}) or with a client certificate over TLS ({@link
 * dev.umt.ldap.Bind#clientCertificate}, SASL EXTERNAL). Thread-safe; connects on first use.
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
public final class EDirectorySource extends ReaderBackedSource {

  /** A source for {@code config}. No network I/O. */
  public EDirectorySource(LdapConfig config) {
    this(config, Clock.systemUTC());
  }

  /** A source whose idea of "now" (for {@code loginExpirationTime}) is {@code clock}. */
  public EDirectorySource(LdapConfig config, Clock clock) {
    super(new LdapDirectoryReader(config, new EDirectoryDialect(), clock));
  }
}
