package dev.umt.ldap;

import dev.umt.testkit.ldap.EmbeddedDirectory;
import java.time.Duration;

/** Configurations for the test directories. */
final class TestConfigs {
  private TestConfigs() {}

  /**
   * Plain LDAP to an embedded directory, bound as its manager (simple bind allowed without TLS:
   * loopback test only).
   */
  static LdapConfig.Builder plain(EmbeddedDirectory d) {
    return LdapConfig.builder()
        .server(d.host(), d.port())
        .security(LdapConfig.Security.NONE)
        .bind(Bind.simple(d.bindDn(), d.password()))
        .allowSimpleBindWithoutEncryption(true)
        .baseDn(d.baseDn())
        .connectTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofSeconds(20));
  }

  /** Plain LDAP to an in-memory server started by {@link Fixtures}. */
  static LdapConfig.Builder plain(
      com.unboundid.ldap.listener.InMemoryDirectoryServer s, String baseDn) {
    return LdapConfig.builder()
        .server("127.0.0.1", s.getListenPort())
        .security(LdapConfig.Security.NONE)
        .bind(
            Bind.simple(
                dev.umt.testkit.ldap.EmbeddedDirectories.BIND_DN,
                dev.umt.Secret.of(dev.umt.testkit.ldap.EmbeddedDirectories.BIND_PASSWORD)))
        .allowSimpleBindWithoutEncryption(true)
        .baseDn(baseDn)
        .connectTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofSeconds(20));
  }
}
