package dev.umt.testkit.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * How a test learns that a server is missing: a skip saying how to start it, or a failure when
 * servers are required.
 */
class TestServersTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty(TestServers.DIRECTORY_PROPERTY);
    System.clearProperty(TestServers.REQUIRE_PROPERTY);
  }

  @Test
  void missingDetailsFileMeansNoServerAndSaysHowToStartIt() {
    System.setProperty(TestServers.DIRECTORY_PROPERTY, dir.toString());
    assertThat(TestServers.directory()).isEqualTo(dir);
    assertThat(TestServers.find("slapd")).isEmpty();
    System.setProperty(TestServers.REQUIRE_PROPERTY, "true");
    assertThatThrownBy(TestServers::slapd)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "test server slapd is not running: "
                + dir.resolve("servers.properties")
                + " does not exist; start it with scripts/test-servers/servers.sh start slapd"
                + " (scripts/test-servers/install.sh installs the packages);"
                + " UMT_REQUIRE_TEST_SERVERS=1 (or -Dumt.requireTestServers=true) makes a missing"
                + " test server a failure");
  }

  @Test
  void serverThatDoesNotAnswerIsMissing() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Files.writeString(
        dir.resolve("servers.properties"),
        String.join(
            "\n",
            "tls.trustStore=/nowhere/truststore.p12",
            "tls.trustStorePassword=x",
            "tls.clientKeyStore=/nowhere/client.p12",
            "tls.clientKeyStorePassword=x",
            "samba.flavour=active-directory",
            "samba.host=127.0.0.1",
            "samba.port=" + closedPort,
            "samba.ldapsPort=" + closedPort,
            "samba.baseDn=DC=example,DC=test",
            "samba.bindDn=cn=x",
            "samba.password=x",
            "samba.readerDn=cn=y",
            "samba.readerPassword=y",
            ""));
    System.setProperty(TestServers.DIRECTORY_PROPERTY, dir.toString());
    assertThat(TestServers.find("samba")).isEmpty();
    assertThat(TestServers.find("edirectory")).isEmpty();
    System.setProperty(TestServers.REQUIRE_PROPERTY, "true");
    assertThatThrownBy(TestServers::samba)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "test server samba does not answer at ldap://127.0.0.1:" + closedPort + " (")
        .hasMessageContaining("start it with scripts/test-servers/servers.sh start samba");
  }

  @Test
  void missingServerSkipsWhenNotRequiredAndFailsWhenRequired() {
    assertThatThrownBy(() -> TestServers.unavailable("test server x is not running", false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("test server x is not running");
    assertThatThrownBy(() -> TestServers.unavailable("test server x is not running", true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "test server x is not running; UMT_REQUIRE_TEST_SERVERS=1 "
                + "(or -Dumt.requireTestServers=true) makes a missing test server a failure");
  }

  @Test
  void unknownServerNameIsAnError() {
    assertThatThrownBy(() -> TestServers.find("ldap"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown test server 'ldap': expected slapd, edirectory, stock or samba");
  }
}
