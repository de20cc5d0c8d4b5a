package dev.umt.testkit.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.EXTERNALBindRequest;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;
import com.unboundid.ldap.sdk.schema.Schema;
import dev.umt.testkit.Organisation;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two slapd servers hold the organisation (generic, and eDirectory-flavoured with the custom
 * schema), speak StartTLS, LDAPS and SASL EXTERNAL with the test certificates, and limit the reader
 * as a real server would. Skips without slapd (fails when servers are required).
 */
class SlapdServersTest {
  private static final Organisation ORG = Organisation.standard();
  private static TestServer slapd;
  private static TestServer edir;

  @BeforeAll
  static void servers() {
    slapd = TestServers.slapd();
    edir = TestServers.edirectory();
  }

  private static int count(LDAPConnection c, String base, Filter filter) throws LDAPException {
    int n = 0;
    ASN1OctetString cookie = null;
    do {
      SearchRequest r = new SearchRequest(base, SearchScope.SUB, filter, "1.1");
      r.addControl(new SimplePagedResultsControl(500, cookie));
      SearchResult result = c.search(r);
      n += result.getEntryCount();
      cookie = SimplePagedResultsControl.get(result).getCookie();
    } while (cookie != null && cookie.getValueLength() > 0);
    return n;
  }

  /**
   * Entries matching {@code filter} in the organisation's OUs (not in ou=Benchmark, which
   * load-bulk.sh may add).
   */
  private static int countInOrganisation(LDAPConnection c, Filter filter) throws LDAPException {
    int n = 0;
    for (Organisation.Unit unit : ORG.units()) {
      if (unit.parentDn().equals(ORG.baseDn())) {
        n += count(c, unit.dn(), filter);
      }
    }
    return n;
  }

  private static SearchResultEntry one(
      LDAPConnection c, String base, Filter filter, String... attributes) throws LDAPException {
    List<SearchResultEntry> found =
        c.search(base, SearchScope.SUB, filter, attributes).getSearchEntries();
    assertThat(found).as("entries matching %s", filter).hasSize(1);
    return found.get(0);
  }

  @Test
  void detailsPointAtLoopback() {
    for (TestServer s : List.of(slapd, edir)) {
      assertThat(s.host()).isEqualTo("127.0.0.1");
      assertThat(s.baseDn()).isEqualTo("dc=example,dc=test");
      assertThat(s.trustStore()).exists();
    }
    assertThat(slapd.flavour()).isEqualTo(LdapFlavour.GENERIC);
    assertThat(edir.flavour()).isEqualTo(LdapFlavour.EDIRECTORY);
  }

