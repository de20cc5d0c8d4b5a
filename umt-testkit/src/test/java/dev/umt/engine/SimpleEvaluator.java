package dev.umt.engine;

import dev.umt.directory.DirectoryUser;
import dev.umt.rule.Decision;
import dev.umt.rule.DesiredAccount;
import dev.umt.rule.Membership;
import dev.umt.rule.Rule;
import dev.umt.rule.RuleEvaluator;
import java.util.List;

/**
 * The engine's tests decide with this: the first rule (in the given priority order) whose scope
 * holds the user; mail, givenName and sn map to the account. umt-rules has the real evaluator.
 */
final class SimpleEvaluator implements RuleEvaluator {
  @Override
  public Decision evaluate(DirectoryUser user, Membership membership, List<Rule> rules) {
    for (Rule r : rules) {
      if (!membership.inScopeOf(r.id())) {
        continue;
      }
      if (!user.enabled()) {
        return new Decision.Disabled(r.id(), "user is disabled (rule " + r.id() + ")");
      }
      if (user.email() == null) {
        return new Decision.Skip(r.id(), "user " + user.dn() + " has no mail");
      }
      return new Decision.Provision(
          r.id(),
          new DesiredAccount(
              user.email(), user.givenName(), user.surname(), r.group(), r.grantLicense()),
          "in scope of rule " + r.id() + " via " + membership.viaByRuleId().get(r.id()),
          List.of());
    }
    return new Decision.NotCovered("no active rule covers " + user.dn());
  }
}
