package dev.umt.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.PageCursor;
import dev.umt.directory.Container;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DirectorySource} must do, checked against the {@link Organisation#standard()}
 * organisation. Extend it, return a source over a directory loaded with that organisation, and the
 * tests run against it. Users are compared by login name; DNs and ids are the server's own.
 *
 * <pre>{@code
 * class LdapDirectorySourceContractTest extends DirectorySourceContract {
 *   protected DirectorySource source() { return new LdapDirectorySource(config); }
 * }
 * }</pre>
 */
public abstract class DirectorySourceContract {

  /**
   * A source over a directory holding {@link Organisation#standard()}; may be the same instance
   * every call.
   */
  protected abstract DirectorySource source();

  /** The organisation the directory holds. */
  protected Organisation organisation() {
    return Organisation.standard();
  }

  /** The page size the tests read with; small, so paging is exercised. */
  protected int pageSize() {
    return 7;
  }

  private String dn(String name) {
    return organisation().unit(name).dn();
  }

  private DirectoryEntry entry(String dn) {
    return source()
        .findByDn(dn)
        .orElseThrow(() -> new AssertionError("findByDn found nothing for " + dn));
  }

  /** Reads a whole scope: login to via path; fails on a duplicate user or an incomplete read. */
  protected Map<String, List<String>> read(Scope scope) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (PageCursor<ScopedUser> cursor = source().users(scope, pageSize())) {
      while (cursor.hasNext()) {
        List<ScopedUser> page = cursor.next();
        assertThat(page.size()).as("page size").isLessThanOrEqualTo(pageSize());
        for (ScopedUser su : page) {
          assertThat(out.put(su.user().loginName(), su.via()))
              .as("user %s read twice", su.user().loginName())
              .isNull();
        }
      }
      assertThat(cursor.isComplete())
          .as("read of %s complete: %s", scope.describe(), cursor.incompleteReason())
          .isTrue();
      assertThat(cursor.incompleteReason()).isEmpty();
    }
    return out;
  }

  private Scope ou(String name, boolean subtree) {
    DirectoryEntry e = entry(dn(name));
    return Scope.container(e.id(), e.dn(), subtree);
  }

  private Scope group(String name, boolean nested) {
    DirectoryEntry e = entry(organisation().group(name).dn());
    return Scope.group(e.id(), e.dn(), nested);
  }

  private Map<String, DirectoryUser> readUsers(Scope scope) {
    Map<String, DirectoryUser> out = new LinkedHashMap<>();
    try (PageCursor<ScopedUser> cursor = source().users(scope, pageSize())) {
      while (cursor.hasNext()) {
        cursor.next().forEach(su -> out.put(su.user().loginName(), su.user()));
      }
    }
    return out;
  }

  @Test
  void checkConnectionNamesTheBaseDn() {
    List<String> contexts =
        source().checkConnection().namingContexts().stream()
            .map(s -> s.toLowerCase(Locale.ROOT).replace(" ", ""))
            .toList();
    assertThat(contexts).contains(organisation().baseDn().toLowerCase(Locale.ROOT));
  }

  @Test
  void findsAnOuByDnAndById() {
    DirectoryEntry sales = entry(dn("Sales"));
    assertThat(sales).isInstanceOf(Container.class);
    assertThat(((Container) sales).kind()).isEqualTo(Container.Kind.ORGANIZATIONAL_UNIT);
    assertThat(((Container) sales).name()).isEqualTo("Sales");
    DirectoryEntry byId = source().findById(sales.id()).orElseThrow();
    assertThat(byId.dn()).isEqualToIgnoringCase(sales.dn());
    assertThat(source().findByDn("ou=Nowhere," + organisation().baseDn())).isEmpty();
  }

  @Test
  void browsesOusAndGroupsUnderAContainer() {
    Set<String> ous =
        source().children(dn("Corp")).stream()
            .filter(e -> e instanceof Container)
            .map(e -> ((Container) e).name())
            .collect(Collectors.toSet());
    assertThat(ous).containsExactlyInAnyOrder("Sales", "Engineering", "R&D, \"Labs\"", "Groups");
    Map<String, DirectoryGroup> groups = new LinkedHashMap<>();
    source().children(dn("Groups")).stream()
        .filter(e -> e instanceof DirectoryGroup)
        .forEach(e -> groups.put(((DirectoryGroup) e).name(), (DirectoryGroup) e));
    assertThat(groups.keySet())
        .containsExactlyInAnyOrder(
            "Sales Team",
            "Engineers",
            "All Staff",
            "Cycle A",
            "Cycle B",
            "Big Group",
            "Newsletter");
    assertThat(groups.get("Newsletter").kind())
        .isIn(DirectoryGroup.Kind.DISTRIBUTION, DirectoryGroup.Kind.UNKNOWN);
    assertThat(groups.get("Sales Team").kind())
        .isIn(DirectoryGroup.Kind.SECURITY, DirectoryGroup.Kind.UNKNOWN);
  }

  @Test
  void readsTheUsersDirectlyInAnOu() {
    assertThat(read(ou("Sales", false)).keySet())
        .containsExactlyInAnyOrderElementsOf(organisation().loginsIn("Sales", false));
  }

  @Test
  void readsTheUsersOfAnOuSubtreeWithThePathToEach() {
    Map<String, List<String>> sales = read(ou("Sales", true));
    assertThat(sales.keySet()).containsExactlyInAnyOrder("alice", "erin", "bob");
    assertThat(sales.get("bob")).hasSize(2);
    assertThat(sales.get("bob").get(0)).isEqualToIgnoringCase(entry(dn("Sales")).dn());
    assertThat(sales.get("bob").get(1)).isEqualToIgnoringCase(entry(dn("EMEA")).dn());
    assertThat(sales.get("alice")).hasSize(1);
    assertThat(read(ou("Corp", true)).keySet())
        .containsExactlyInAnyOrderElementsOf(organisation().loginsIn("Corp", true));
  }

  @Test
  void readsDirectAndNestedGroupMembers() {
    assertThat(read(group("All Staff", false)).keySet()).containsExactly("frank");
    Map<String, List<String>> nested = read(group("All Staff", true));
    assertThat(nested.keySet())
        .containsExactlyInAnyOrderElementsOf(organisation().membersOf("All Staff", true));
    assertThat(nested.get("alice")).hasSize(2);
    assertThat(nested.get("alice").get(1))
        .isEqualToIgnoringCase(entry(organisation().group("Sales Team").dn()).dn());
  }

  @Test
  void groupsThatContainEachOtherNeitherHangNorDuplicate() {
    assertThat(read(group("Cycle A", true)).keySet()).containsExactlyInAnyOrder("gina", "bob");
    assertThat(read(group("Cycle B", true)).keySet()).containsExactlyInAnyOrder("gina", "bob");
  }

  @Test
  void readsEveryMemberOfAGroupLargerThanOneRange() {
    assertThat(read(group("Big Group", false))).hasSize(Organisation.BULK_USERS);
  }

  @Test
  void mapsUserAttributes() {
    Map<String, DirectoryUser> corp = readUsers(ou("Corp", true));
    DirectoryUser alice = corp.get("alice");
    Organisation.User a = organisation().user("alice");
    assertThat(alice.email()).isEqualTo(a.mail());
    assertThat(alice.givenName()).isEqualTo(a.givenName());
    assertThat(alice.surname()).isEqualTo(a.surname());
    assertThat(alice.title()).isEqualTo(a.title());
    assertThat(alice.department()).isEqualTo(a.department());
    assertThat(alice.phone()).isEqualTo(a.phone());
    assertThat(alice.enabled()).isTrue();
    assertThat(corp.get("carol").enabled()).as("disabled carol").isFalse();
    assertThat(corp.get("dave").enabled()).as("expired dave").isFalse();
    assertThat(corp.get("erin").email()).as("erin has no mail").isNull();
    assertThat(corp.get("zoe").surname()).isEqualTo("Łukasiewicz");
    assertThat(corp.get("zoe").givenName()).isEqualTo("Zoë");
  }

  @Test
  void usersCarryTheirContainersNearestFirstAndTheirDirectGroups() {
    DirectoryUser bob = readUsers(ou("Sales", true)).get("bob");
    assertThat(bob.containerIds().get(0)).isEqualTo(entry(dn("EMEA")).id());
    assertThat(bob.containerIds().get(1)).isEqualTo(entry(dn("Sales")).id());
    assertThat(bob.groupIds())
        .contains(
            entry(organisation().group("Sales Team").dn()).id(),
            entry(organisation().group("Cycle B").dn()).id());
  }

  @Test
  void specialCharactersInDnsRoundTrip() {
    Map<String, DirectoryUser> rnd = readUsers(ou("R&D, \"Labs\"", false));
    DirectoryUser frank = rnd.get("frank");
    assertThat(frank).as("frank read from the R&D OU").isNotNull();
    assertThat(source().findByDn(frank.dn()).map(DirectoryEntry::id)).contains(frank.id());
    assertThat(source().findById(frank.id()).map(DirectoryEntry::dn).orElseThrow())
        .isEqualToIgnoringCase(frank.dn());
  }

  @Test
  void theIdWinsOverAStaleDn() {
    DirectoryEntry sales = entry(dn("Sales"));
    Scope stale =
        Scope.container(sales.id(), "ou=Renamed Long Ago," + organisation().baseDn(), false);
    assertThat(read(stale).keySet()).containsExactlyInAnyOrder("alice", "erin");
  }

  @Test
  void aScopeThatNoLongerExistsIsAnErrorNamingIt() {
    Scope gone =
        Scope.container(
            "00000000-0000-0000-0000-0000000000ff", "ou=Gone," + organisation().baseDn(), true);
    assertThatThrownBy(() -> read(gone))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("00000000-0000-0000-0000-0000000000ff")
        .hasMessageContaining("ou=Gone," + organisation().baseDn());
  }

  @Test
  void anExtraFilterNarrowsTheScope() {
    assertThat(read(ou("Sales", true).withFilter("(title=Sales*)")).keySet())
        .containsExactlyInAnyOrder("erin", "bob");
  }

  @Test
  void aBadFilterIsAnErrorQuotingIt() {
    assertThatThrownBy(() -> read(ou("Sales", true).withFilter("(title=Sales*")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("(title=Sales*");
  }

  @Test
  void closingACursorTwiceIsAllowed() {
    PageCursor<ScopedUser> c = source().users(ou("Sales", true), pageSize());
    List<ScopedUser> first = new ArrayList<>(c.next());
    assertThat(first).isNotEmpty();
    c.close();
    c.close();
  }
}
