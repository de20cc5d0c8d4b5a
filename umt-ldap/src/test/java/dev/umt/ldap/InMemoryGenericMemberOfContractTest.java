package dev.umt.ldap;

import dev.umt.directory.DirectorySource;
import dev.umt.testkit.DirectorySourceContract;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.EmbeddedDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The generic source passes the contract on the test kit's generic in-memory directory, whose
 * schema has memberOf (users' groups from memberOf).
 */
class InMemoryGenericMemberOfContractTest extends DirectorySourceContract {
  private static EmbeddedDirectory directory;
  private static LdapDirectorySource source;

  @BeforeAll
  static void start() {
    directory = EmbeddedDirectories.generic();
    source = new LdapDirectorySource(TestConfigs.plain(directory).build());
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
