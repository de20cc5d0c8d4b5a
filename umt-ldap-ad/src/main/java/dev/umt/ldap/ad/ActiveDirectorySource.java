package dev.umt.ldap.ad;

import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.spi.LdapDirectoryReader;
import dev.umt.ldap.spi.ReaderBackedSource;
import java.time.Clock;

/**
 * The Active Directory source (type {@code active-directory}), for Microsoft AD and Samba's AD DC.
 * Ids are objectGUIDs as canonical strings ({@code 12345678-1234-...}); users are {@code user}
 * objects that are not computers, with {@code sAMAccountName} as login, {@code mail}, {@code
 * givenName}, {@code sn}, {@code displayName}, {@code title}, {@code department} and {@code
 * telephoneNumber}; an account is enabled unless bit 0x2 of {@code userAccountControl} is set or
 * {@code accountExpires} has passed. {@code userPrincipalName}, {@code uSNChanged} and {@code
 * whenChanged} come along in the user's attributes. Large groups are read in ranges; nested groups
 * are expanded as {@link LdapConfig#groupExpansion()} says (see the README for the measurements
 * behind the default). Thread-safe; connects on first use.
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
public final class ActiveDirectorySource extends ReaderBackedSource {

  /** A source for {@code config}. No network I/O. */
  public ActiveDirectorySource(LdapConfig config) {
    this(config, Clock.systemUTC());
  }

  /** A source whose idea of "now" (for {@code accountExpires}) is {@code clock}. */
  public ActiveDirectorySource(LdapConfig config, Clock clock) {
    super(new LdapDirectoryReader(config, new ActiveDirectoryDialect(), clock));
  }
}
