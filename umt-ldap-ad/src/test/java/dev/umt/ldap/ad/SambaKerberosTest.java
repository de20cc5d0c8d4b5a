package dev.umt.ldap.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.AuthenticationException;
import dev.umt.ConfigurationException;
import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.ldap.KerberosLogin;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.OrganisationLdif;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kerberos (SASL GSSAPI) bind from a ticket cache, AD's "leave the fields blank to use the
 * current logon", on Samba's AD domain controller and its KDC on 127.0.0.1. {@code
 * scripts/test-servers/servers.sh} ran {@code kinit} for the non-administrator reader into a
 * private ticket cache; the source reads only that cache, never a password. Samba's host name is
 * dc1.example.test while the tests connect to 127.0.0.1, so the service principal is named with
 * {@link Bind.Kerberos#withServerName}. The JVM's Kerberos configuration is the scripts' private
 * krb5.conf (realm EXAMPLE.TEST, KDC 127.0.0.1, no DNS), set for this test class only. Skips when
 * Samba or kinit is missing (fails under UMT_REQUIRE_TEST_SERVERS=1).
 */
class SambaKerberosTest {
  private static final String KRB5_CONF = "java.security.krb5.conf";
  private static final Organisation ORG = Organisation.standard();
  private static TestServer samba;
  private static KerberosLogin kerberos;
  private static String previousKrb5Conf;

  @BeforeAll
  static void kerberos() {
    samba = TestServers.samba();
    kerberos = TestServers.sambaKerberos();
    previousKrb5Conf = System.setProperty(KRB5_CONF, kerberos.krb5Conf().toString());
  }

  @AfterAll
  static void restore() {
    if (previousKrb5Conf == null) {
      System.clearProperty(KRB5_CONF);
    } else {
      System.setProperty(KRB5_CONF, previousKrb5Conf);
    }
  }

  /**
   * Plain LDAP on 389: GSSAPI needs no TLS (the connector refuses only a simple bind without it).
   */
  private static ActiveDirectorySource source(Bind bind) {
    return new ActiveDirectorySource(
        LdapConfig.builder()
            .server(samba.host(), samba.port())
            .security(LdapConfig.Security.NONE)
            .bind(bind)
            .baseDn(samba.baseDn())
            .responseTimeout(Duration.ofSeconds(60))
            .build());
  }

  private static Bind.Kerberos fromTheReadersCache() {
    return Bind.kerberos()
        .withTicketCache(kerberos.ticketCache())
        .withServerName(kerberos.serverName());
  }

  @Test
  void bindsWithTheReadersTicketAndReportsThePrincipal() {
    assertThat(kerberos.principal()).isEqualTo("umt-reader@EXAMPLE.TEST");
    try (ActiveDirectorySource source = source(fromTheReadersCache())) {
      SourceInfo info = source.checkConnection();
      assertThat(info.boundAs()).isEqualTo("umt-reader@EXAMPLE.TEST");
      assertThat(info.vendor()).startsWith("Samba Team");
      assertThat(info.capabilities())
          .contains(SourceInfo.Capability.PAGED_RESULTS, SourceInfo.Capability.IN_CHAIN_MATCHING);
    }
  }

  @Test
  void readsAScopeAsTheReader() {
    // Samba lets no anonymous session read users: reading them proves the GSSAPI bind
    // authenticated.
    String sales = OrganisationLdif.formatDn(ORG.unit("Sales").dn(), LdapFlavour.ACTIVE_DIRECTORY);
    try (ActiveDirectorySource source = source(fromTheReadersCache())) {
      DirectoryEntry unit =
          source.findByDn(sales).orElseThrow(() -> new AssertionError("no " + sales));
      List<String> logins = new ArrayList<>();
      try (PageCursor<ScopedUser> cursor =
          source.users(Scope.container(unit.id(), unit.dn(), false), 1)) {
        while (cursor.hasNext()) {
          cursor.next().forEach(u -> logins.add(u.user().loginName()));
        }
        assertThat(cursor.isComplete()).isTrue();
      }
      assertThat(logins).containsExactlyInAnyOrder("alice", "erin");
    }
  }

  @Test
  void aCacheHoldingNoTicketIsRefusedSayingWhatToDo(@TempDir Path folder) throws IOException {
    Path cache = folder.resolve("krb5cc_empty");
    Files.write(cache, emptyTicketCache("umt-reader", "EXAMPLE.TEST"));
    try (ActiveDirectorySource source =
        source(Bind.kerberos().withTicketCache(cache).withServerName(kerberos.serverName()))) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(AuthenticationException.class)
          .hasMessage(
              "no usable Kerberos ticket while connecting as the Kerberos login in ticket cache "
                  + cache
                  + " on LDAP server 127.0.0.1:389: log in to the domain or run kinit first"
                  + " (Unable to obtain Principal Name for authentication)");
    }
  }

  @Test
  void aMissingCacheIsRefusedSayingWhatToDo(@TempDir Path folder) {
    Path cache = folder.resolve("krb5cc_never_logged_in");
    try (ActiveDirectorySource source =
        source(Bind.kerberos().withTicketCache(cache).withServerName(kerberos.serverName()))) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(AuthenticationException.class)
          .hasMessage(
              "no usable Kerberos ticket while connecting as the Kerberos login in ticket cache "
                  + cache
                  + " on LDAP server 127.0.0.1:389: log in to the domain or run kinit first"
                  + " (Unable to obtain Principal Name for authentication)");
    }
  }

  @Test
  void anAddressIsNoServicePrincipalAndTheErrorSaysWhichNameToUse() {
    // ldap/127.0.0.1 is not in the realm: the KDC refuses the service ticket.
    try (ActiveDirectorySource source =
        source(Bind.kerberos().withTicketCache(kerberos.ticketCache()))) {
      assertThatThrownBy(source::checkConnection)
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "the Kerberos realm has no LDAP service principal ldap/127.0.0.1 for LDAP server"
                  + " 127.0.0.1:389 (while connecting as the Kerberos login in ticket cache "
                  + kerberos.ticketCache()
                  + "): connect by the name the server is registered under (such as"
                  + " dc1.example.com, not an address or an alias) or give that name with"
                  + " Bind.kerberos().withServerName(...) (setting kerberosServerName) (Server not"
                  + " found in Kerberos database (7))");
    }
  }

  /**
   * A valid MIT ticket cache (file format version 4, as kinit writes it) naming {@code user@realm}
   * as its principal but holding no ticket, as after a login whose tickets were removed.
   */
  private static byte[] emptyTicketCache(String user, String realm) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeShort(0x0504); // version 4
      out.writeShort(0); // no header tags
      out.writeInt(1); // name type KRB5_NT_PRINCIPAL
      out.writeInt(1); // one component
      byte[] r = realm.getBytes(StandardCharsets.UTF_8);
      out.writeInt(r.length);
      out.write(r);
      byte[] u = user.getBytes(StandardCharsets.UTF_8);
      out.writeInt(u.length);
      out.write(u);
    }
    return bytes.toByteArray();
  }
}
