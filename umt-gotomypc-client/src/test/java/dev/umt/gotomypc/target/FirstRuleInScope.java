package dev.umt.gotomypc.target;

import dev.umt.directory.DirectoryUser;
import dev.umt.rule.Decision;
import dev.umt.rule.DesiredAccount;
import dev.umt.rule.Membership;
import dev.umt.rule.Rule;
import dev.umt.rule.RuleEvaluator;
import java.util.List;

/**
 * The engine tests' evaluator (umt-rules, which has the real one, is not a dependency here):
 * everyone in scope of the first rule that holds them gets an account with mail, givenName, sn and
 * the rule's group.
 */
final class FirstRuleInScope implements RuleEvaluator {
  @Override
  public Decision evaluate(DirectoryUser user, Membership membership, List<Rule> rules) {
    for (Rule r : rules) {
      if (membership.inScopeOf(r.id())) {
        return new Decision.Provision(
            r.id(),
            new DesiredAccount(
                user.email(), user.givenName(), user.surname(), r.group(), r.grantLicense()),
            "in scope of rule " + r.id(),
            List.of());
      }
    }
    return new Decision.NotCovered("no rule");
  }
}
