package dev.umt.ldap;

import dev.umt.ldap.internal.GenericDialect;
import dev.umt.ldap.spi.LdapDirectoryReader;
import dev.umt.ldap.spi.ReaderBackedSource;

/**
 * The generic LDAPv3 source (type {@code ldap}) for OpenLDAP, 389-DS, ApacheDS and the like: ids
 * from {@code entryUUID} or {@code nsUniqueId}, users of class {@code inetOrgPerson} with {@code
 * uid}, {@code mail}, {@code givenName}, {@code sn}, {@code displayName}, {@code title}, {@code
 * departmentNumber} and {@code telephoneNumber}; disabled when {@code pwdAccountLockedTime} or
 * {@code nsAccountLock} says so; groups from {@code memberOf} where the server keeps it, else from
 * a scan of {@code groupOfNames}/{@code groupOfUniqueNames}. Thread-safe; connects on first use.
 *
 * <pre>{@code
 * LdapConfig config = LdapConfig.builder().server("ldap.example.com", 636).security(LdapConfig.Security.LDAPS)
 *     .bind(Bind.simple("cn=umt,ou=services,dc=example,dc=com", Secret.of(password))).build();
 * try (LdapDirectorySource source = new LdapDirectorySource(config)) {
 *   source.checkConnection();
 * }
 * }</pre>
 */
public final class LdapDirectorySource extends ReaderBackedSource {

  /** A source for {@code config}. No network I/O. */
  public LdapDirectorySource(LdapConfig config) {
    super(new LdapDirectoryReader(config, new GenericDialect()));
  }
}
