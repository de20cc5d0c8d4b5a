package dev.umt.edirectory;

import dev.umt.directory.DirectorySource;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.testkit.DirectorySourceContract;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The eDirectory source passes the contract on slapd holding the eDirectory attribute set (custom
 * schema: GUID, fullName, groupMembership, loginDisabled, loginExpirationTime), logged in as
 * eDirectory's "TLS binding" does: SASL EXTERNAL with a client certificate over LDAPS. Skips when
 * that slapd is not running (fails under UMT_REQUIRE_TEST_SERVERS=1).
 */
class SlapdEDirectoryContractTest extends DirectorySourceContract {
  private static EDirectorySource source;

  @BeforeAll
  static void start() {
    TestServer edir = TestServers.edirectory();
    source =
        new EDirectorySource(
            LdapConfig.builder()
                .server(edir.host(), edir.ldapsPort())
                .security(LdapConfig.Security.LDAPS)
                .trustStore(edir.trustStore(), edir.trustStorePassword())
                .bind(Bind.clientCertificate(edir.clientKeyStore(), edir.clientKeyStorePassword()))
                .baseDn(edir.baseDn())
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
  protected DirectorySource source() {
    return source;
  }
}
