package dev.umt.testkit.ldap;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A Kerberos login to Samba's realm on 127.0.0.1, as {@code scripts/test-servers/servers.sh} sets
 * it up and {@link TestServers#sambaKerberos()} keeps fresh: a private {@code krb5.conf} (realm
 * EXAMPLE.TEST, KDC 127.0.0.1, no DNS) and a ticket cache holding the non-administrator reader's
 * ticket-granting ticket (what {@code kinit} leaves). Test-only.
 *
 * @param krb5Conf the Kerberos configuration file, for {@code -Djava.security.krb5.conf} or {@code
 *     KRB5_CONFIG}
 * @param ticketCache the ticket cache file ({@code KRB5CCNAME=FILE:<ticketCache>})
 * @param principal the principal whose ticket the cache holds, {@code umt-reader@EXAMPLE.TEST}
 * @param serverName the domain controller's host name, {@code dc1.example.test}: the LDAP service
 *     principal is {@code ldap/<serverName>}, while the tests connect to 127.0.0.1
 */
public record KerberosLogin(Path krb5Conf, Path ticketCache, String principal, String serverName) {
  public KerberosLogin {
    Objects.requireNonNull(krb5Conf, "krb5Conf");
    Objects.requireNonNull(ticketCache, "ticketCache");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(serverName, "serverName");
  }
}
