package dev.umt.target;

import dev.umt.internal.Checks;
import org.jspecify.annotations.Nullable;

/**
 * A group of accounts in the target, possibly inside another.
 *
 * @param key the group's key
 * @param name its name
 * @param parentKey the key of the group it sits in, or null for a top-level group
 */
public record TargetGroup(String key, String name, @Nullable String parentKey) {
  public TargetGroup {
    Checks.notBlank(key, "group key");
    Checks.notBlank(name, "name of group " + key);
    parentKey = Checks.blankToNull(parentKey);
  }
}
