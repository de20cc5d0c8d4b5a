package dev.umt.testkit.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.umt.testkit.Organisation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-memory directories hold the standard organisation in each flavour, and their schemas check
 * what they should.
 */
class EmbeddedDirectoriesTest {
  private static final Organisation ORG = Organisation.standard();
  private static EmbeddedDirectory ad;
  private static EmbeddedDirectory edir;
  private static EmbeddedDirectory generic;

  @BeforeAll
  static void start() {
    ad = EmbeddedDirectories.activeDirectoryLike();
    edir = EmbeddedDirectories.eDirectoryLike();
    generic = EmbeddedDirectories.generic();
  }

  @AfterAll
  static void stop() {
    for (EmbeddedDirectory d : new EmbeddedDirectory[] {ad, edir, generic}) {
      if (d != null) {
        d.close();
      }
    }
  }

  private static List<SearchResultEntry> search(
      EmbeddedDirectory d, String base, Filter filter, String... attributes) throws LDAPException {
    try (LDAPConnection c = d.connect()) {
      return c.search(base, SearchScope.SUB, filter, attributes).getSearchEntries();
    }
  }

  private static SearchResultEntry one(EmbeddedDirectory d, Filter filter, String... attributes)
      throws LDAPException {
    List<SearchResultEntry> found = search(d, d.baseDn(), filter, attributes);
    assertThat(found).as("entries matching %s in %s", filter, d).hasSize(1);
    return found.get(0);
  }

  @Test
  void listensOnLoopbackAndCountsMatchTheOrganisation() throws LDAPException {
    int users = ORG.users().size();
    for (EmbeddedDirectory d : List.of(ad, edir, generic)) {
      assertThat(d.url()).startsWith("ldap://127.0.0.1:");
      assertThat(d.server().countEntries())
          .as("entries in %s", d)
          .isEqualTo(1 + ORG.units().size() + users + ORG.groups().size());
    }
    assertThat(search(ad, ad.baseDn(), Filter.createEqualityFilter("objectClass", "user"), "1.1"))
        .hasSize(users);
    assertThat(
            search(
                edir,
                edir.baseDn(),
                Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
                "1.1"))
        .hasSize(users);
    assertThat(
            search(
                generic,
                generic.baseDn(),
                Filter.createEqualityFilter("objectClass", "groupOfNames"),
                "1.1"))
        .hasSize(ORG.groups().size());
  }

  @Test
  void activeDirectoryUserCarriesAdAttributesAndTheObjectGuidInAdByteOrder() throws LDAPException {
    SearchResultEntry alice =
        one(ad, Filter.createEqualityFilter("sAMAccountName", "alice"), "*", "+");
    assertThat(alice.getDN()).isEqualTo("CN=Alice Archer,OU=Sales,OU=Corp,DC=example,DC=test");
    assertThat(alice.getAttributeValue("userPrincipalName")).isEqualTo("alice@example.test");
    assertThat(alice.getAttributeValue("displayName")).isEqualTo("Alice Archer");
    assertThat(alice.getAttributeValue("department")).isEqualTo("Sales");
    assertThat(alice.getAttributeValue("telephoneNumber")).isEqualTo("+1 555 0101");
    assertThat(alice.getAttributeValue("userAccountControl")).isEqualTo("512");
    assertThat(alice.getAttributeValue("accountExpires")).isEqualTo("9223372036854775807");
    assertThat(alice.getAttributeValues("memberOf"))
        .containsExactlyInAnyOrder(
            "CN=Sales Team,OU=Groups,OU=Corp,DC=example,DC=test",
            "CN=Newsletter,OU=Groups,OU=Corp,DC=example,DC=test");
    byte[] guid = alice.getAttributeValueBytes("objectGUID");
    assertThat(guid).hasSize(16);
    UUID expected = OrganisationLdif.uuidOf(LdapFlavour.ACTIVE_DIRECTORY, alice.getDN());
    ByteBuffer b = ByteBuffer.wrap(guid).order(ByteOrder.LITTLE_ENDIAN);
    long msb =
        ((long) b.getInt() << 32) | ((b.getShort() & 0xFFFFL) << 16) | (b.getShort() & 0xFFFFL);
    long lsb = b.order(ByteOrder.BIG_ENDIAN).getLong();
    assertThat(new UUID(msb, lsb)).isEqualTo(expected);
    // an id can be searched for by its bytes, as connectors find a scope by id
    assertThat(search(ad, ad.baseDn(), Filter.createEqualityFilter("objectGUID", guid), "1.1"))
        .hasSize(1);
  }

