package dev.umt.ldap.ad;

import dev.umt.directory.DirectorySource;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.testkit.DirectorySourceContract;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.EmbeddedDirectory;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The AD source passes the contract on the in-memory server holding the AD-flavoured organisation.
 * The in-memory server does not say it is AD, so the source uses neither the in-chain rule nor
 * ranges there (it would fail with rc=18, or silently read nothing).
 */
class InMemoryActiveDirectoryContractTest extends DirectorySourceContract {
  private static EmbeddedDirectory directory;
  private static ActiveDirectorySource source;

  @BeforeAll
  static void start() {
    directory = EmbeddedDirectories.activeDirectoryLike();
    source = new ActiveDirectorySource(config(directory).build());
  }

  static LdapConfig.Builder config(EmbeddedDirectory d) {
    return LdapConfig.builder()
        .server(d.host(), d.port())
        .security(LdapConfig.Security.NONE)
        .bind(Bind.simple(d.bindDn(), d.password()))
        .allowSimpleBindWithoutEncryption(true)
        .baseDn(d.baseDn())
        .responseTimeout(Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (source != null) {
      source.close();
    }
    if (directory != null) {
      directory.close();
    }
  }

  @Override
  protected DirectorySource source() {
    return source;
  }
}
