package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import dev.umt.ConfigurationException;
import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.testkit.ldap.LdapFlavour;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AD-only strategies are refused where they would fail silently; member lists and memberOf closure
 * agree.
 */
class GroupExpansionTest {
  private static final String ALL_STAFF = "cn=All Staff,ou=Groups,ou=Corp,dc=example,dc=test";
  private static InMemoryDirectoryServer withMemberOf;
  private static InMemoryDirectoryServer withoutSchema;

  @BeforeAll
  static void start() throws Exception {
    // The generic flavour's schema with memberOf, but without ppolicy values the schema would
    // refuse.
    withMemberOf = Fixtures.start(LdapFlavour.GENERIC, c -> {});
    withoutSchema = Fixtures.start(LdapFlavour.GENERIC, c -> c.setSchema(null));
  }

  @AfterAll
  static void stop() {
    withMemberOf.shutDown(true);
    withoutSchema.shutDown(true);
  }

  private static Map<String, List<String>> read(
      InMemoryDirectoryServer server, LdapConfig.GroupExpansion strategy) {
    try (LdapDirectorySource source =
        new LdapDirectorySource(
            TestConfigs.plain(server, "dc=example,dc=test").groupExpansion(strategy).build())) {
      DirectoryEntry g = source.findByDn(ALL_STAFF).orElseThrow();
      Map<String, List<String>> out = new LinkedHashMap<>();
      try (PageCursor<ScopedUser> cursor = source.users(Scope.group(g.id(), g.dn(), true), 3)) {
        while (cursor.hasNext()) {
          cursor.next().forEach(u -> out.put(u.user().loginName(), u.via()));
        }
        assertThat(cursor.incompleteReason()).isEmpty();
      }
      return out;
    }
  }

  @Test
  void theInChainRuleIsRefusedWhereTheServerIsNotActiveDirectory() {
    assertThatThrownBy(() -> read(withoutSchema, LdapConfig.GroupExpansion.IN_CHAIN))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "groupExpansion IN_CHAIN needs Active Directory's in-chain matching rule, which Ping"
                + " Identity Corporation at [127.0.0.1:")
        .hasMessageEndingWith("does not offer (it would silently find nobody): use MEMBER_LIST");
  }

  @Test
  void memberOfClosureIsRefusedWhereUsersCarryNoMemberOf() {
    assertThatThrownBy(() -> read(withoutSchema, LdapConfig.GroupExpansion.MEMBER_OF))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "groupExpansion MEMBER_OF needs users with memberOf, which LDAPv3 directory at"
                + " [127.0.0.1:");
  }

  @Test
  void memberListsAndMemberOfClosureGiveTheSameUsersAndPaths() {
    Map<String, List<String>> lists = read(withMemberOf, LdapConfig.GroupExpansion.MEMBER_LIST);
    assertThat(lists).hasSize(8);
    assertThat(read(withMemberOf, LdapConfig.GroupExpansion.MEMBER_OF)).isEqualTo(lists);
    assertThat(read(withoutSchema, LdapConfig.GroupExpansion.AUTO)).isEqualTo(lists);
  }
}
