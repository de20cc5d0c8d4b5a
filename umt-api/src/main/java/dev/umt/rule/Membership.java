package dev.umt.rule;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which rules' scopes a user was read in, each with the path that put it there (the OU, or the
 * chain of groups, as DNs from the rule's source down to the user).
 *
 * @param viaByRuleId rule id to path, for every rule whose scope holds the user
 */
public record Membership(Map<String, List<String>> viaByRuleId) {
  public Membership {
    TreeMap<String, List<String>> copy = new TreeMap<>();
    viaByRuleId.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    viaByRuleId = java.util.Collections.unmodifiableMap(copy);
  }

  /** Whether the scope of rule {@code ruleId} holds the user. */
  public boolean inScopeOf(String ruleId) {
    return viaByRuleId.containsKey(ruleId);
  }
}
