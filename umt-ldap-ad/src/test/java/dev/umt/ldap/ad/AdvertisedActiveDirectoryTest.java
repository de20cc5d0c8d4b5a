package dev.umt.ldap.ad;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo.Capability;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.ldap.AdStyleRanges;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.LdapFlavour;
import dev.umt.testkit.ldap.OrganisationLdif;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * On a server whose root DSE says it is AD, ranges of {@code member} are asked for explicitly
 * ({@code member;range=0-499}, then on), as Samba needs; the in-memory server plays AD here with an
 * interceptor that answers ranges only when asked, capped at 500 values.
 */
class AdvertisedActiveDirectoryTest {

  @Test
  void asksForRangesExplicitlyWhereTheServerIsActiveDirectory() throws Exception {
    Organisation org = Organisation.standard();
    String base = OrganisationLdif.baseDn(org, LdapFlavour.ACTIVE_DIRECTORY);
    AdStyleRanges ranges = new AdStyleRanges(500, false, Set.of());
    InMemoryDirectoryServerConfig config =
        EmbeddedDirectories.configuration(LdapFlavour.ACTIVE_DIRECTORY, base);
    config.setCustomRootDSEAttributes(
        List.of(new Attribute("supportedCapabilities", "1.2.840.113556.1.4.800")));
    config.addInMemoryOperationInterceptor(ranges);
    InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
    for (Entry e : OrganisationLdif.entries(org, LdapFlavour.ACTIVE_DIRECTORY)) {
      server.add(e);
    }
    server.startListening();
    try (ActiveDirectorySource source =
        new ActiveDirectorySource(
            LdapConfig.builder()
                .server("127.0.0.1", server.getListenPort())
                .security(LdapConfig.Security.NONE)
                .bind(
                    Bind.simple(
                        EmbeddedDirectories.BIND_DN,
                        dev.umt.Secret.of(EmbeddedDirectories.BIND_PASSWORD)))
                .allowSimpleBindWithoutEncryption(true)
                .baseDn(base)
                .groupExpansion(LdapConfig.GroupExpansion.MEMBER_LIST)
                .rangeSize(1500)
                .build())) {
      assertThat(source.checkConnection().capabilities())
          .contains(Capability.IN_CHAIN_MATCHING, Capability.RANGE_RETRIEVAL);
      DirectoryEntry big =
          source
              .findByDn(
                  OrganisationLdif.formatDn(
                      org.group("Big Group").dn(), LdapFlavour.ACTIVE_DIRECTORY))
              .orElseThrow();
      Set<String> logins = new HashSet<>();
      try (PageCursor<ScopedUser> cursor =
          source.users(Scope.group(big.id(), big.dn(), false), 700)) {
        while (cursor.hasNext()) {
          cursor.next().forEach(u -> logins.add(u.user().loginName()));
        }
        assertThat(cursor.incompleteReason()).isEmpty();
      }
      assertThat(logins).hasSize(Organisation.BULK_USERS);
      assertThat(ranges.rangedAnswers())
          .as("ranges 0-499, 500-999, 1000-1499, 1500-* asked for")
          .isEqualTo(4);
    } finally {
      server.shutDown(true);
    }
  }
}
