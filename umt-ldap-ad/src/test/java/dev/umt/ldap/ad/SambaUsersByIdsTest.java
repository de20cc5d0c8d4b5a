package dev.umt.ldap.ad;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.testkit.ldap.TestServer;
import dev.umt.testkit.ldap.TestServers;
import dev.umt.testkit.ldap.UsersByIdsCheck;
import org.junit.jupiter.api.Test;

/**
 * users(scope, ids) gives what a whole read gives for those ids, for the groups of the standard
 * organisation in Samba (nested, looped and distribution groups; the container scopes' code is the
 * same as on slapd, where SlapdUsersByIdsTest checks them, and Big Group's 1,600-member whole read
 * would only make the test slow).
 */
class SambaUsersByIdsTest {

  @Test
  void everyScopeOfTheOrganisation() {
    TestServer samba = TestServers.samba();
    try (ActiveDirectorySource source =
        new ActiveDirectorySource(SambaContractTest.ldaps(samba).build())) {
      assertThat(
              UsersByIdsCheck.checkEveryScope(
                  source,
                  samba.baseDn(),
                  e ->
                      e instanceof dev.umt.directory.DirectoryGroup
                          && !e.dn().startsWith("CN=Big Group")))
          .isGreaterThanOrEqualTo(10);
    }
  }
}
