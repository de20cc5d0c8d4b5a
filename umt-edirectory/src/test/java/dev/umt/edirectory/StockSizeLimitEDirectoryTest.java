package dev.umt.edirectory;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.spi.Guids;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The eDirectory source reads an OU of 1,000 users past OpenLDAP's stock per-search limit of 500
 * (the {@code stock} test slapd, which also has the eDirectory schema: GUID, loginDisabled...),
 * each user once, as the {@code ldap} source does. The OU is this test's own.
 */
class StockSizeLimitEDirectoryTest {
  private static final String VERSION = "umt edirectory size-limit fixture 1";

  private static byte[] guid(String dn) {
    return Guids.toBigEndianBytes(
        UUID.nameUUIDFromBytes(
                dn.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8))
            .toString());
  }

  private static Entry entry(String dn, String... objectClasses) {
    Entry e = new Entry(dn);
    List<String> classes = new ArrayList<>(List.of(objectClasses));
    classes.add("umtEdirectoryEntry");
    e.addAttribute("objectClass", classes);
    e.addAttribute("GUID", guid(dn));
    return e;
  }

  private static String load(TestServer stock) throws LDAPException {
    String ou = "ou=EDirectory Size Limit," + stock.baseDn();
    try (LDAPConnection admin = stock.connect()) {
      Entry existing = admin.getEntry(ou, "description");
      if (existing == null || !VERSION.equals(existing.getAttributeValue("description"))) {
        if (existing != null) {
          admin.processOperation(
              new DeleteRequest(ou, new Control[] {new SubtreeDeleteRequestControl()}));
        }
        Entry top = entry(ou, "top", "organizationalUnit");
        top.addAttribute("ou", "EDirectory Size Limit");
        top.addAttribute("description", VERSION);
        admin.add(top);
        for (int i = 0; i < 1000; i++) {
          String uid = "e" + (char) ('a' + i % 26) + "user" + i;
          Entry u =
              entry(
                  "uid=" + uid + "," + ou,
                  "top",
                  "person",
                  "organizationalPerson",
                  "inetOrgPerson",
                  "ndsLoginProperties");
          u.addAttribute("uid", uid);
          u.addAttribute("cn", uid);
          u.addAttribute("sn", "Size");
          u.addAttribute("fullName", "Size " + uid);
          u.addAttribute("mail", uid + "@example.test");
          admin.add(u);
        }
      }
    }
    return ou;
  }

  @Test
  void anOuOfAThousandUsersIsReadWholeAsTheReader() throws LDAPException {
    TestServer stock = TestServers.stockSlapd();
    String ou = load(stock);
    try (EDirectorySource source =
        new EDirectorySource(
            LdapConfig.builder()
                .server(stock.host(), stock.port())
                .security(LdapConfig.Security.STARTTLS)
                .trustStore(stock.trustStore(), stock.trustStorePassword())
                .bind(Bind.simple(stock.readerDn(), stock.readerPassword()))
                .baseDn(stock.baseDn())
                .pageSize(200)
                .responseTimeout(Duration.ofSeconds(30))
                .build())) {
      DirectoryEntry container = source.findByDn(ou).orElseThrow();
      List<String> ids = new ArrayList<>();
      try (PageCursor<ScopedUser> users =
          source.users(Scope.container(container.id(), container.dn(), true), 200)) {
        while (users.hasNext()) {
          users.next().forEach(u -> ids.add(u.user().id()));
        }
        assertThat(users.incompleteReason()).isEmpty();
      }
      assertThat(ids).hasSize(1000).doesNotHaveDuplicates();
    }
  }
}
