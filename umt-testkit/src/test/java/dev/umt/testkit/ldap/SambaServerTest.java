package dev.umt.testkit.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import dev.umt.Secret;
import dev.umt.testkit.Organisation;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Samba's AD DC holds the organisation as AD does, and shows what only a real AD shows: member
 * ranges, the in-chain rule, objectGUID, USNs, DirSync, LDAPS with the test CA, a non-admin
 * account. Skips without Samba (fails when servers are required).
 */
class SambaServerTest {
  private static final Organisation ORG = Organisation.standard();
  private static final String IN_CHAIN = "1.2.840.113556.1.4.1941";
  private static TestServer samba;

  @BeforeAll
  static void server() {
    samba = TestServers.samba();
  }

  private static LDAPConnection reader() throws LDAPException {
    return samba.connectLdaps(samba.readerDn(), samba.readerPassword());
  }

  private static SearchResultEntry one(LDAPConnection c, Filter filter, String... attributes)
      throws LDAPException {
    List<SearchResultEntry> found =
        c.search(samba.baseDn(), SearchScope.SUB, filter, attributes).getSearchEntries();
    assertThat(found).as("entries matching %s", filter).hasSize(1);
    return found.get(0);
  }

  private static List<SearchResultEntry> paged(
      LDAPConnection c, String base, Filter filter, String... attributes) throws LDAPException {
    List<SearchResultEntry> all = new ArrayList<>();
    ASN1OctetString cookie = null;
    do {
      SearchRequest r = new SearchRequest(base, SearchScope.SUB, filter, attributes);
      r.addControl(new SimplePagedResultsControl(500, cookie));
      SearchResult result = c.search(r);
      all.addAll(result.getSearchEntries());
      cookie = SimplePagedResultsControl.get(result).getCookie();
    } while (cookie != null && cookie.getValueLength() > 0);
    return all;
  }

  @Test
  void detailsAreSambasFixedPortsAndTheDomain() {
    assertThat(samba.host()).isEqualTo("127.0.0.1");
    assertThat(samba.port()).isEqualTo(389);
    assertThat(samba.ldapsPort()).isEqualTo(636);
    assertThat(samba.baseDn()).isEqualTo("DC=example,DC=test");
    assertThat(samba.flavour()).isEqualTo(LdapFlavour.ACTIVE_DIRECTORY);
  }

