package dev.umt.rules.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import dev.umt.directory.DirectorySource;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.LdapDirectorySource;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The scenario on OpenLDAP slapd (entryUUID ids, a real subtree rename) through the generic source
 * over StartTLS as the read-only account. Skips when slapd is not running (fails under
 * UMT_REQUIRE_TEST_SERVERS=1).
 */
class RenamedOuOnSlapdTest extends RenamedOuScenario {
  private static TestServer slapd;
  private static LdapDirectorySource source;

  @BeforeAll
  static void start() {
    slapd = TestServers.slapd();
    source =
        new LdapDirectorySource(
            LdapConfig.builder()
                .server(slapd.host(), slapd.port())
                .security(LdapConfig.Security.STARTTLS)
                .trustStore(slapd.trustStore(), slapd.trustStorePassword())
                .bind(Bind.simple(slapd.readerDn(), slapd.readerPassword()))
                .baseDn(slapd.baseDn())
                .responseTimeout(Duration.ofSeconds(30))
                .build());
  }

  @AfterAll
  static void stop() {
    if (source != null) {
      source.close();
    }
  }

  @Override
  LdapFlavour flavour() {
    return LdapFlavour.GENERIC;
  }

  @Override
  String baseDn() {
    return slapd.baseDn();
  }

  @Override
  LDAPConnection connectAsAdministrator() throws LDAPException {
    return slapd.connect();
  }

  @Override
  DirectorySource source() {
    return source;
  }
}
