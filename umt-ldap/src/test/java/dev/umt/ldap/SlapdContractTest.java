package dev.umt.ldap;

import dev.umt.directory.DirectorySource;
import dev.umt.testkit.DirectorySourceContract;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The generic source passes the contract on OpenLDAP slapd (memberof overlay, ppolicy attributes),
 * over StartTLS with the test CA as trust store, bound as the non-administrator reader. Skips when
 * slapd is not running (fails under UMT_REQUIRE_TEST_SERVERS=1).
 */
class SlapdContractTest extends DirectorySourceContract {
  private static LdapDirectorySource source;

  @BeforeAll
  static void start() {
    TestServer slapd = TestServers.slapd();
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
  protected DirectorySource source() {
    return source;
  }
}
