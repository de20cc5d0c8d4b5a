package dev.umt.ldap.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/**
 * The host-name check on the test CA's server certificate (subjectAltName IP:127.0.0.1,
 * DNS:localhost, DNS:dc1.example.test, CN=localhost): an address only against IP names, a name only
 * against DNS names.
 */
class StrictHostNameVerifierTest {

  private static X509Certificate serverCertificate() throws Exception {
    TestServer slapd = TestServers.stockSlapd();
    try (InputStream in = Files.newInputStream(slapd.trustStore().resolveSibling("server.pem"))) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void anAddressIsMatchedOnlyAgainstIpNamesAndANameOnlyAgainstDnsNames() throws Exception {
    X509Certificate c = serverCertificate();
    assertThat(StrictHostNameVerifier.problem("127.0.0.1", c)).isNull();
    assertThat(StrictHostNameVerifier.problem("localhost", c)).isNull();
    assertThat(StrictHostNameVerifier.problem("DC1.Example.Test.", c)).isNull();
    assertThat(StrictHostNameVerifier.problem("127.0.0.2", c))
        .isEqualTo(
            "Hostname verification failed because the expected IP address '127.0.0.2' is not among"
                + " the IP addresses in the peer certificate's subjectAltName (IP:127.0.0.1,"
                + " DNS:localhost, DNS:dc1.example.test); connect by a name the certificate holds,"
                + " or give the server a certificate with IP:127.0.0.2");
    assertThat(StrictHostNameVerifier.problem("::1", c))
        .startsWith("Hostname verification failed because the expected IP address '::1'");
    assertThat(StrictHostNameVerifier.problem("dc2.example.test", c))
        .isEqualTo(
            "Hostname verification failed because the expected hostname 'dc2.example.test' was not"
                + " found in peer certificate (subject CN=localhost,O=UMT test, subjectAltName"
                + " IP:127.0.0.1, DNS:localhost, DNS:dc1.example.test)");
    // A name that spells the address is still a name: it is never matched against IP:127.0.0.1.
    assertThat(StrictHostNameVerifier.problem("127.0.0.1.nip.io", c))
        .startsWith("Hostname verification failed because the expected hostname");
  }

  @Test
  void literalsAreParsedWithoutLookingAnythingUp() {
    assertThat(StrictHostNameVerifier.literal("127.0.0.1")).isPresent();
    assertThat(StrictHostNameVerifier.literal("[::1]")).isPresent();
    assertThat(StrictHostNameVerifier.literal("localhost")).isEmpty();
    assertThat(StrictHostNameVerifier.literal("dc1.example.test")).isEmpty();
  }
}