  @Test
  void genericSlapdHoldsTheOrganisationWithServerMaintainedMemberOf() throws LDAPException {
    try (LDAPConnection c = slapd.connect()) {
      assertThat(
              countInOrganisation(c, Filter.createEqualityFilter("objectClass", "inetOrgPerson")))
          .isEqualTo(ORG.users().size());
      assertThat(countInOrganisation(c, Filter.createEqualityFilter("objectClass", "groupOfNames")))
          .isEqualTo(ORG.groups().size());
      assertThat(
              countInOrganisation(
                  c, Filter.createEqualityFilter("objectClass", "organizationalUnit")))
          .isEqualTo(ORG.units().size());
      assertThat(
              c.search(slapd.baseDn(), SearchScope.ONE, "(objectClass=organizationalUnit)", "ou")
                  .getSearchEntries())
          .extracting(e -> e.getAttributeValue("ou"))
          .contains("Corp", "Bulk");
      SearchResultEntry big =
          one(c, slapd.baseDn(), Filter.createEqualityFilter("cn", "Big Group"), "member");
      assertThat(big.getAttributeValues("member")).hasSize(1600);
      // memberOf comes from the memberof overlay, including the cycle's group-to-group links
      SearchResultEntry cycleA =
          one(
              c,
              slapd.baseDn(),
              Filter.createEqualityFilter("cn", "Cycle A"),
              "memberOf",
              "member");
      SearchResultEntry cycleB =
          one(
              c,
              slapd.baseDn(),
              Filter.createEqualityFilter("cn", "Cycle B"),
              "memberOf",
              "member");
      assertThat(cycleA.getAttributeValues("memberOf")).containsExactly(cycleB.getDN());
      assertThat(cycleB.getAttributeValues("memberOf")).containsExactly(cycleA.getDN());
      SearchResultEntry carol =
          one(
              c,
              slapd.baseDn(),
              Filter.createEqualityFilter("uid", "carol"),
              "entryUUID",
              "pwdAccountLockedTime",
              "memberOf");
      assertThat(UUID.fromString(carol.getAttributeValue("entryUUID"))).isNotNull();
      assertThat(carol.getAttributeValue("pwdAccountLockedTime")).isEqualTo("20250101000000Z");
      assertThat(carol.getAttributeValues("memberOf"))
          .containsExactly("cn=Engineers,ou=Groups,ou=Corp,dc=example,dc=test");
      assertThat(
              one(c, slapd.baseDn(), Filter.createEqualityFilter("uid", "dave"), "pwdEndTime")
                  .getAttributeValue("pwdEndTime"))
          .isEqualTo("20200101000000Z");
      SearchResultEntry frank =
          one(
              c,
              slapd.baseDn(),
              Filter.createEqualityFilter("cn", "Frank O'Brien, Jr. (*)"),
              "uid");
      assertThat(frank.getAttributeValue("uid")).isEqualTo("frank");
      assertThat(frank.getParsedDN().getParent().getRDN().getAttributeValues())
          .containsExactly("R&D, \"Labs\"");
      assertThat(
              one(c, slapd.baseDn(), Filter.createEqualityFilter("uid", "zoe"), "cn")
                  .getAttributeValue("cn"))
          .isEqualTo("Zoë Łukasiewicz");
      RootDSE root = c.getRootDSE();
      assertThat(root.getAttributeValues("objectClass")).contains("OpenLDAProotDSE");
      assertThat(root.supportsControl("1.3.6.1.4.1.4203.1.9.1.1"))
          .as("content sync (syncprov)")
          .isTrue();
      assertThat(root.supportsControl(SimplePagedResultsControl.PAGED_RESULTS_OID)).isTrue();
    }
  }

  @Test
  void readerHitsTheSizeLimitWithoutPagingButNotWithIt() throws LDAPException {
    try (LDAPConnection c =
        new LDAPConnection(
            TestServer.options(),
            slapd.host(),
            slapd.port(),
            slapd.readerDn(),
            slapd.readerPassword().reveal())) {
      assertThatThrownBy(
              () -> c.search(slapd.baseDn(), SearchScope.SUB, "(objectClass=inetOrgPerson)", "1.1"))
          .isInstanceOfSatisfying(
              LDAPSearchException.class,
              e -> {
                assertThat(e.getResultCode()).isEqualTo(ResultCode.SIZE_LIMIT_EXCEEDED);
                assertThat(e.getEntryCount()).isEqualTo(500);
              });
      assertThat(
              countInOrganisation(c, Filter.createEqualityFilter("objectClass", "inetOrgPerson")))
          .isEqualTo(ORG.users().size());
    }
  }

