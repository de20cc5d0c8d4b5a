package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import dev.umt.ConfigurationException;
import dev.umt.PageCursor;
import dev.umt.Secret;
import dev.umt.directory.Container;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.OrganisationLdif;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.directory.server.core.api.DirectoryService;
import org.apache.directory.server.core.api.partition.Partition;
import org.apache.directory.server.core.factory.DefaultDirectoryServiceFactory;
import org.apache.directory.server.ldap.LdapServer;
import org.apache.directory.server.protocol.shared.transport.TcpTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generic path on ApacheDS 2.0.0.AM27 embedded: no memberOf (groups are scanned), entryUUID
 * ids, paging, nested groups with a cycle, the 1,600-member group, special characters in DNs. The
 * organisation's attributes ApacheDS has no schema for (the ppolicy times, memberOf) are left out,
 * so the enabled flags are not checked here; they are on slapd and the in-memory server.
 */
class ApacheDsTest {
  @TempDir static Path work;
  private static DirectoryService service;
  private static LdapServer server;
  private static LdapDirectorySource source;
  private static final Organisation ORG = Organisation.standard();

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("workingDirectory", work.toString());
    DefaultDirectoryServiceFactory factory = new DefaultDirectoryServiceFactory();
    factory.init("umt-apacheds");
    service = factory.getDirectoryService();
    service.getChangeLog().setEnabled(false);
    service.setShutdownHookEnabled(false);
    Partition partition =
        factory
            .getPartitionFactory()
            .createPartition(
                service.getSchemaManager(),
                service.getDnFactory(),
                "example",
                ORG.baseDn(),
                1000,
                new File(service.getInstanceLayout().getPartitionsDirectory(), "example"));
    service.addPartition(partition);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    server = new LdapServer();
    server.setDirectoryService(service);
    server.setTransports(new TcpTransport("127.0.0.1", port));
    server.start();
    try (LDAPConnection c =
        new LDAPConnection("127.0.0.1", port, "uid=admin,ou=system", "secret")) {
      for (Entry e : OrganisationLdif.entries(ORG, LdapFlavour.GENERIC)) {
        Entry known = new Entry(e.getDN());
        for (Attribute a : e.getAttributes()) {
          if (service.getSchemaManager().getAttributeType(a.getBaseName()) != null
              && !a.getBaseName().equalsIgnoreCase("memberOf")) {
            known.addAttribute(a);
          }
        }
        c.add(known);
      }
    }
    source =
        new LdapDirectorySource(
            LdapConfig.builder()
                .server("127.0.0.1", port)
                .security(LdapConfig.Security.NONE)
                .bind(Bind.simple("uid=admin,ou=system", Secret.of("secret")))
                .allowSimpleBindWithoutEncryption(true)
                .baseDn(ORG.baseDn())
                .build());
  }

  @AfterAll
  static void stop() throws Exception {
    if (source != null) {
      source.close();
    }
    if (server != null) {
      server.stop();
    }
    if (service != null) {
      service.shutdown();
    }
    System.clearProperty("workingDirectory");
  }

  private static DirectoryEntry entry(String dn) {
    return source.findByDn(dn).orElseThrow(() -> new AssertionError("no entry " + dn));
  }

  private static Map<String, ScopedUser> read(Scope scope, int pageSize) {
    Map<String, ScopedUser> out = new LinkedHashMap<>();
    try (PageCursor<ScopedUser> cursor = source.users(scope, pageSize)) {
      while (cursor.hasNext()) {
        List<ScopedUser> page = cursor.next();
        assertThat(page.size()).isLessThanOrEqualTo(pageSize);
        page.forEach(
            u ->
                assertThat(out.put(u.user().loginName(), u))
                    .as("read twice: %s", u.user().loginName())
                    .isNull());
      }
      assertThat(cursor.incompleteReason()).isEmpty();
    }
    return out;
  }

  private static Scope group(String name, boolean nested) {
    DirectoryEntry g = entry(ORG.group(name).dn());
    return Scope.group(g.id(), g.dn(), nested);
  }

  @Test
  void checkConnectionSeesApacheDs() {
    SourceInfo info = source.checkConnection();
    assertThat(info.vendor()).isEqualTo("Apache Software Foundation");
    assertThat(info.capabilities())
        .contains(SourceInfo.Capability.PAGED_RESULTS)
        .doesNotContain(SourceInfo.Capability.IN_CHAIN_MATCHING);
  }

  @Test
  void readsOusByEntryUuidWithPaging() {
    DirectoryEntry corp = entry(ORG.unit("Corp").dn());
    assertThat(corp).isInstanceOf(Container.class);
    assertThat(source.findById(corp.id()).map(DirectoryEntry::dn).orElseThrow())
        .isEqualToIgnoringCase(corp.dn());
    assertThat(read(Scope.container(corp.id(), corp.dn(), true), 3).keySet())
        .containsExactlyInAnyOrderElementsOf(ORG.loginsIn("Corp", true));
    DirectoryEntry bulk = entry(ORG.unit("Bulk").dn());
    assertThat(read(Scope.container(bulk.id(), bulk.dn(), false), 250))
        .hasSize(Organisation.BULK_USERS);
  }

  @Test
  void expandsNestedGroupsWithACycleOnceEach() {
    Map<String, ScopedUser> all = read(group("All Staff", true), 5);
    assertThat(all.keySet()).containsExactlyInAnyOrderElementsOf(ORG.membersOf("All Staff", true));
    assertThat(all.get("bob").via()).hasSize(2);
    assertThat(read(group("Cycle A", true), 5).keySet()).containsExactlyInAnyOrder("gina", "bob");
    assertThat(read(group("Big Group", false), 500)).hasSize(Organisation.BULK_USERS);
  }

  @Test
  void usersCarryTheirGroupsFromAScanWhereThereIsNoMemberOf() {
    DirectoryEntry emea = entry(ORG.unit("EMEA").dn());
    DirectoryUser bob = read(Scope.container(emea.id(), emea.dn(), false), 10).get("bob").user();
    assertThat(bob.groupIds())
        .containsExactlyInAnyOrder(
            entry(ORG.group("Sales Team").dn()).id(), entry(ORG.group("Cycle B").dn()).id());
    assertThat(bob.containerIds())
        .containsExactly(
            emea.id(),
            entry(ORG.unit("Sales").dn()).id(),
            entry(ORG.unit("Corp").dn()).id(),
            entry(ORG.baseDn()).id());
    assertThat(bob.email()).isEqualTo("bob@example.test");
    assertThat(bob.department()).isEqualTo("Sales");
  }

  @Test
  void specialCharactersAndBrowsing() {
    DirectoryEntry rnd = entry(ORG.unit("R&D, \"Labs\"").dn());
    DirectoryUser frank = read(Scope.container(rnd.id(), rnd.dn(), false), 10).get("frank").user();
    assertThat(source.findByDn(frank.dn()).map(DirectoryEntry::id)).contains(frank.id());
    assertThat(source.children(ORG.unit("Groups").dn()))
        .filteredOn(e -> e instanceof DirectoryGroup)
        .hasSize(ORG.groups().size());
    assertThatThrownBy(
            () ->
                read(
                    Scope.container(rnd.id(), rnd.dn(), false)
                        .withFilter("(cn=Frank O'Brien, Jr. (*)"),
                    10))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "the filter of scope "
                + rnd.dn()
                + " '(cn=Frank O'Brien, Jr. (*)' is not a valid LDAP filter");
  }
}
