package dev.umt.rules;

import dev.umt.target.TargetGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The target's groups by key and by path ({@code Sales/EMEA}: group EMEA inside top-level group
 * Sales).
 */
final class TargetGroupIndex {
  private final Map<String, TargetGroup> byKey = new TreeMap<>();

  private TargetGroupIndex(Collection<TargetGroup> groups) {
    for (TargetGroup g : groups) {
      Objects.requireNonNull(g, "target group");
      byKey.put(g.key(), g);
    }
  }

  /** An index of {@code groups}. */
  public static TargetGroupIndex of(Collection<TargetGroup> groups) {
    return new TargetGroupIndex(groups);
  }

  /** Whether a group has this key. */
  public boolean hasKey(String key) {
    return byKey.containsKey(key);
  }

  /** Whether {@code path} is well formed: names separated by single {@code /}, none blank. */
  public static boolean isPath(String path) {
    for (String name : path.split("/", -1)) {
      if (name.isBlank()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The keys of every group at {@code path}, in key order: none, one, or several when sibling
   * groups share a name.
   */
  public List<String> keysAt(String path) {
    List<String> names = List.of(path.split("/", -1));
    List<String> found = new ArrayList<>();
    for (TargetGroup g : byKey.values()) {
      if (pathMatches(g, names, names.size() - 1, 0)) {
        found.add(g.key());
      }
    }
    return found;
  }

  private boolean pathMatches(TargetGroup g, List<String> names, int index, int depth) {
    if (depth > byKey.size() || !g.name().equals(names.get(index).strip())) {
      return false;
    }
    if (index == 0) {
      return g.parentKey() == null;
    }
    TargetGroup parent = g.parentKey() == null ? null : byKey.get(g.parentKey());
    return parent != null && pathMatches(parent, names, index - 1, depth + 1);
  }
}
