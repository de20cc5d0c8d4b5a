package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;
import dev.umt.AuthenticationException;
import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.TemporaryFailureException;
import dev.umt.directory.SourceInfo;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.LdapFlavour;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each failure a user meets has its own exception type and a message naming the server, the
 * identity and the problem.
 */
class ConnectionErrorsTest {
  private static InMemoryDirectoryServer server;
  private static File keyStore;
  private static char[] keyStorePin;
  private static File otherKeyStore;

  private static File certificate(String dnsName) throws Exception {
    File file = File.createTempFile("umt-test-server", ".p12");
    file.delete();
    file.deleteOnExit();
    ResultCode rc =
        ManageCertificates.main(
            null,
            java.io.OutputStream.nullOutputStream(),
            System.err,
            "generate-self-signed-certificate",
            "--keystore",
            file.getPath(),
            "--keystore-password",
            new String(keyStorePin),
            "--keystore-type",
            "PKCS12",
            "--alias",
            "server",
            "--subject-dn",
            "CN=" + dnsName + ",O=UMT test",
            "--subject-alternative-name-dns",
            dnsName,
            "--days-valid",
            "2");
    assertThat(rc).isEqualTo(ResultCode.SUCCESS);
    return file;
  }

  @BeforeAll
  static void start() throws Exception {
    // Self-signed certificates: one for the name localhost, one for a name this machine does not
    // have.
    keyStorePin = "test-only-pin".toCharArray();
    keyStore = certificate("localhost");
    otherKeyStore = certificate("dc1.example.test");
    SSLUtil serverTls =
        new SSLUtil(
            new KeyStoreKeyManager(keyStore, keyStorePin, "PKCS12", null),
            new TrustAllTrustManager());
    SSLUtil otherTls =
        new SSLUtil(
            new KeyStoreKeyManager(otherKeyStore, keyStorePin, "PKCS12", null),
            new TrustAllTrustManager());
    server =
        Fixtures.start(
            LdapFlavour.GENERIC,
            c -> {
              c.setSchema(null);
              try {
                c.setListenerConfigs(
                    InMemoryListenerConfig.createLDAPConfig(
                        "ldap", InetAddress.getLoopbackAddress(), 0, null),
                    InMemoryListenerConfig.createLDAPSConfig(
                        "ldaps",
                        InetAddress.getLoopbackAddress(),
                        0,
                        serverTls.createSSLServerSocketFactory(),
                        null),
                    InMemoryListenerConfig.createLDAPSConfig(
                        "other",
                        InetAddress.getLoopbackAddress(),
                        0,
                        otherTls.createSSLServerSocketFactory(),
                        null));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.shutDown(true);
    }
  }

  private static LdapConfig.Builder ldaps(String host) {
    return LdapConfig.builder()
        .server(host, server.getListenPort("ldaps"))
        .security(LdapConfig.Security.LDAPS)
        .bind(
            Bind.simple(EmbeddedDirectories.BIND_DN, Secret.of(EmbeddedDirectories.BIND_PASSWORD)))
        .baseDn("dc=example,dc=test");
  }

  @Test
  void anUnreachableHostIsATemporaryFailureNamingIt() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            LdapConfig.builder()
                .server("127.0.0.1", port)
                .security(LdapConfig.Security.NONE)
                .build())) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(TemporaryFailureException.class)
          .hasMessageStartingWith(
              "cannot reach LDAP server 127.0.0.1:" + port + " while connecting as anonymous: ")
          .hasMessageContaining("Connection refused");
    }
  }

  @Test
  void failsOverToTheNextServer() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            TestConfigs.plain(server, "dc=example,dc=test").server("127.0.0.1", -1).build())) {
      assertThat(source.checkConnection().namingContexts()).contains("dc=example,dc=test");
    }
    LdapConfig.Builder b =
        LdapConfig.builder()
            .server("127.0.0.1", dead)
            .server("127.0.0.1", server.getListenPort("ldap"))
            .security(LdapConfig.Security.NONE)
            .baseDn("dc=example,dc=test");
    try (LdapDirectorySource source = new LdapDirectorySource(b.build())) {
      assertThat(source.checkConnection().boundAs()).isEqualTo("anonymous");
    }
  }

  @Test
  void wrongCredentialsAreAnAuthenticationErrorWithoutThePassword() {
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            TestConfigs.plain(server, "dc=example,dc=test")
                .bind(Bind.simple(EmbeddedDirectories.BIND_DN, Secret.of("wrong-secret")))
                .build())) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(AuthenticationException.class)
          .hasMessageStartingWith(
              "LDAP server 127.0.0.1:"
                  + server.getListenPort("ldap")
                  + " refused the credentials of cn=Directory Manager")
          .hasMessageNotContaining("wrong-secret");
    }
  }

  @Test
  void kerberosWithoutATicketIsAnAuthenticationErrorSayingWhatToDo() {
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            LdapConfig.builder()
                .server("127.0.0.1", server.getListenPort("ldap"))
                .security(LdapConfig.Security.NONE)
                .bind(Bind.kerberos())
                .build())) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(AuthenticationException.class)
          .hasMessageStartingWith(
              "no usable Kerberos ticket for the current login while connecting as the current"
                  + " Kerberos login on LDAP server 127.0.0.1:"
                  + server.getListenPort("ldap")
                  + ": log in to the domain or run kinit first (");
    }
  }

  @Test
  void aBaseDnThatDoesNotExistIsAConfigurationError() {
    try (LdapDirectorySource source =
        new LdapDirectorySource(TestConfigs.plain(server, "dc=nowhere,dc=test").build())) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "base DN dc=nowhere,dc=test does not exist on LDAP server 127.0.0.1:"
                  + server.getListenPort("ldap")
                  + " (naming contexts: dc=example,dc=test)");
    }
  }

  @Test
  void checkConnectionReportsTheServer() {
    try (LdapDirectorySource source =
        new LdapDirectorySource(TestConfigs.plain(server, "dc=example,dc=test").build())) {
      SourceInfo info = source.checkConnection();
      assertThat(info.vendor()).isEqualTo("Ping Identity Corporation");
      assertThat(info.namingContexts()).containsExactly("dc=example,dc=test");
      assertThat(info.boundAs()).isEqualTo("cn=Directory Manager");
      assertThat(info.capabilities())
          .contains(SourceInfo.Capability.PAGED_RESULTS)
          .doesNotContain(
              SourceInfo.Capability.IN_CHAIN_MATCHING, SourceInfo.Capability.RANGE_RETRIEVAL);
    }
  }

  @Test
  void tlsWithoutTrustInTheCertificateIsRefusedNamingTheProblem() {
    try (LdapDirectorySource source = new LdapDirectorySource(ldaps("127.0.0.1").build())) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith(
              "TLS connection to LDAP server 127.0.0.1:"
                  + server.getListenPort("ldaps")
                  + " failed while connecting as cn=Directory Manager: ")
          .hasMessageContaining(
              "cannot be trusted because none of the certificates in that chain were found in the"
                  + " JVM's default set of trusted issuers");
    }
  }

  @Test
  void tlsWithTheCertificateInATrustStoreWorks() {
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            ldaps("localhost").trustStore(keyStore.toPath(), Secret.of(keyStorePin)).build())) {
      assertThat(source.checkConnection().boundAs()).isEqualTo("cn=Directory Manager");
    }
  }

  @Test
  void aCertificateForAnotherHostNameIsRefused() {
    LdapConfig config =
        LdapConfig.builder()
            .server("localhost", server.getListenPort("other"))
            .security(LdapConfig.Security.LDAPS)
            .trustStore(otherKeyStore.toPath(), Secret.of(keyStorePin))
            .build();
    try (LdapDirectorySource source = new LdapDirectorySource(config)) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith(
              "TLS connection to LDAP server localhost:"
                  + server.getListenPort("other")
                  + " failed while connecting as anonymous: Hostname verification failed because"
                  + " the expected hostname 'localhost' was not found in peer certificate");
    }
  }

  @Test
  void aServerGivenAsAnIpAddressNeedsThatAddressInTheCertificate() {
    // The certificate names dc1.example.test only: UnboundID's own verifier let this through for an
    // IP literal.
    int port = server.getListenPort("other");
    LdapConfig config =
        LdapConfig.builder()
            .server("127.0.0.1", port)
            .security(LdapConfig.Security.LDAPS)
            .trustStore(otherKeyStore.toPath(), Secret.of(keyStorePin))
            .build();
    try (LdapDirectorySource source = new LdapDirectorySource(config)) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "TLS connection to LDAP server 127.0.0.1:"
                  + port
                  + " failed while connecting as anonymous: Hostname verification failed because"
                  + " the expected IP address '127.0.0.1' is not among the IP addresses in the peer"
                  + " certificate's subjectAltName (DNS:dc1.example.test); connect by a name the"
                  + " certificate holds, or give the server a certificate with IP:127.0.0.1 (trust"
                  + " store "
                  + otherKeyStore
                  + ")");
    }
    int localhostOnly = server.getListenPort("ldaps");
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            ldaps("127.0.0.1").trustStore(keyStore.toPath(), Secret.of(keyStorePin)).build())) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(
              "127.0.0.1:"
                  + localhostOnly
                  + " failed while connecting as cn=Directory Manager: Hostname verification failed"
                  + " because the expected IP address '127.0.0.1' is not among the IP addresses in"
                  + " the peer certificate's subjectAltName (DNS:localhost)");
    }
  }

  @Test
  void startTlsIsCheckedTheSameWay() throws Exception {
    // The in-memory server's plain listener has no StartTLS handler: the upgrade itself is refused.
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            LdapConfig.builder()
                .server("localhost", server.getListenPort("ldap"))
                .security(LdapConfig.Security.STARTTLS)
                .trustStore(keyStore.toPath(), Secret.of(keyStorePin))
                .build())) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(dev.umt.UmtException.class)
          .hasMessageContaining("localhost:" + server.getListenPort("ldap"));
    }
  }

  @Test
  void trustingEveryCertificateNeedsTheOptionThatSaysSo() {
    try (LdapDirectorySource source =
        new LdapDirectorySource(ldaps("127.0.0.1").trustAllCertificatesInsecurely(true).build())) {
      assertThat(source.checkConnection().boundAs()).isEqualTo("cn=Directory Manager");
    }
  }

  @Test
  void aMissingTrustStoreIsNamed() {
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            ldaps("127.0.0.1")
                .trustStore(Path.of("/nonexistent/ca.p12"), Secret.of("x"))
                .build())) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(ConfigurationException.class)
          .hasMessage("trust store /nonexistent/ca.p12 does not exist or cannot be read");
    }
  }
}
