package dev.umt.ldap.ad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.umt.AuthenticationException;
import dev.umt.ConfigurationException;
import dev.umt.PageCursor;
import dev.umt.Secret;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.SourceInfo;
import dev.umt.directory.SourceInfo.Capability;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import dev.umt.ldap.LdapConfig.GroupExpansion;
import dev.umt.ldap.spi.Guids;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.ldap.OrganisationLdif;
import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only a real Active Directory shows, on Samba's AD DC: paging, range retrieval asked for
 * explicitly, the in-chain rule, objectGUID, userAccountControl and accountExpires, LDAPS with the
 * server's certificate given as a trust store, a non-administrator account, AD's bind name forms,
 * and the errors users meet. Skips when Samba is not running (fails under
 * UMT_REQUIRE_TEST_SERVERS=1).
 */
class SambaTest {
  private static TestServer samba;
  private static ActiveDirectorySource source;
  private static final Organisation ORG = Organisation.standard();

  @BeforeAll
  static void start() {
    samba = TestServers.samba();
    source = new ActiveDirectorySource(SambaContractTest.ldaps(samba).build());
  }

  @AfterAll
  static void stop() {
    if (source != null) {
      source.close();
    }
  }

  private static String dn(String organisationDn) {
    return OrganisationLdif.formatDn(
        organisationDn, dev.umt.testkit.ldap.LdapFlavour.ACTIVE_DIRECTORY);
  }

  private static DirectoryEntry entry(ActiveDirectorySource s, String organisationDn) {
    return s.findByDn(dn(organisationDn))
        .orElseThrow(() -> new AssertionError("no entry " + organisationDn));
  }

  private static Map<String, ScopedUser> read(
      ActiveDirectorySource s, Scope scope, int pageSize, int[] pages) {
    Map<String, ScopedUser> out = new LinkedHashMap<>();
    try (PageCursor<ScopedUser> cursor = s.users(scope, pageSize)) {
      while (cursor.hasNext()) {
        List<ScopedUser> page = cursor.next();
        if (pages != null) {
          pages[0]++;
        }
        page.forEach(
            u ->
                assertThat(out.put(u.user().loginName(), u))
                    .as("read twice: %s", u.user().loginName())
                    .isNull());
      }
      assertThat(cursor.incompleteReason()).isEmpty();
      assertThat(cursor.isComplete()).isTrue();
    }
    return out;
  }

  @Test
  void checkConnectionReportsWhatSambaAdvertisesAndTheNonAdminIdentity() {
    SourceInfo info = source.checkConnection();
    assertThat(info.capabilities())
        .contains(
            Capability.PAGED_RESULTS,
            Capability.IN_CHAIN_MATCHING,
            Capability.RANGE_RETRIEVAL,
            Capability.DIRSYNC,
            Capability.USN_CHANGE_TRACKING)
        .doesNotContain(Capability.CONTENT_SYNC);
    assertThat(info.namingContexts())
        .anySatisfy(c -> assertThat(c).isEqualToIgnoringCase(samba.baseDn()));
    assertThat(info.boundAs()).containsIgnoringCase("umt-reader");
    assertThat(info.vendor()).isNotBlank();
  }

  @Test
  void objectGuidIsTheCanonicalStringSambaItselfResolves() throws Exception {
    DirectoryUser alice = (DirectoryUser) entry(source, ORG.user("alice").dn());
    try (LDAPConnection c = samba.connect()) {
      SearchResultEntry raw = c.getEntry(alice.dn(), "objectGUID");
      assertThat(Guids.fromMicrosoftBytes(raw.getAttributeValueBytes("objectGUID")))
          .isEqualTo(alice.id());
      // AD's extended DN form <GUID=...> takes the canonical string: Samba finds the same entry by
      // it.
      SearchResultEntry byGuid = c.getEntry("<GUID=" + alice.id() + ">", "sAMAccountName");
      assertThat(byGuid.getAttributeValue("sAMAccountName")).isEqualTo("alice");
    }
    assertThat(source.findById(alice.id()).map(DirectoryEntry::dn).orElseThrow())
        .isEqualToIgnoringCase(alice.dn());
    assertThat(source.findById(alice.id().toUpperCase())).isPresent();
    assertThat(alice.attributes().first("userPrincipalName")).contains("alice@example.test");
    assertThat(alice.attributes().first("uSNChanged")).isPresent();
    assertThat(alice.attributes().first("whenChanged")).isPresent();
    assertThat(alice.attributes().names()).doesNotContain("objectGUID");
  }