  @Test
  void activeDirectoryStatesDisabledExpiredAndTheTwoSpellingsOfNever() throws LDAPException {
    assertThat(
            one(ad, Filter.createEqualityFilter("sAMAccountName", "carol"), "userAccountControl")
                .getAttributeValue("userAccountControl"))
        .isEqualTo("514");
    assertThat(
            one(ad, Filter.createEqualityFilter("sAMAccountName", "dave"), "accountExpires")
                .getAttributeValue("accountExpires"))
        .isEqualTo("132223104000000000"); // 2020-01-01T00:00:00Z
    assertThat(
            one(ad, Filter.createEqualityFilter("sAMAccountName", "erin"), "accountExpires")
                .getAttributeValue("accountExpires"))
        .isEqualTo("0");
    assertThat(
            one(ad, Filter.createEqualityFilter("sAMAccountName", "gina"), "accountExpires")
                .getAttributeValue("accountExpires"))
        .isEqualTo("157468320000000000"); // 2099-12-31T00:00:00Z
    assertThat(
            one(ad, Filter.createEqualityFilter("sAMAccountName", "erin"), "mail")
                .hasAttribute("mail"))
        .isFalse();
    SearchResultEntry newsletter =
        one(ad, Filter.createEqualityFilter("cn", "Newsletter"), "groupType");
    assertThat(newsletter.getAttributeValue("groupType")).isEqualTo("2");
    assertThat(
            one(ad, Filter.createEqualityFilter("cn", "Engineers"), "groupType")
                .getAttributeValue("groupType"))
        .isEqualTo("-2147483646");
  }

  @Test
  void bigGroupHas1600MembersInEveryFlavour() throws LDAPException {
    for (EmbeddedDirectory d : List.of(ad, edir, generic)) {
      SearchResultEntry big = one(d, Filter.createEqualityFilter("cn", "Big Group"), "member");
      assertThat(big.getAttributeValues("member"))
          .as("members of Big Group in %s", d)
          .hasSize(1600);
    }
  }

  @Test
  void cycleGroupsContainEachOther() throws LDAPException {
    SearchResultEntry a =
        one(generic, Filter.createEqualityFilter("cn", "Cycle A"), "member", "memberOf");
    SearchResultEntry b =
        one(generic, Filter.createEqualityFilter("cn", "Cycle B"), "member", "memberOf");
    assertThat(a.getAttributeValues("member")).contains(b.getDN());
    assertThat(b.getAttributeValues("member")).contains(a.getDN());
    assertThat(a.getAttributeValues("memberOf")).containsExactly(b.getDN());
    SearchResultEntry edirA =
        one(edir, Filter.createEqualityFilter("cn", "Cycle A"), "groupMembership");
    assertThat(edirA.getAttributeValues("groupMembership"))
        .containsExactly("cn=Cycle B,ou=Groups,ou=Corp,dc=example,dc=test");
  }

  @Test
  void specialCharacterNamesAreEscapedAndFoundByFilter() throws LDAPException {
    SearchResultEntry frank =
        one(generic, Filter.createEqualityFilter("cn", "Frank O'Brien, Jr. (*)"), "cn", "ou");
    assertThat(frank.getDN())
        .isEqualTo("cn=Frank O'Brien\\, Jr. (*),ou=R&D\\, \\\"Labs\\\",ou=Corp,dc=example,dc=test");
    assertThat(frank.getParsedDN().getParent().getRDN().getAttributeValues())
        .containsExactly("R&D, \"Labs\"");
    SearchResultEntry zoe =
        one(ad, Filter.createEqualityFilter("sAMAccountName", "zoe"), "cn", "sn");
    assertThat(zoe.getAttributeValue("sn")).isEqualTo("Łukasiewicz");
    assertThat(zoe.getDN())
        .isEqualTo("CN=Zoë Łukasiewicz,OU=Engineering,OU=Corp,DC=example,DC=test");
    // the R&D OU's members are found under its escaped DN
    String rnd = OrganisationLdif.formatDn(ORG.unit("R&D, \"Labs\"").dn(), LdapFlavour.EDIRECTORY);
    assertThat(
            search(edir, rnd, Filter.createEqualityFilter("objectClass", "inetOrgPerson"), "uid"))
        .extracting(e -> e.getAttributeValue("uid"))
        .containsExactly("frank");
  }

