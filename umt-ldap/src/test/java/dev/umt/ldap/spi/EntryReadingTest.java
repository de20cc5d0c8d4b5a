package dev.umt.ldap.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import dev.umt.PageCursor;
import dev.umt.Secret;
import dev.umt.directory.Container;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.LdapConfig.GroupExpansion;
import dev.umt.ldap.internal.GenericDialect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How users read through the paged search are mapped: container ids and paths of DNs with escapes
 * and multi-valued RDNs, spelled differently by sibling entries; further attributes by any case,
 * binary ones left out; small pages.
 */
class EntryReadingTest {
  private static final String BASE = "dc=example,dc=test";
  private static final String CORP = "ou=Corp," + BASE;
  private static final String SALES = "ou=Sales\\, EMEA," + CORP;
  private static final String LAB = "ou=Lab+l=Berlin," + CORP;

  private InMemoryDirectoryServer server;
  private LdapDirectoryReader reader;

  /** The generic dialect, with {@code jpegPhoto} binary (named in another case than entries). */
  private static final class PhotoDialect implements Dialect {
    private final GenericDialect generic = new GenericDialect();

    @Override
    public String directoryName() {
      return generic.directoryName();
    }

    @Override
    public List<String> idAttributes() {
      return generic.idAttributes();
    }

    @Override
    public String idOf(Entry entry) {
      return generic.idOf(entry);
    }

    @Override
    public Optional<Filter> idFilter(String id) {
      return generic.idFilter(id);
    }

    @Override
    public Filter userFilter() {
      return generic.userFilter();
    }

    @Override
    public Filter groupFilter() {
      return generic.groupFilter();
    }

    @Override
    public Filter containerFilter() {
      return generic.containerFilter();
    }

    @Override
    public Container.Kind containerKind(Entry entry) {
      return generic.containerKind(entry);
    }

    @Override
    public DirectoryGroup.Kind groupKind(Entry entry) {
      return generic.groupKind(entry);
    }

    @Override
    public List<String> memberAttributes() {
      return generic.memberAttributes();
    }

    @Override
    public Optional<String> memberOfAttribute(ServerInfo info, boolean schemaHasMemberOf) {
      return generic.memberOfAttribute(info, schemaHasMemberOf);
    }

    @Override
    public Map<String, List<String>> defaultMapping() {
      return generic.defaultMapping();
    }

    @Override
    public List<String> statusAttributes() {
      return generic.statusAttributes();
    }

    @Override
    public boolean enabled(Entry user, Instant now) {
      return generic.enabled(user, now);
    }

    @Override
    public Set<String> binaryAttributes() {
      return Set.of("JPEGPHOTO");
    }

    @Override
    public GroupExpansion defaultGroupExpansion(ServerInfo info) {
      return GroupExpansion.MEMBER_LIST;
    }
  }

