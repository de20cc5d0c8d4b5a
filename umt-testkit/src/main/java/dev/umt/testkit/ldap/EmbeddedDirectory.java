package dev.umt.testkit.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import dev.umt.Secret;
import dev.umt.testkit.Organisation;

/**
 * A started UnboundID in-memory directory on 127.0.0.1 holding an {@link Organisation} in one
 * {@link LdapFlavour}. Made by {@link EmbeddedDirectories}; {@link #close()} shuts it down.
 * Thread-safe as the server is.
 *
 * <pre>{@code
 * try (EmbeddedDirectory ad = EmbeddedDirectories.activeDirectoryLike()) {
 *   LDAPConnection c = ad.connect();
 * }
 * }</pre>
 */
public final class EmbeddedDirectory implements AutoCloseable {
  private final InMemoryDirectoryServer server;
  private final LdapFlavour flavour;
  private final Organisation organisation;

  EmbeddedDirectory(
      InMemoryDirectoryServer server, LdapFlavour flavour, Organisation organisation) {
    this.server = server;
    this.flavour = flavour;
    this.organisation = organisation;
  }

  /** The server itself, to add, change or delete entries in a test. */
  public InMemoryDirectoryServer server() {
    return server;
  }

  /** The flavour of the entries. */
  public LdapFlavour flavour() {
    return flavour;
  }

  /** The organisation loaded. */
  public Organisation organisation() {
    return organisation;
  }

  /** Always {@code 127.0.0.1}. */
  public String host() {
    return "127.0.0.1";
  }

  /** The port the server listens on (chosen by the system). */
  public int port() {
    return server.getListenPort();
  }

  /** {@code ldap://127.0.0.1:port}. */
  public String url() {
    return "ldap://127.0.0.1:" + port();
  }

  /** The base DN, as the flavour writes it ({@code DC=example,DC=test} on AD). */
  public String baseDn() {
    return OrganisationLdif.baseDn(organisation, flavour);
  }

  /** The DN to bind as; it may read and write everything. */
  public String bindDn() {
    return EmbeddedDirectories.BIND_DN;
  }

  /** The password of {@link #bindDn()}. */
  public Secret password() {
    return Secret.of(EmbeddedDirectories.BIND_PASSWORD);
  }

  /**
   * A new connection bound as {@link #bindDn()}, with 5 s connect and 30 s response timeouts. The
   * caller closes it.
   *
   * @throws LDAPException when the server does not answer
   */
  public LDAPConnection connect() throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(5_000);
    options.setResponseTimeoutMillis(30_000);
    return new LDAPConnection(options, host(), port(), bindDn(), EmbeddedDirectories.BIND_PASSWORD);
  }

  /** Shuts the server down, closing its connections. */
  @Override
  public void close() {
    server.shutDown(true);
  }

  @Override
  public String toString() {
    return "in-memory " + flavour.id() + " directory at " + url();
  }
}
