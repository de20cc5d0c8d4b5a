package dev.umt.testkit.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import dev.umt.Secret;
import dev.umt.testkit.Organisation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The benchmark OU loads once per count, replaces itself on a new count, and leaves the
 * organisation alone.
 */
class BulkUsersTest {

  private static TestServer pointingAt(EmbeddedDirectory d) {
    Path none = Path.of("/nonexistent");
    return new TestServer(
        "in-memory",
        d.flavour(),
        d.host(),
        d.port(),
        d.port(),
        d.baseDn(),
        d.bindDn(),
        d.password(),
        d.bindDn(),
        d.password(),
        none,
        Secret.of("x"),
        none,
        Secret.of("x"));
  }

  @Test
  void loadsOnceReplacesOnANewCountAndKeepsTheOrganisation() throws LDAPException {
    try (EmbeddedDirectory ad = EmbeddedDirectories.activeDirectoryLike()) {
      TestServer server = pointingAt(ad);
      long before = ad.server().countEntries();
      assertThat(BulkUsers.ensureLoaded(server, 30)).isEqualTo(30);
      assertThat(BulkUsers.ensureLoaded(server, 30)).isZero();
      assertThat(ad.server().countEntries()).isEqualTo(before + 1 + 30);
      assertThat(BulkUsers.ensureLoaded(server, 12)).isEqualTo(12);
      assertThat(ad.server().countEntries()).isEqualTo(before + 1 + 12);
      try (LDAPConnection c = ad.connect()) {
        assertThat(BulkUsers.count(c, BulkUsers.unitDn(server))).isEqualTo(12);
        SearchResultEntry u =
            c.getEntry(
                "CN=Bench User 12,OU=Benchmark,DC=example,DC=test",
                "sAMAccountName",
                "mail",
                "userAccountControl");
        assertThat(u.getAttributeValue("sAMAccountName")).isEqualTo("bench00012");
        assertThat(u.getAttributeValue("mail")).isEqualTo("bench00012@example.test");
        assertThat(u.getAttributeValue("userAccountControl")).isEqualTo("512");
        assertThat(c.getEntry("CN=Alice Archer,OU=Sales,OU=Corp,DC=example,DC=test")).isNotNull();
      }
    }
  }

  @Test
  void organisationOfTheBenchmarkHasOnlyItsOu() {
    Organisation org = BulkUsers.organisation("dc=example,dc=test", 3);
    assertThat(org.units())
        .extracting(Organisation.Unit::dn)
        .containsExactly("ou=Benchmark,dc=example,dc=test");
    assertThat(org.users())
        .extracting(Organisation.User::login)
        .containsExactly("bench00001", "bench00002", "bench00003");
    assertThat(org.groups()).isEmpty();
    assertThatThrownBy(() -> BulkUsers.organisation("dc=example,dc=test", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the benchmark needs at least one user, not 0");
  }
}
