package dev.umt.ldap;

import dev.umt.directory.DirectoryUser;
import dev.umt.rule.Decision;
import dev.umt.rule.DesiredAccount;
import dev.umt.rule.Membership;
import dev.umt.rule.Rule;
import dev.umt.rule.RuleEvaluator;
import java.util.List;

/**
 * The fault matrix decides with this (umt-rules, which has the real evaluator, depends on this
 * module): the first rule whose scope holds the user gives the account its mail, given name,
 * surname and the rule's group; a disabled user is disabled, one without mail skipped.
 */
final class FirstRuleEvaluator implements RuleEvaluator {
  @Override
  public Decision evaluate(DirectoryUser user, Membership membership, List<Rule> rules) {
    return rules.stream()
        .filter(r -> membership.inScopeOf(r.id()))
        .findFirst()
        .map(r -> decide(user, membership, r))
        .orElseGet(() -> new Decision.NotCovered("no rule covers " + user.dn()));
  }

  private static Decision decide(DirectoryUser user, Membership membership, Rule rule) {
    if (!user.enabled()) {
      return new Decision.Disabled(rule.id(), user.dn() + " is disabled");
    }
    if (user.email() == null) {
      return new Decision.Skip(rule.id(), user.dn() + " has no mail");
    }
    return new Decision.Provision(
        rule.id(),
        new DesiredAccount(
            user.email(), user.givenName(), user.surname(), rule.group(), rule.grantLicense()),
        "rule " + rule.id() + " via " + membership.viaByRuleId().get(rule.id()),
        List.of());
  }
}
