package dev.umt.testkit.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import dev.umt.testkit.Organisation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;

/**
 * UnboundID in-memory directories on 127.0.0.1 loaded with the standard {@link Organisation}, in
 * the flavour of Active Directory, eDirectory or a generic LDAPv3 server. Each starts in about 0.1
 * s on a port the system picks; bind as {@link #BIND_DN} with {@link #BIND_PASSWORD}.
 *
 * <p>The schema is the standard one extended with what the flavour needs (files next to this class:
 * {@code active-directory-schema.ldif}, {@code edirectory-schema.ldif}, {@code
 * generic-schema.ldif}), so entries are checked as a real server would check them. What the
 * in-memory server cannot do, and a connector must detect rather than trust: the AD in-chain rule
 * (error 18), {@code member;range=...} (returns nothing), DirSync and content sync (error 12). Back
 * links (memberOf, groupMembership) are written once at load and not maintained afterwards.
 *
 * <pre>{@code
 * try (EmbeddedDirectory ad = EmbeddedDirectories.activeDirectoryLike()) {
 *   DirectorySource source = ...connect to ad.url() as ad.bindDn()...;
 * }
 * }</pre>
 */
public final class EmbeddedDirectories {

  /** The DN every embedded directory accepts a bind from; it is not an entry. */
  public static final String BIND_DN = "cn=Directory Manager";

  /** The password of {@link #BIND_DN}. Test-only. */
  public static final String BIND_PASSWORD = "umt-in-memory";

  private EmbeddedDirectories() {}

  /** The standard organisation as Active Directory holds it. */
  public static EmbeddedDirectory activeDirectoryLike() {
    return start(LdapFlavour.ACTIVE_DIRECTORY, Organisation.standard());
  }

  /** The standard organisation as eDirectory holds it. */
  public static EmbeddedDirectory eDirectoryLike() {
    return start(LdapFlavour.EDIRECTORY, Organisation.standard());
  }

  /**
   * The standard organisation as a generic LDAPv3 server (OpenLDAP with memberof and ppolicy) holds
   * it.
   */
  public static EmbeddedDirectory generic() {
    return start(LdapFlavour.GENERIC, Organisation.standard());
  }

  /**
   * {@code organisation} in {@code flavour}, on a new started server.
   *
   * @throws IllegalStateException when the server cannot start or refuses an entry (naming it)
   */
  public static EmbeddedDirectory start(LdapFlavour flavour, Organisation organisation) {
    InMemoryDirectoryServer server;
    try {
      server =
          new InMemoryDirectoryServer(
              configuration(flavour, OrganisationLdif.baseDn(organisation, flavour)));
    } catch (LDAPException e) {
      throw new IllegalStateException(
          "cannot configure an in-memory " + flavour.id() + " directory: " + e.getMessage(), e);
    }
    try {
      List<Entry> entries = OrganisationLdif.entries(organisation, flavour);
      for (Entry e : entries) {
        try {
          server.add(e);
        } catch (LDAPException ex) {
          throw new IllegalStateException(
              "the in-memory "
                  + flavour.id()
                  + " directory refused "
                  + e.getDN()
                  + ": "
                  + ex.getMessage(),
              ex);
        }
      }
      server.startListening();
    } catch (LDAPException e) {
      server.shutDown(true);
      throw new IllegalStateException(
          "cannot start an in-memory " + flavour.id() + " directory: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      server.shutDown(true);
      throw e;
    }
    return new EmbeddedDirectory(server, flavour, organisation);
  }

  /**
   * The configuration {@link #start} uses: base DN, bind credentials, a listener on 127.0.0.1 port
   * 0 and the flavour's schema. Change it (a change log, a size limit) and pass it to {@link
   * InMemoryDirectoryServer} to build a variant; load it with {@link OrganisationLdif#entries}.
   */
  public static InMemoryDirectoryServerConfig configuration(LdapFlavour flavour, String baseDn)
      throws LDAPException {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(baseDn);
    config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", loopback(), 0, null));
    config.setSchema(schema(flavour));
    return config;
  }

  /**
   * The standard schema with the flavour's additions (later definitions win, so AD's {@code top}
   * replaces the standard one).
   */
  static Schema schema(LdapFlavour flavour) {
    String file =
        switch (flavour) {
          case ACTIVE_DIRECTORY -> "active-directory-schema.ldif";
          case EDIRECTORY -> "edirectory-schema.ldif";
          case GENERIC -> "generic-schema.ldif";
        };
    try (InputStream in = EmbeddedDirectories.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(
            "schema resource " + file + " is missing from the test kit");
      }
      Entry entry = new LDIFReader(in).readEntry();
      return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), new Schema(entry));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema resource " + file, e);
    } catch (LDIFException | LDAPException e) {
      throw new IllegalStateException(
          "schema resource " + file + " is not valid: " + e.getMessage(), e);
    }
  }

  private static InetAddress loopback() {
    return InetAddress.getLoopbackAddress();
  }
}
