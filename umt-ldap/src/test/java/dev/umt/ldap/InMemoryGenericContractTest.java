package dev.umt.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import dev.umt.directory.DirectorySource;
import dev.umt.testkit.DirectorySourceContract;
import dev.umt.testkit.ldap.LdapFlavour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The generic source passes the contract on UnboundID's in-memory server in the generic flavour,
 * schema off: the server publishes no memberOf, so groups are found by scanning them.
 */
class InMemoryGenericContractTest extends DirectorySourceContract {
  private static InMemoryDirectoryServer directory;
  private static LdapDirectorySource source;

  @BeforeAll
  static void start() throws Exception {
    directory = Fixtures.start(LdapFlavour.GENERIC, c -> c.setSchema(null));
    source = new LdapDirectorySource(TestConfigs.plain(directory, "dc=example,dc=test").build());
  }

  @AfterAll
  static void stop() {
    source.close();
    directory.shutDown(true);
  }

  @Override
  protected DirectorySource source() {
    return source;
  }
}