  @Test
  void userAccountControlAndAccountExpiresDecideEnabled() {
    Map<String, ScopedUser> eng =
        read(
            source,
            Scope.container(
                entry(source, ORG.unit("Engineering").dn()).id(),
                dn(ORG.unit("Engineering").dn()),
                false),
            50,
            null);
    assertThat(eng.get("carol").user().enabled())
        .as("carol: userAccountControl has bit 0x2")
        .isFalse();
    assertThat(eng.get("carol").user().attributes().first("userAccountControl")).contains("514");
    assertThat(eng.get("dave").user().enabled()).as("dave: accountExpires in 2020").isFalse();
    assertThat(eng.get("gina").user().enabled()).as("gina: accountExpires in 2099").isTrue();
    assertThat(
            read(
                    source,
                    Scope.container(
                        entry(source, ORG.unit("Sales").dn()).id(),
                        dn(ORG.unit("Sales").dn()),
                        false),
                    50,
                    null)
                .get("erin")
                .user()
                .enabled())
        .as("erin: accountExpires 0 means never")
        .isTrue();
  }

  @Test
  void pagesTheBulkOuInPagesOfTheSizeAsked() {
    int[] pages = {0};
    Map<String, ScopedUser> bulk =
        read(
            source,
            Scope.container(
                entry(source, ORG.unit("Bulk").dn()).id(), dn(ORG.unit("Bulk").dn()), false),
            100,
            pages);
    assertThat(bulk).hasSize(Organisation.BULK_USERS);
    assertThat(pages[0]).isEqualTo(16);
  }

  @Test
  void rangeRetrievalAskedForExplicitlyReadsAll1600MembersOfBigGroup() throws Exception {
    try (LDAPConnection c = samba.connect()) {
      SearchResultEntry first = c.getEntry(dn(ORG.group("Big Group").dn()), "member;range=0-499");
      assertThat(first.getAttribute("member;range=0-499").size())
          .as("Samba honours an explicit range")
          .isEqualTo(500);
    }
    try (ActiveDirectorySource ranged =
        new ActiveDirectorySource(
            SambaContractTest.ldaps(samba)
                .groupExpansion(GroupExpansion.MEMBER_LIST)
                .rangeSize(500)
                .build())) {
      DirectoryEntry big = entry(ranged, ORG.group("Big Group").dn());
      assertThat(read(ranged, Scope.group(big.id(), big.dn(), false), 500, null))
          .hasSize(Organisation.BULK_USERS);
    }
  }

  @Test
  void theInChainRuleMemberOfClosureAndMemberListsAgree() {
    Map<GroupExpansion, Map<String, List<String>>> results = new LinkedHashMap<>();
    for (GroupExpansion strategy :
        List.of(GroupExpansion.IN_CHAIN, GroupExpansion.MEMBER_OF, GroupExpansion.MEMBER_LIST)) {
      try (ActiveDirectorySource s =
          new ActiveDirectorySource(
              SambaContractTest.ldaps(samba).groupExpansion(strategy).build())) {
        Map<String, List<String>> viaByLogin = new LinkedHashMap<>();
        for (String group : List.of("All Staff", "Cycle A", "Cycle B")) {
          DirectoryEntry g = entry(s, ORG.group(group).dn());
          read(s, Scope.group(g.id(), g.dn(), true), 50, null)
              .forEach((login, u) -> viaByLogin.put(group + "/" + login, u.via()));
        }
        results.put(strategy, viaByLogin);
      }
    }
    assertThat(results.get(GroupExpansion.IN_CHAIN).keySet())
        .containsExactlyInAnyOrder(
            "All Staff/frank",
            "All Staff/alice",
            "All Staff/bob",
            "All Staff/erin",
            "All Staff/carol",
            "All Staff/dave",
            "All Staff/gina",
            "All Staff/zoe",
            "Cycle A/gina",
            "Cycle A/bob",
            "Cycle B/gina",
            "Cycle B/bob");
    assertThat(results.get(GroupExpansion.MEMBER_OF))
        .isEqualTo(results.get(GroupExpansion.IN_CHAIN));
    assertThat(results.get(GroupExpansion.MEMBER_LIST))
        .isEqualTo(results.get(GroupExpansion.IN_CHAIN));
    assertThat(results.get(GroupExpansion.IN_CHAIN).get("All Staff/alice")).hasSize(2);
  }

