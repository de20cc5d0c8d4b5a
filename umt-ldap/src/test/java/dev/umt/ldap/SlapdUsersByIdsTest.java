package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import dev.umt.testkit.ldap.UsersByIdsCheck;
import org.junit.jupiter.api.Test;

/**
 * users(scope, ids) gives what a whole read gives for those ids, on the standard organisation in
 * slapd (member lists walked).
 */
class SlapdUsersByIdsTest {

  @Test
  void everyScopeOfTheOrganisation() {
    TestServer slapd = TestServers.slapd();
    try (LdapDirectorySource source = new LdapDirectorySource(FeedServer.reader(slapd).build())) {
      assertThat(UsersByIdsCheck.checkEveryScope(source, slapd.baseDn(), e -> true))
          .isGreaterThan(20);
    }
  }
}
