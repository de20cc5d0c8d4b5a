package dev.umt.rules.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import dev.umt.Secret;
import dev.umt.directory.DirectorySource;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.LdapDirectorySource;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.OrganisationLdif;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The scenario on UnboundID's in-memory server (generated entryUUID ids) through the generic LDAPv3
 * source: runs everywhere. The schema is off, as in umt-ldap's own in-memory fixture, because the
 * test kit's generic organisation does not pass the in-memory server's schema checks.
 */
class RenamedOuOnInMemoryServerTest extends RenamedOuScenario {
  private static final String BASE_DN = "dc=example,dc=test";
  private static InMemoryDirectoryServer directory;
  private static LdapDirectorySource source;

  @BeforeAll
  static void start() throws LDAPException {
    InMemoryDirectoryServerConfig config =
        EmbeddedDirectories.configuration(LdapFlavour.GENERIC, BASE_DN);
    config.setSchema(null);
    directory = new InMemoryDirectoryServer(config);
    for (Entry e : OrganisationLdif.entries(Organisation.standard(), LdapFlavour.GENERIC)) {
      directory.add(e);
    }
    directory.startListening();
    source =
        new LdapDirectorySource(
            LdapConfig.builder()
                .server("127.0.0.1", directory.getListenPort())
                .security(LdapConfig.Security.NONE)
                .bind(
                    Bind.simple(
                        EmbeddedDirectories.BIND_DN, Secret.of(EmbeddedDirectories.BIND_PASSWORD)))
                .allowSimpleBindWithoutEncryption(true)
                .baseDn(BASE_DN)
                .connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(20))
                .build());
  }

  @AfterAll
  static void stop() {
    if (source != null) {
      source.close();
    }
    if (directory != null) {
      directory.shutDown(true);
    }
  }

  @Override
  LdapFlavour flavour() {
    return LdapFlavour.GENERIC;
  }

  @Override
  String baseDn() {
    return BASE_DN;
  }

  @Override
  LDAPConnection connectAsAdministrator() throws LDAPException {
    return directory.getConnection();
  }

  @Override
  DirectorySource source() {
    return source;
  }
}
