package dev.umt.rules.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import dev.umt.directory.DirectorySource;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.ad.ActiveDirectorySource;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The scenario on Samba's Active Directory domain controller (objectGUID ids) through the AD source
 * over LDAPS as the read-only account. Skips when Samba is not running (fails under
 * UMT_REQUIRE_TEST_SERVERS=1).
 */
class RenamedOuOnSambaTest extends RenamedOuScenario {
  private static TestServer samba;
  private static ActiveDirectorySource source;

  @BeforeAll
  static void start() {
    samba = TestServers.samba();
    source =
        new ActiveDirectorySource(
            LdapConfig.builder()
                .server(samba.host(), samba.ldapsPort())
                .security(LdapConfig.Security.LDAPS)
                .trustStore(samba.trustStore(), samba.trustStorePassword())
                .bind(Bind.simple(samba.readerDn(), samba.readerPassword()))
                .baseDn(samba.baseDn())
                .responseTimeout(Duration.ofSeconds(60))
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
    return LdapFlavour.ACTIVE_DIRECTORY;
  }

  @Override
  String baseDn() {
    return samba.baseDn();
  }

  @Override
  LDAPConnection connectAsAdministrator() throws LDAPException {
    return samba.connect();
  }

  @Override
  DirectorySource source() {
    return source;
  }
}
