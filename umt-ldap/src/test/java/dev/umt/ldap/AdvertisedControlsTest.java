package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Entry;
import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import dev.umt.testkit.ldap.LdapFlavour;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Only controls the root DSE advertises are sent: Samba answers an unadvertised critical control
 * wrongly.
 */
class AdvertisedControlsTest {
  private static final String PAGED = "1.2.840.113556.1.4.319";

  /** Records the controls of every search the server receives. */
  private static final class ControlRecorder extends InMemoryOperationInterceptor {
    final Set<String> seen = ConcurrentHashMap.newKeySet();

    @Override
    public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
      for (Control c : request.getRequest().getControls()) {
        seen.add(c.getOID());
      }
    }
  }

  private static int readBulk(InMemoryDirectoryServer server) {
    try (LdapDirectorySource source =
        new LdapDirectorySource(TestConfigs.plain(server, "dc=example,dc=test").build())) {
      DirectoryEntry bulk = source.findByDn("ou=Bulk,dc=example,dc=test").orElseThrow();
      int n = 0;
      try (PageCursor<ScopedUser> cursor =
          source.users(Scope.container(bulk.id(), bulk.dn(), false), 100)) {
        while (cursor.hasNext()) {
          n += cursor.next().size();
        }
        assertThat(cursor.incompleteReason()).isEmpty();
      }
      return n;
    }
  }

  @Test
  void pagesWhereThePagedResultsControlIsAdvertised() throws Exception {
    ControlRecorder recorder = new ControlRecorder();
    InMemoryDirectoryServer server =
        Fixtures.start(
            LdapFlavour.GENERIC,
            c -> {
              c.setSchema(null);
              c.addInMemoryOperationInterceptor(recorder);
            });
    try {
      assertThat(readBulk(server)).isEqualTo(1600);
      assertThat(recorder.seen).contains(PAGED);
    } finally {
      server.shutDown(true);
    }
  }

  @Test
  void sendsNoPagedResultsControlWhereTheServerDoesNotAdvertiseIt() throws Exception {
    ControlRecorder recorder = new ControlRecorder();
    Entry rootDse = new Entry("");
    rootDse.addAttribute("objectClass", "top", "ds-root-dse");
    rootDse.addAttribute("namingContexts", "dc=example,dc=test");
    rootDse.addAttribute("supportedLDAPVersion", "3");
    rootDse.addAttribute("vendorName", "A server that pages nothing");
    InMemoryDirectoryServer server =
        Fixtures.start(
            LdapFlavour.GENERIC,
            c -> {
              c.setSchema(null);
              c.addInMemoryOperationInterceptor(recorder);
              c.setRootDSEEntry(rootDse);
            });
    try (LdapDirectorySource source =
        new LdapDirectorySource(TestConfigs.plain(server, "dc=example,dc=test").build())) {
      SourceInfo info = source.checkConnection();
      assertThat(info.vendor()).isEqualTo("A server that pages nothing");
      assertThat(info.capabilities()).doesNotContain(SourceInfo.Capability.PAGED_RESULTS);
      assertThat(info.boundAs())
          .as("no Who Am I advertised: the configured identity")
          .isEqualTo("cn=Directory Manager");
      assertThat(readBulk(server)).isEqualTo(1600);
      assertThat(recorder.seen).isEmpty();
    } finally {
      server.shutDown(true);
    }
  }
}
