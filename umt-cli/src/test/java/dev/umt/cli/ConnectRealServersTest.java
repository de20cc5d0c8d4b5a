package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import dev.umt.testkit.ldap.KerberosLogin;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code umt connect} against the real servers of {@code scripts/test-servers}: a
 * client-certificate (SASL EXTERNAL) bind over LDAPS on the eDirectory-schema slapd, and a Kerberos
 * bind from a ticket cache on Samba's AD. Each test skips when its server is absent, and fails
 * instead under {@code UMT_REQUIRE_TEST_SERVERS=1} ({@link TestServers}).
 */
class ConnectRealServersTest extends CliTest {
  private static final String KRB5_CONF = "java.security.krb5.conf";
  String previousKrb5Conf;

  @BeforeEach
  void keepKrb5Conf() {
    previousKrb5Conf = System.getProperty(KRB5_CONF);
  }

  @AfterEach
  void restoreKrb5Conf() {
    if (previousKrb5Conf == null) {
      System.clearProperty(KRB5_CONF);
    } else {
      System.setProperty(KRB5_CONF, previousKrb5Conf);
    }
  }

  @Test
  void aClientCertificateBindOverLdapsSaysItIsBoundAsTheMappedReader() {
    TestServer edir = TestServers.edirectory();
    Path trustPassword = f.write("trust-password.txt", edir.trustStorePassword().reveal() + "\n");
    Path keyPassword = f.write("key-password.txt", edir.clientKeyStorePassword().reveal() + "\n");
    Result r =
        f.run(
            "connect",
            "--type",
            "edirectory",
            "--servers",
            edir.host() + ":" + edir.ldapsPort(),
            "--security",
            "ldaps",
            "--trust-store",
            edir.trustStore().toString(),
            "--trust-store-password-file",
            trustPassword.toString(),
            "--bind",
            "client-certificate",
            "--key-store",
            edir.clientKeyStore().toString(),
            "--key-store-password-file",
            keyPassword.toString(),
            "--base-dn",
            edir.baseDn());
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out())
        .contains(
            " at "
                + edir.host()
                + ":"
                + edir.ldapsPort()
                + " (client-certificate bind), bound as "
                + edir.readerDn()
                + ".");
    Result again = f.run("connect");
    assertThat(again.exit())
        .as("the saved settings and key store password are reused: " + again.all())
        .isZero();
    assertThat(again.out()).contains("bound as " + edir.readerDn() + ".");
  }

  @Test
  void aKerberosBindFromATicketCacheSaysItIsBoundAsThePrincipal() {
    TestServer samba = TestServers.samba();
    KerberosLogin kerberos = TestServers.sambaKerberos();
    System.setProperty(KRB5_CONF, kerberos.krb5Conf().toString());
    Result r =
        f.run(
            "connect",
            "--type",
            "active-directory",
            "--servers",
            samba.host() + ":" + samba.port(),
            "--security",
            "none",
            "--bind",
            "kerberos",
            "--ticket-cache",
            kerberos.ticketCache().toString(),
            "--kerberos-server-name",
            kerberos.serverName(),
            "--base-dn",
            samba.baseDn());
    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.out())
        .contains(
            " at "
                + samba.host()
                + ":"
                + samba.port()
                + " (kerberos bind), bound as "
                + kerberos.principal()
                + ".");
    assertThat(r.out()).startsWith("Connected to Samba Team");
  }
}
