package dev.umt.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.OrganisationLdif;
import java.util.function.Consumer;

/**
 * In-memory servers holding the standard organisation, with variations the test kit's fixtures do
 * not offer.
 */
final class Fixtures {
  private Fixtures() {}

  /**
   * The organisation in {@code flavour} on a started server whose configuration {@code adjust} may
   * change (schema off, a size limit). With the schema off the server publishes none, so a source
   * cannot know of memberOf and scans groups instead, as on ApacheDS.
   */
  static InMemoryDirectoryServer start(
      LdapFlavour flavour, Consumer<InMemoryDirectoryServerConfig> adjust) throws LDAPException {
    Organisation org = Organisation.standard();
    InMemoryDirectoryServerConfig config =
        EmbeddedDirectories.configuration(flavour, OrganisationLdif.baseDn(org, flavour));
    adjust.accept(config);
    InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
    for (Entry e : OrganisationLdif.entries(org, flavour)) {
      server.add(e);
    }
    server.startListening();
    return server;
  }
}