  @Test
  void eDirectoryUsersCarryGuidLoginStateAndGroupMembership() throws LDAPException {
    SearchResultEntry carol = one(edir, Filter.createEqualityFilter("uid", "carol"), "*");
    assertThat(carol.getAttributeValue("loginDisabled")).isEqualTo("TRUE");
    assertThat(carol.getAttributeValue("fullName")).isEqualTo("Carol Clark");
    assertThat(carol.getAttributeValue("ou")).isEqualTo("Engineering");
    assertThat(carol.getAttributeValueBytes("GUID")).hasSize(16);
    assertThat(carol.getAttributeValues("groupMembership"))
        .containsExactly("cn=Engineers,ou=Groups,ou=Corp,dc=example,dc=test");
    assertThat(
            one(edir, Filter.createEqualityFilter("uid", "dave"), "loginExpirationTime")
                .getAttributeValue("loginExpirationTime"))
        .isEqualTo("20200101000000Z");
    assertThat(
            one(edir, Filter.createEqualityFilter("uid", "alice"), "loginDisabled")
                .hasAttribute("loginDisabled"))
        .isFalse();
    Set<String> guids =
        search(edir, edir.baseDn(), Filter.createPresenceFilter("GUID"), "GUID").stream()
            .map(e -> java.util.HexFormat.of().formatHex(e.getAttributeValueBytes("GUID")))
            .collect(Collectors.toSet());
    assertThat(guids)
        .as("every entry has its own GUID")
        .hasSize((int) edir.server().countEntries());
  }

  @Test
  void genericUsersCarryEntryUuidAndPasswordPolicyStateAsOperationalAttributes()
      throws LDAPException {
    SearchResultEntry carolPlain = one(generic, Filter.createEqualityFilter("uid", "carol"), "*");
    assertThat(carolPlain.hasAttribute("pwdAccountLockedTime"))
        .as("operational: not returned for *")
        .isFalse();
    assertThat(carolPlain.hasAttribute("memberOf")).isFalse();
    SearchResultEntry carol =
        one(
            generic,
            Filter.createEqualityFilter("uid", "carol"),
            "entryUUID",
            "pwdAccountLockedTime",
            "memberOf",
            "departmentNumber");
    assertThat(UUID.fromString(carol.getAttributeValue("entryUUID"))).isNotNull();
    assertThat(carol.getAttributeValue("pwdAccountLockedTime")).isEqualTo("20250101000000Z");
    assertThat(carol.getAttributeValue("departmentNumber")).isEqualTo("Engineering");
    assertThat(carol.getAttributeValues("memberOf"))
        .containsExactly("cn=Engineers,ou=Groups,ou=Corp,dc=example,dc=test");
    assertThat(
            one(generic, Filter.createEqualityFilter("uid", "dave"), "pwdEndTime")
                .getAttributeValue("pwdEndTime"))
        .isEqualTo("20200101000000Z");
  }

  @Test
  void schemaRejectsAnAttributeTheFlavourDoesNotHave() throws LDAPException {
    try (LDAPConnection c = generic.connect()) {
      Entry wrong =
          new Entry(
              "cn=Wrong,ou=Corp,dc=example,dc=test",
              new Attribute("objectClass", "top", "person"),
              new Attribute("cn", "Wrong"),
              new Attribute("sn", "Wrong"),
              new Attribute("sAMAccountName", "wrong"));
      assertThatThrownBy(() -> c.add(wrong))
          .isInstanceOfSatisfying(
              LDAPException.class,
              e ->
                  assertThat(e.getResultCode())
                      .isIn(
                          ResultCode.UNDEFINED_ATTRIBUTE_TYPE, ResultCode.OBJECT_CLASS_VIOLATION));
    }
  }

  @Test
  void pagedReadOfTheBulkOuReturnsEveryUser() throws LDAPException {
    String bulk = OrganisationLdif.formatDn(ORG.unit("Bulk").dn(), LdapFlavour.ACTIVE_DIRECTORY);
    int seen = 0;
    try (LDAPConnection c = ad.connect()) {
      com.unboundid.asn1.ASN1OctetString cookie = null;
      do {
        SearchRequest r =
            new SearchRequest(
                bulk, SearchScope.ONE, Filter.createEqualityFilter("objectClass", "user"), "1.1");
        r.addControl(new com.unboundid.ldap.sdk.controls.SimplePagedResultsControl(500, cookie));
        SearchResult result = c.search(r);
        seen += result.getEntryCount();
        cookie = com.unboundid.ldap.sdk.controls.SimplePagedResultsControl.get(result).getCookie();
      } while (cookie != null && cookie.getValueLength() > 0);
    }
    assertThat(seen).isEqualTo(Organisation.BULK_USERS);
  }
}
