package dev.umt.ldap.ad;

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
 * The AD source passes the contract on Samba's AD domain controller, over LDAPS with the server's
 * certificate checked against the test trust store, bound as the non-administrator reader, with the
 * default group expansion. Skips when Samba is not running (fails under
 * UMT_REQUIRE_TEST_SERVERS=1).
 */
class SambaContractTest extends DirectorySourceContract {
  private static ActiveDirectorySource source;

  @BeforeAll
  static void start() {
    source = new ActiveDirectorySource(ldaps(TestServers.samba()).build());
  }

  /**
   * LDAPS to Samba as the reader, certificate and host name checked against the test trust store.
   */
  static LdapConfig.Builder ldaps(TestServer samba) {
    return LdapConfig.builder()
        .server(samba.host(), samba.ldapsPort())
        .security(LdapConfig.Security.LDAPS)
        .trustStore(samba.trustStore(), samba.trustStorePassword())
        .bind(Bind.simple(samba.readerDn(), samba.readerPassword()))
        .baseDn(samba.baseDn())
        .responseTimeout(Duration.ofSeconds(60));
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
