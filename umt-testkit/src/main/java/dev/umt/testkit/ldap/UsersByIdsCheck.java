package dev.umt.testkit.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.PageCursor;
import dev.umt.directory.Container;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code users(scope, ids, pageSize)} against a whole read of the same scope, on every
 * container and group of a directory, each subtree/one-level and nested/direct: the same users for
 * the ids given (up to 12 of the scope's own, 3 of other scopes, one id of no entry and one that is
 * no id), each with a path of the same length from the same root. Fails with an AssertJ assertion
 * error on the first difference. Reads the whole directory: for tests, not benchmarks.
 *
 * <pre>{@code
 * assertThat(UsersByIdsCheck.checkEveryScope(source, slapd.baseDn(), e -> true)).isGreaterThan(20);
 * }</pre>
 */
public final class UsersByIdsCheck {
  private UsersByIdsCheck() {}

  /**
   * Runs the check on every scope under {@code baseDn} that {@code include} accepts (every
   * container and group found by {@link DirectorySource#children}); returns how many scopes were
   * checked (each root twice: subtree/nested and one-level/direct).
   */
  public static int checkEveryScope(
      DirectorySource source, String baseDn, java.util.function.Predicate<DirectoryEntry> include) {
    List<DirectoryEntry> roots = new ArrayList<>();
    Deque<String> queue = new ArrayDeque<>(List.of(baseDn));
    while (!queue.isEmpty()) {
      for (DirectoryEntry e : source.children(queue.poll())) {
        if (include.test(e)) {
          roots.add(e);
        }
        if (e instanceof Container) {
          queue.add(e.dn());
        }
      }
    }
    Set<String> everyone = new LinkedHashSet<>();
    Map<Scope, Map<String, ScopedUser>> full = new LinkedHashMap<>();
    for (DirectoryEntry root : roots) {
      for (boolean deep : new boolean[] {true, false}) {
        Scope scope =
            root instanceof DirectoryGroup
                ? Scope.group(root.id(), root.dn(), deep)
                : Scope.container(root.id(), root.dn(), deep);
        Map<String, ScopedUser> users = read(source.users(scope, 500));
        full.put(scope, users);
        everyone.addAll(users.keySet());
      }
    }
    List<String> others = new ArrayList<>(everyone);
    for (Map.Entry<Scope, Map<String, ScopedUser>> e : full.entrySet()) {
      Set<String> ids = new LinkedHashSet<>(e.getValue().keySet().stream().limit(12).toList());
      others.stream().filter(id -> !e.getValue().containsKey(id)).limit(3).forEach(ids::add);
      ids.add("00000000-0000-4000-8000-00000000abcd");
      ids.add("not-an-id");
      Map<String, ScopedUser> got = read(source.users(e.getKey(), ids, 7));
      Map<String, ScopedUser> expected = new LinkedHashMap<>(e.getValue());
      expected.keySet().retainAll(ids);
      assertThat(got.keySet())
          .as("users of %s among %s ids", e.getKey().describe(), ids.size())
          .containsExactlyInAnyOrderElementsOf(expected.keySet());
      for (ScopedUser u : got.values()) {
        ScopedUser x = expected.get(u.user().id());
        assertThat(u.user()).as("user %s", u.user().dn()).isEqualTo(x.user());
        assertThat(u.via())
            .as("path to %s in %s", u.user().dn(), e.getKey().describe())
            .hasSameSizeAs(x.via());
        assertThat(u.via().get(0)).isEqualToIgnoringCase(x.via().get(0));
      }
    }
    return full.size();
  }

  private static Map<String, ScopedUser> read(PageCursor<ScopedUser> cursor) {
    Map<String, ScopedUser> out = new LinkedHashMap<>();
    try (cursor) {
      while (cursor.hasNext()) {
        cursor.next().forEach(u -> out.put(u.user().id(), u));
      }
      assertThat(cursor.incompleteReason()).isEmpty();
    }
    return out;
  }
}