  @Test
  void anonymousMayNotReadTheGenericServerButMayReadEDirectory() throws LDAPException {
    try (LDAPConnection c = new LDAPConnection(TestServer.options(), slapd.host(), slapd.port())) {
      assertThatThrownBy(() -> c.search(slapd.baseDn(), SearchScope.BASE, "(objectClass=*)"))
          .isInstanceOfSatisfying(
              LDAPSearchException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.NO_SUCH_OBJECT));
    }
    try (LDAPConnection c = new LDAPConnection(TestServer.options(), edir.host(), edir.port())) {
      assertThat(
              one(c, edir.baseDn(), Filter.createEqualityFilter("uid", "alice"), "fullName")
                  .getAttributeValue("fullName"))
          .isEqualTo("Alice Archer");
    }
  }

  @Test
  void startTlsAndLdapsTrustTheTestCaWithHostNameChecked() throws LDAPException {
    try (LDAPConnection c = new LDAPConnection(TestServer.options(), slapd.host(), slapd.port())) {
      ExtendedResult r =
          c.processExtendedOperation(new StartTLSExtendedRequest(slapd.sslSocketFactory()));
      assertThat(r.getResultCode()).isEqualTo(ResultCode.SUCCESS);
      c.bind(slapd.readerDn(), slapd.readerPassword().reveal());
      assertThat(
              one(c, slapd.baseDn(), Filter.createEqualityFilter("uid", "bob"), "mail")
                  .getAttributeValue("mail"))
          .isEqualTo("bob@example.test");
    }
    try (LDAPConnection c = edir.connectLdaps(edir.bindDn(), edir.password())) {
      assertThat(c.getRootDSE().getNamingContextDNs()).containsExactly("dc=example,dc=test");
    }
  }

  @Test
  void clientCertificateBindsAsTheReaderThroughSaslExternal() throws LDAPException {
    try (LDAPConnection c =
        new LDAPConnection(
            edir.clientCertificateSocketFactory(),
            TestServer.options(),
            edir.host(),
            edir.ldapsPort())) {
      assertThat(c.bind(new EXTERNALBindRequest("")).getResultCode()).isEqualTo(ResultCode.SUCCESS);
      WhoAmIExtendedResult who =
          (WhoAmIExtendedResult) c.processExtendedOperation(new WhoAmIExtendedRequest());
      assertThat(who.getAuthorizationID()).isEqualTo("dn:" + edir.readerDn());
    }
  }

  @Test
  void eDirectoryServerHasTheCustomSchemaAndTheEDirectoryAttributes() throws LDAPException {
    try (LDAPConnection c = edir.connect()) {
      Schema schema = c.getSchema();
      for (String attribute :
          List.of("GUID", "fullName", "groupMembership", "loginDisabled", "loginExpirationTime")) {
        assertThat(schema.getAttributeType(attribute))
            .as("attribute type %s", attribute)
            .isNotNull();
      }
      assertThat(schema.getAttributeType("GUID").getOID())
          .isEqualTo("2.16.840.1.113719.1.1.4.1.501");
      assertThat(
              countInOrganisation(
                  c, Filter.createEqualityFilter("objectClass", "ndsLoginProperties")))
          .isEqualTo(ORG.users().size());
      SearchResultEntry carol =
          one(c, edir.baseDn(), Filter.createEqualityFilter("uid", "carol"), "*");
      assertThat(carol.getAttributeValue("loginDisabled")).isEqualTo("TRUE");
      assertThat(carol.getAttributeValue("ou")).isEqualTo("Engineering");
      assertThat(carol.getAttributeValueBytes("GUID")).hasSize(16);
      assertThat(carol.getAttributeValues("groupMembership"))
          .containsExactly("cn=Engineers,ou=Groups,ou=Corp,dc=example,dc=test");
      assertThat(carol.hasAttribute("memberOf")).isFalse();
      assertThat(
              one(
                      c,
                      edir.baseDn(),
                      Filter.createEqualityFilter("uid", "gina"),
                      "loginExpirationTime")
                  .getAttributeValue("loginExpirationTime"))
          .isEqualTo("20991231000000Z");
      byte[] baseGuid = c.getEntry(edir.baseDn(), "GUID").getAttributeValueBytes("GUID");
      assertThat(baseGuid).hasSize(16);
      assertThat(
              c.search(
                      edir.baseDn(),
                      SearchScope.SUB,
                      Filter.createEqualityFilter("GUID", baseGuid),
                      "1.1")
                  .getEntryCount())
          .isEqualTo(1);
      // a value outside the syntax is refused: the schema is really there
      assertThatThrownBy(
              () ->
                  c.modify(
                      carol.getDN(),
                      new com.unboundid.ldap.sdk.Modification(
                          com.unboundid.ldap.sdk.ModificationType.REPLACE,
                          "loginDisabled",
                          "maybe")))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(ResultCode.INVALID_ATTRIBUTE_SYNTAX));
    }
  }
}