  @BeforeEach
  void start() throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.addAdditionalBindCredentials("cn=Directory Manager", "secret");
    server = new InMemoryDirectoryServer(config);
    server.add("dn: " + BASE, "objectClass: domain", "dc: example");
    server.add("dn: " + CORP, "objectClass: organizationalUnit", "ou: Corp");
    server.add("dn: " + SALES, "objectClass: organizationalUnit", "ou: Sales, EMEA");
    server.add("dn: " + LAB, "objectClass: organizationalUnit", "ou: Lab", "l: Berlin");
    user("uid=ann," + SALES, "ann", "EmployeeNumber: 4711");
    // The same container spelled otherwise, as a server may write it: a hex escape, other case.
    user("uid=bob,OU=sales\\2c emea,ou=CORP,dc=example,dc=test", "bob", "employeeNumber: 4712");
    user("uid=cy\\,x+cn=Cy," + LAB, "cy,x", "employeeNumber: 4713");
    user("uid=dee," + CORP, "dee", "employeeNumber: 4714");
    server.startListening();
  }

  private void user(String dn, String uid, String extra) throws Exception {
    server.add(
        "dn: " + dn,
        "objectClass: inetOrgPerson",
        "uid: " + uid,
        "cn: Cy",
        "sn: " + uid,
        "mail: " + uid.replace(",", "") + "@example.test",
        extra,
        "jpegPhoto:: /9j/4AAQ");
  }

  @AfterEach
  void stop() {
    if (reader != null) {
      reader.close();
    }
    server.shutDown(true);
  }

  private LdapDirectoryReader reader(int pageSize) {
    reader =
        new LdapDirectoryReader(
            LdapConfig.builder()
                .server("127.0.0.1", server.getListenPort())
                .security(LdapConfig.Security.NONE)
                .bind(Bind.simple("cn=Directory Manager", Secret.of("secret")))
                .allowSimpleBindWithoutEncryption(true)
                .baseDn(BASE)
                .pageSize(pageSize)
                .connectTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(20))
                .extraAttribute("employeeNumber")
                .extraAttribute("jpegPhoto")
                .build(),
            new PhotoDialect());
    return reader;
  }

  private String id(String dn) {
    return reader.findByDn(dn).map(DirectoryEntry::id).orElseThrow();
  }

  private Map<String, ScopedUser> readAll(int pageSize) {
    LdapDirectoryReader r = reader(pageSize);
    Scope scope = Scope.container(id(CORP), CORP, true);
    Map<String, ScopedUser> byLogin = new TreeMap<>();
    try (PageCursor<ScopedUser> cursor = r.users(scope, pageSize)) {
      while (cursor.hasNext()) {
        for (ScopedUser u : cursor.next()) {
          byLogin.put(u.user().loginName(), u);
        }
      }
      assertThat(cursor.isComplete()).isTrue();
      assertThat(cursor.skipped()).isEmpty();
    }
    return byLogin;
  }

  @Test
  void containersOfEscapedAndMultiValuedDnsAreTheParsedOnesWhateverTheSpelling() {
    Map<String, ScopedUser> users = readAll(1);
    assertThat(users).containsOnlyKeys("ann", "bob", "cy,x", "dee");
    String base = id(BASE);
    String corp = id(CORP);
    assertThat(users.get("ann").user().containerIds()).containsExactly(id(SALES), corp, base);
    assertThat(users.get("bob").user().containerIds()).containsExactly(id(SALES), corp, base);
    assertThat(users.get("cy,x").user().containerIds()).containsExactly(id(LAB), corp, base);
    assertThat(users.get("dee").user().containerIds()).containsExactly(corp, base);
    assertThat(users.get("ann").via()).containsExactly(CORP, SALES);
    // One path per container: the spelling of whichever sibling came first.
    assertThat(users.get("bob").via()).isEqualTo(users.get("ann").via());
    assertThat(users.get("cy,x").via()).containsExactly(CORP, LAB);
    assertThat(users.get("dee").via()).containsExactly(CORP);
    assertThat(users.get("cy,x").user().dn()).isEqualTo("uid=cy\\,x+cn=Cy," + LAB);
  }

  @Test
  void furtherAttributesAreFoundByAnyCaseWithoutObjectClassesOrBinaryOnes() {
    DirectoryUser ann = readAll(2).get("ann").user();
    assertThat(ann.attributes().first("EMPLOYEENUMBER")).contains("4711");
    assertThat(ann.attributes().all("employeenumber")).containsExactly("4711");
    assertThat(ann.attributes().first("Mail")).contains("ann@example.test");
    assertThat(ann.attributes().first("jpegPhoto")).isEmpty();
    assertThat(ann.attributes().first("objectClass")).isEmpty();
    assertThat(ann.attributes().names())
        .contains("EmployeeNumber", "mail", "uid", "entryUUID")
        .doesNotContain("jpegPhoto", "objectClass");
    assertThat(ann.value("employeeNumber")).contains("4711");
    assertThat(ann.email()).isEqualTo("ann@example.test");
  }

  @Test
  void everyUserIsReadOnceWhateverThePageSize() {
    for (int pageSize : new int[] {1, 2, 3, 1000}) {
      assertThat(readAll(pageSize)).as("page size %d", pageSize).hasSize(4);
      reader.close();
    }
  }

  @Test
  void closingAfterTheFirstPageLeavesTheReadIncompleteAndThePoolUsable() {
    LdapDirectoryReader r = reader(1);
    Scope scope = Scope.container(id(CORP), CORP, true);
    List<ScopedUser> first = new ArrayList<>();
    PageCursor<ScopedUser> cursor = r.users(scope, 1);
    assertThat(cursor.hasNext()).isTrue();
    first.addAll(cursor.next());
    cursor.close();
    assertThat(first).hasSize(1);
    assertThat(cursor.isComplete()).isFalse();
    assertThat(cursor.incompleteReason())
        .isEqualTo("reading the users of " + scope.describe() + " was closed before its last page");
    // The connection went back to the pool with no search left on it: the next read is whole.
    int count = 0;
    try (PageCursor<ScopedUser> again = r.users(scope, 1)) {
      while (again.hasNext()) {
        count += again.next().size();
      }
      assertThat(again.isComplete()).isTrue();
    }
    assertThat(count).isEqualTo(4);
  }
}
