package dev.umt.rule;

import dev.umt.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * A target group, by key or by path such as {@code Sales/EMEA}. Exactly one is set.
 *
 * @param key the group's key, or null
 * @param path names from the top-level group down, separated by {@code /}, or null
 */
public record GroupRef(@Nullable String key, @Nullable String path) {
  public GroupRef {
    key = Checks.blankToNull(key);
    path = Checks.blankToNull(path);
    if ((key == null) == (path == null)) {
      throw new IllegalArgumentException("a group is named by a key or by a path, exactly one");
    }
  }

  public static GroupRef key(String key) {
    return new GroupRef(key, null);
  }

  public static GroupRef path(String path) {
    return new GroupRef(null, path);
  }

  @Override
  public String toString() {
    return key != null ? "key " + key : '"' + path + '"';
  }
}