  @Test
  void theDomainRootReadsCompleteThoughSambaRefersToItsOtherPartitions() {
    DirectoryEntry domain = source.findByDn(samba.baseDn()).orElseThrow();
    Map<String, ScopedUser> all =
        read(source, Scope.container(domain.id(), domain.dn(), true), 1000, null);
    assertThat(all.keySet())
        .containsAll(ORG.loginsIn("Corp", true))
        .containsAll(ORG.loginsIn("Bulk", true));
  }

  @Test
  void bindsWithUserAtDomainAndDownLevelNames() {
    for (String user : List.of("umt-reader@example.test", "EXAMPLE\\umt-reader")) {
      try (ActiveDirectorySource s =
          new ActiveDirectorySource(
              SambaContractTest.ldaps(samba)
                  .bind(Bind.simple(user, samba.readerPassword()))
                  .build())) {
        assertThat(s.checkConnection().boundAs()).as(user).containsIgnoringCase("umt-reader");
      }
    }
  }

  @Test
  void aWrongPasswordIsAnAuthenticationErrorNamingTheUser() {
    try (ActiveDirectorySource s =
        new ActiveDirectorySource(
            SambaContractTest.ldaps(samba)
                .bind(Bind.simple(samba.readerDn(), Secret.of("not-the-password")))
                .build())) {
      assertThatThrownBy(s::checkConnection)
          .isInstanceOf(AuthenticationException.class)
          .hasMessageStartingWith(
              "LDAP server 127.0.0.1:"
                  + samba.ldapsPort()
                  + " refused the credentials of "
                  + samba.readerDn())
          .hasMessageNotContaining("not-the-password");
    }
  }

  @Test
  void anAnonymousLoginHasNoRightToReadTheDomain() {
    try (ActiveDirectorySource s =
        new ActiveDirectorySource(SambaContractTest.ldaps(samba).bind(Bind.anonymous()).build())) {
      assertThatThrownBy(s::checkConnection)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith(
              "anonymous has no right to read on LDAP server 127.0.0.1:"
                  + samba.ldapsPort()
                  + " (while reading the base DN "
                  + samba.baseDn()
                  + "): ");
    }
  }

  @Test
  void ldapsWithoutTheServersCertificateInTheTrustStoreIsRefusedNamingTheProblem() {
    try (ActiveDirectorySource s =
        new ActiveDirectorySource(
            LdapConfig.builder()
                .server(samba.host(), samba.ldapsPort())
                .security(LdapConfig.Security.LDAPS)
                .bind(Bind.simple(samba.readerDn(), samba.readerPassword()))
                .build())) {
      assertThatThrownBy(s::checkConnection)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith(
              "TLS connection to LDAP server 127.0.0.1:"
                  + samba.ldapsPort()
                  + " failed while connecting as "
                  + samba.readerDn())
          .hasMessageContaining(
              ": The presented certificate chain containing certificates 'CN=localhost, O=UMT test'"
                  + " cannot be trusted because none of the certificates in that chain were found"
                  + " in the JVM's default set of trusted issuers (the JVM's")
          .hasMessageEndingWith(
              "(the JVM's default trust store was used; give the server's certificate or its CA"
                  + " with trustStore)");
    }
  }

  @Test
  void startTlsAndPlainLdapWorkWhenAllowed() {
    try (ActiveDirectorySource s =
        new ActiveDirectorySource(SambaContractTest.ldaps(samba).build())) {
      assertThat(s.checkConnection().boundAs()).containsIgnoringCase("umt-reader");
    }
    LdapConfig.Builder startTls =
        LdapConfig.builder()
            .server(samba.host(), samba.port())
            .security(LdapConfig.Security.STARTTLS)
            .trustStore(samba.trustStore(), samba.trustStorePassword())
            .bind(Bind.simple(samba.readerDn(), samba.readerPassword()));
    try (ActiveDirectorySource s = new ActiveDirectorySource(startTls.build())) {
      assertThat(s.checkConnection().boundAs()).containsIgnoringCase("umt-reader");
    }
  }
}