  @Test
  void nonAdminReaderBindsOverLdapsWithTheTestCaAndReadsTheOrganisation() throws LDAPException {
    try (LDAPConnection c = reader()) {
      String corp = OrganisationLdif.formatDn(ORG.unit("Corp").dn(), LdapFlavour.ACTIVE_DIRECTORY);
      List<SearchResultEntry> users =
          paged(
              c,
              corp,
              Filter.createANDFilter(
                  Filter.createEqualityFilter("objectClass", "user"),
                  Filter.createEqualityFilter("objectCategory", "person")),
              "sAMAccountName");
      assertThat(users)
          .extracting(e -> e.getAttributeValue("sAMAccountName"))
          .containsExactlyInAnyOrder(
              "alice", "erin", "bob", "carol", "dave", "gina", "zoe", "frank");
      String bulk = OrganisationLdif.formatDn(ORG.unit("Bulk").dn(), LdapFlavour.ACTIVE_DIRECTORY);
      assertThat(paged(c, bulk, Filter.createEqualityFilter("objectClass", "user"), "1.1"))
          .hasSize(Organisation.BULK_USERS);
      // the reader is a plain user: it may not change the directory
      assertThatThrownBy(
              () ->
                  c.modify(
                      users.get(0).getDN(),
                      new com.unboundid.ldap.sdk.Modification(
                          com.unboundid.ldap.sdk.ModificationType.REPLACE, "title", "Boss")))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INSUFFICIENT_ACCESS_RIGHTS));
    }
  }

  @Test
  void certificateIsRefusedWithoutTheTestTrustStore() throws GeneralSecurityException {
    SSLUtil jvmDefault = new SSLUtil();
    assertThatThrownBy(
            () ->
                new LDAPConnection(
                        jvmDefault.createSSLSocketFactory(),
                        TestServer.options(),
                        samba.host(),
                        samba.ldapsPort())
                    .getRootDSE())
        .isInstanceOf(LDAPException.class);
    // and it is the test CA's certificate that is served: trusting everything connects
    SSLUtil trustAll = new SSLUtil(new TrustAllTrustManager());
    org.assertj.core.api.Assertions.assertThatCode(
            () -> {
              try (LDAPConnection c =
                  new LDAPConnection(
                      trustAll.createSSLSocketFactory(),
                      TestServer.options(),
                      samba.host(),
                      samba.ldapsPort())) {
                c.getRootDSE();
              }
            })
        .doesNotThrowAnyException();
  }

  @Test
  void usersCarryAdAttributesWithDisabledAndExpiredStates() throws LDAPException {
    try (LDAPConnection c = reader()) {
      SearchResultEntry alice =
          one(
              c,
              Filter.createEqualityFilter("sAMAccountName", "alice"),
              "objectGUID",
              "userPrincipalName",
              "mail",
              "givenName",
              "sn",
              "displayName",
              "title",
              "department",
              "telephoneNumber",
              "userAccountControl",
              "memberOf",
              "uSNChanged",
              "whenChanged");
      assertThat(alice.getDN()).isEqualTo("CN=Alice Archer,OU=Sales,OU=Corp,DC=example,DC=test");
      assertThat(alice.getAttributeValueBytes("objectGUID")).hasSize(16);
      assertThat(alice.getAttributeValue("userPrincipalName")).isEqualTo("alice@example.test");
      assertThat(alice.getAttributeValue("displayName")).isEqualTo("Alice Archer");
      assertThat(alice.getAttributeValue("department")).isEqualTo("Sales");
      assertThat(alice.getAttributeValue("telephoneNumber")).isEqualTo("+1 555 0101");
      assertThat(alice.getAttributeValue("userAccountControl")).isEqualTo("512");
      assertThat(Long.parseLong(alice.getAttributeValue("uSNChanged"))).isPositive();
      assertThat(alice.getAttributeValues("memberOf"))
          .containsExactlyInAnyOrder(
              "CN=Sales Team,OU=Groups,OU=Corp,DC=example,DC=test",
              "CN=Newsletter,OU=Groups,OU=Corp,DC=example,DC=test");
      assertThat(
              one(c, Filter.createEqualityFilter("sAMAccountName", "carol"), "userAccountControl")
                  .getAttributeValue("userAccountControl"))
          .isEqualTo("514");
      assertThat(
              one(c, Filter.createEqualityFilter("sAMAccountName", "dave"), "accountExpires")
                  .getAttributeValue("accountExpires"))
          .isEqualTo("132223104000000000");
      assertThat(
              one(
                      c,
                      Filter.createEqualityFilter("sAMAccountName", "erin"),
                      "accountExpires",
                      "mail")
                  .getAttributeValue("accountExpires"))
          .isEqualTo("0");
      assertThat(
              one(c, Filter.createEqualityFilter("sAMAccountName", "erin"), "mail")
                  .hasAttribute("mail"))
          .isFalse();
      assertThat(
              one(c, Filter.createEqualityFilter("sAMAccountName", "bob"), "accountExpires")
                  .getAttributeValue("accountExpires"))
          .isEqualTo("9223372036854775807");
      SearchResultEntry frank =
          one(c, Filter.createEqualityFilter("cn", "Frank O'Brien, Jr. (*)"), "sAMAccountName");
      assertThat(frank.getAttributeValue("sAMAccountName")).isEqualTo("frank");
      assertThat(frank.getParsedDN().getParent().getRDN().getAttributeValues())
          .containsExactly("R&D, \"Labs\"");
      assertThat(
              one(c, Filter.createEqualityFilter("sn", "Łukasiewicz"), "sAMAccountName")
                  .getAttributeValue("sAMAccountName"))
          .isEqualTo("zoe");
    }
  }

  @Test
  void bigGroupIsReadInRangesWhenAsked() throws LDAPException {
    try (LDAPConnection c = reader()) {
      String big =
          OrganisationLdif.formatDn(ORG.group("Big Group").dn(), LdapFlavour.ACTIVE_DIRECTORY);
      Set<String> members = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      List<String> ranges = new ArrayList<>();
      int low = 0;
      while (true) {
        SearchResultEntry e = c.getEntry(big, "member;range=" + low + "-" + (low + 999));
        Attribute range = null;
        for (Attribute a : e.getAttributes()) {
          if (a.getBaseName().equalsIgnoreCase("member")) {
            range = a;
          }
        }
        assertThat(range).as("a member range starting at %d", low).isNotNull();
        ranges.add(range.getName());
        members.addAll(List.of(range.getValues()));
        if (range.getName().endsWith("-*")) {
          break;
        }
        low += range.getValues().length;
      }
      assertThat(ranges).containsExactly("member;range=0-999", "member;range=1000-*");
      assertThat(members).hasSize(1600);
    }
  }

  @Test
  void inChainRuleFindsNestedMembersAndSurvivesTheCycle() throws LDAPException {
    try (LDAPConnection c = reader()) {
      String allStaff =
          OrganisationLdif.formatDn(ORG.group("All Staff").dn(), LdapFlavour.ACTIVE_DIRECTORY);
      List<SearchResultEntry> nested =
          c.search(
                  samba.baseDn(),
                  SearchScope.SUB,
                  Filter.createANDFilter(
                      Filter.createEqualityFilter("objectClass", "user"),
                      Filter.createExtensibleMatchFilter("memberOf", IN_CHAIN, false, allStaff)),
                  "sAMAccountName")
              .getSearchEntries();
      assertThat(nested)
          .extracting(e -> e.getAttributeValue("sAMAccountName"))
          .containsExactlyInAnyOrderElementsOf(ORG.membersOf("All Staff", true));
      String cycleA =
          OrganisationLdif.formatDn(ORG.group("Cycle A").dn(), LdapFlavour.ACTIVE_DIRECTORY);
      List<SearchResultEntry> cycle =
          c.search(
                  samba.baseDn(),
                  SearchScope.SUB,
                  Filter.createANDFilter(
                      Filter.createEqualityFilter("objectClass", "user"),
                      Filter.createExtensibleMatchFilter("memberOf", IN_CHAIN, false, cycleA)),
                  "sAMAccountName")
              .getSearchEntries();
      assertThat(cycle)
          .extracting(e -> e.getAttributeValue("sAMAccountName"))
          .containsExactlyInAnyOrder("gina", "bob");
      SearchResultEntry b =
          one(c, Filter.createEqualityFilter("cn", "Cycle B"), "member", "memberOf", "groupType");
      assertThat(b.getAttributeValues("memberOf")).containsExactly(cycleA);
      assertThat(b.getAttributeValues("member")).contains(cycleA);
      assertThat(
              one(c, Filter.createEqualityFilter("cn", "Newsletter"), "groupType")
                  .getAttributeValue("groupType"))
          .isEqualTo("2");
    }
  }

  @Test
  void rootDseAdvertisesWhatOnlyAdHas() throws LDAPException {
    try (LDAPConnection c = samba.connect()) {
      RootDSE root = c.getRootDSE();
      assertThat(root.supportsControl("1.2.840.113556.1.4.841")).as("DirSync").isTrue();
      assertThat(root.supportsControl("1.2.840.113556.1.4.417")).as("show deleted").isTrue();
      assertThat(root.supportsControl(SimplePagedResultsControl.PAGED_RESULTS_OID)).isTrue();
      assertThat(Long.parseLong(root.getAttributeValue("highestCommittedUSN"))).isPositive();
      assertThat(root.getAttributeValue("defaultNamingContext")).isEqualTo("DC=example,DC=test");
    }
  }

  @Test
  void readerMayUseDirSyncOnTheDomainRoot() throws LDAPException {
    try (LDAPConnection c = reader()) {
      SearchRequest r =
          new SearchRequest(
              samba.baseDn(),
              SearchScope.SUB,
              Filter.createEqualityFilter("objectClass", "user"),
              "sAMAccountName");
      r.addControl(
          new com.unboundid.ldap.sdk.experimental.ActiveDirectoryDirSyncControl(
              true, 0, 10_000, null));
      SearchResult result = c.search(r);
      assertThat(result.getResultCode()).isEqualTo(ResultCode.SUCCESS);
      assertThat(result.getSearchEntries())
          .extracting(e -> e.getAttributeValue("sAMAccountName"))
          .contains("alice", "bulk1600");
      assertThat(
              com.unboundid.ldap.sdk.experimental.ActiveDirectoryDirSyncControl.get(result)
                  .getCookie()
                  .getValueLength())
          .as("a cookie for the next incremental read")
          .isPositive();
    }
  }

  @Test
  void administratorBindsByUserPrincipalNameOverPlainLdap() throws LDAPException {
    try (LDAPConnection c =
        new LDAPConnection(
            TestServer.options(),
            samba.host(),
            samba.port(),
            "Administrator@example.test",
            samba.password().reveal())) {
      assertThat(c.getEntry(samba.baseDn(), "1.1")).isNotNull();
    }
    assertThatThrownBy(() -> samba.connectLdaps(samba.readerDn(), Secret.of("wrong password")))
        .isInstanceOfSatisfying(
            LDAPException.class,
            e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
  }
}
