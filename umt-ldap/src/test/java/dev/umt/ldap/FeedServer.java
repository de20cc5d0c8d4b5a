package dev.umt.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import dev.umt.Secret;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code feed} test server of scripts/test-servers (a generic slapd with syncprov and a session
 * log, refint and memberof, port 6389), read from the {@code feed.*} lines of servers.properties.
 * Nothing is loaded into it: tests add an OU of their own. Skips when it does not run, fails under
 * {@code UMT_REQUIRE_TEST_SERVERS=1}.
 */
final class FeedServer {
  private FeedServer() {}

  static TestServer get() {
    Path file = TestServers.directory().resolve("servers.properties");
    String start = "start it with scripts/test-servers/servers.sh start feed";
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        return unavailable("cannot read " + file + ": " + e.getMessage());
      }
    }
    if (p.getProperty("feed.port") == null) {
      return unavailable(
          "test server feed is not running (" + file + " has no feed.port); " + start);
    }
    TestServer server =
        new TestServer(
            "feed",
            LdapFlavour.of(p.getProperty("feed.flavour")),
            p.getProperty("feed.host"),
            Integer.parseInt(p.getProperty("feed.port")),
            Integer.parseInt(p.getProperty("feed.ldapsPort")),
            p.getProperty("feed.baseDn"),
            p.getProperty("feed.bindDn"),
            Secret.of(p.getProperty("feed.password")),
            p.getProperty("feed.readerDn"),
            Secret.of(p.getProperty("feed.readerPassword")),
            Path.of(p.getProperty("tls.trustStore")),
            Secret.of(p.getProperty("tls.trustStorePassword")),
            Path.of(p.getProperty("tls.clientKeyStore")),
            Secret.of(p.getProperty("tls.clientKeyStorePassword")));
    try (LDAPConnection c = server.connect()) {
      c.getRootDSE();
    } catch (LDAPException e) {
      return unavailable(
          "test server feed does not answer at "
              + server.url()
              + " ("
              + e.getMessage()
              + "); "
              + start);
    }
    return server;
  }

  private static TestServer unavailable(String reason) {
    if (TestServers.required()) {
      throw new IllegalStateException(
          reason + "; " + TestServers.REQUIRE_ENV + "=1 makes a missing test server a failure");
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  /** The reader over StartTLS with the test CA, as the connector would be configured. */
  static LdapConfig.Builder reader(TestServer s) {
    return LdapConfig.builder()
        .server(s.host(), s.port())
        .security(LdapConfig.Security.STARTTLS)
        .trustStore(s.trustStore(), s.trustStorePassword())
        .bind(Bind.simple(s.readerDn(), s.readerPassword()))
        .baseDn(s.baseDn())
        .connectTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofSeconds(30));
  }
}
