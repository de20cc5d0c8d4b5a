package dev.umt.rule;

import java.util.List;
import java.util.Map;

/**
 * Which rules' scopes a user was read in, each with the path that put it there (the OU, or the
 * chain of groups, as DNs from the rule's source down to the user).
 *
 * @param viaByRuleId rule id to path, for every rule whose scope holds the user (immutable; no
 *     order)
 */
public record Membership(Map<String, List<String>> viaByRuleId) {
  public Membership {
    boolean immutable = true;
    for (List<String> v : viaByRuleId.values()) {
      immutable &= v == List.copyOf(v);
    }
    // Map.copyOf and List.copyOf return immutable inputs as they are: no copy per user on the hot
    // path.
    if (!immutable) {
      Map<String, List<String>> copy = new java.util.HashMap<>();
      viaByRuleId.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      viaByRuleId = copy;
    }
    viaByRuleId = Map.copyOf(viaByRuleId);
  }

  /** Whether the scope of rule {@code ruleId} holds the user. */
  public boolean inScopeOf(String ruleId) {
    return viaByRuleId.containsKey(ruleId);
  }
}
