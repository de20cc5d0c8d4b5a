package dev.umt.edirectory;

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
 * The eDirectory source passes the contract on the in-memory eDirectory-flavoured organisation,
 * logged in anonymously.
 */
class InMemoryEDirectoryContractTest extends DirectorySourceContract {
  private static EmbeddedDirectory directory;
  private static EDirectorySource source;

  @BeforeAll
  static void start() {
    directory = EmbeddedDirectories.eDirectoryLike();
    source =
        new EDirectorySource(
            LdapConfig.builder()
                .server(directory.host(), directory.port())
                .security(LdapConfig.Security.NONE)
                .bind(Bind.anonymous())
                .baseDn(directory.baseDn())
                .responseTimeout(Duration.ofSeconds(20))
                .build());
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
