package dev.umt.ldap.ad;

import dev.umt.directory.DirectorySource;
import dev.umt.ldap.LdapConfig;
import dev.umt.testkit.DirectorySourceContract;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.EmbeddedDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract again with nested groups closed over from memberOf in memory (the default on a real
 * AD).
 */
class InMemoryMemberOfContractTest extends DirectorySourceContract {
  private static EmbeddedDirectory directory;
  private static ActiveDirectorySource source;

  @BeforeAll
  static void start() {
    directory = EmbeddedDirectories.activeDirectoryLike();
    source =
        new ActiveDirectorySource(
            InMemoryActiveDirectoryContractTest.config(directory)
                .groupExpansion(LdapConfig.GroupExpansion.MEMBER_OF)
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
