package dev.umt.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import dev.umt.PageCursor;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.ldap.AdStyleRanges;
import dev.umt.testkit.ldap.LdapFlavour;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A server that ranges {@code member} by itself (as AD does past 1500 values) is followed range by
 * range even by the generic source, which never asks for ranges; a range missing from an answer
 * makes the read incomplete.
 */
class RangeRetrievalTest {
  private static final String BIG = "cn=Big Group,ou=Groups,ou=Corp,dc=example,dc=test";

  private static int[] read(AdStyleRanges ranges, Set<String> logins, StringBuilder reason)
      throws Exception {
    InMemoryDirectoryServer server =
        Fixtures.start(
            LdapFlavour.GENERIC,
            c -> {
              c.setSchema(null);
              c.addInMemoryOperationInterceptor(ranges);
            });
    try (LdapDirectorySource source =
        new LdapDirectorySource(TestConfigs.plain(server, "dc=example,dc=test").build())) {
      DirectoryEntry big = source.findByDn(BIG).orElseThrow();
      try (PageCursor<ScopedUser> cursor =
          source.users(Scope.group(big.id(), big.dn(), false), 400)) {
        while (cursor.hasNext()) {
          cursor.next().forEach(u -> logins.add(u.user().loginName()));
        }
        reason.append(cursor.incompleteReason());
        return new int[] {cursor.isComplete() ? 1 : 0, ranges.rangedAnswers()};
      }
    } finally {
      server.shutDown(true);
    }
  }

  @Test
  void followsRangesTheServerChoseUntilTheLast() throws Exception {
    Set<String> logins = new HashSet<>();
    StringBuilder reason = new StringBuilder();
    int[] r = read(new AdStyleRanges(500, true, Set.of()), logins, reason);
    assertThat(logins).hasSize(Organisation.BULK_USERS);
    assertThat(reason.toString()).isEmpty();
    assertThat(r[0]).isEqualTo(1);
    assertThat(r[1])
        .as("ranged answers read for Big Group (0-499, 500-999, 1000-1499, 1500-*) at least")
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void aMissingRangeMakesTheReadIncomplete() throws Exception {
    Set<String> logins = new HashSet<>();
    StringBuilder reason = new StringBuilder();
    int[] r = read(new AdStyleRanges(500, true, Set.of(1000)), logins, reason);
    assertThat(r[0]).isZero();
    assertThat(logins).hasSize(1000);
    assertThat(reason.toString())
        .isEqualTo("range 1000-* of member of " + BIG + " is missing from the server's answer");
  }
}
