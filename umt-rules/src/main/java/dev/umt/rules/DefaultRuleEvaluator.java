package dev.umt.rules;

import dev.umt.ConfigurationException;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.rule.Decision;
import dev.umt.rule.DesiredAccount;
import dev.umt.rule.Membership;
import dev.umt.rule.Rule;
import dev.umt.rule.RuleEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The standard {@link RuleEvaluator}: the active rule with the smallest priority (then the smallest
 * id) among those whose scope holds the user decides, and its mapping templates make the account.
 * Pure and deterministic (no I/O, the same input gives the same decision), thread-safe. Grace
 * periods, thresholds and the create/update flags are applied by the engine; this class only
 * decides and explains. Registered for {@link java.util.ServiceLoader} as type {@code default}.
 *
 * <ul>
 *   <li>no active rule holds the user: {@link Decision.NotCovered};
 *   <li>the user is disabled: {@link Decision.Disabled} by the deciding rule;
 *   <li>a required field (email, firstName, lastName) maps to nothing, or the email has no
 *       {@code @}: {@link Decision.Skip}, naming the field and its template;
 *   <li>otherwise {@link Decision.Provision} with the mapped account, the rule's group and license,
 *       and the other in-scope rules.
 * </ul>
 *
 * <p>Each reason names the deciding rule, the OU or chain of groups (from the {@link Membership}
 * path, so a renamed OU shows its current DN) and the lower-priority rules that also matched, for
 * example {@code rule "sales" (priority 10) decides for CN=Ann,OU=Sales,DC=example,DC=com: in
 * OU=Sales,DC=example,DC=com; also in scope: rule "staff" (priority 100)}.
 *
 * <pre>{@code
 * RuleEvaluator evaluator = DefaultRuleEvaluator.create();
 * Decision d = evaluator.evaluate(user, membership, ruleSet.activeRules());
 * }</pre>
 */
public final class DefaultRuleEvaluator implements RuleEvaluator {
  private final Map<String, Template> templates = new ConcurrentHashMap<>();

  /**
   * The templates of the rule that decided last, by its identity: most runs have one or a few
   * rules, so the mapping is not looked up three times per user.
   */
  private volatile RuleTemplates last;

  private record RuleTemplates(Rule rule, Template[] byField) {}

  private DefaultRuleEvaluator() {}

  /** A new evaluator. Templates are parsed once each and kept. */
  public static DefaultRuleEvaluator create() {
    return new DefaultRuleEvaluator();
  }

  /**
   * {@inheritDoc}
   *
   * @throws ConfigurationException when the deciding rule's mapping lacks a target field or has a
   *     malformed template (a rule set loaded through {@link RuleSetFile} never does)
   */
  @Override
  public Decision evaluate(DirectoryUser user, Membership membership, List<Rule> rules) {
    // A loop, not a stream: this runs once per user, and most users are in the scope of one rule.
    // No list for the one rule in scope; a second one makes the list, sorted by priority.
    Rule first = null;
    List<Rule> inScope = null;
    for (Rule r : rules) {
      if (r.active() && membership.inScopeOf(r.id())) {
        if (first == null) {
          first = r;
        } else {
          if (inScope == null) {
            inScope = new ArrayList<>(4);
            inScope.add(first);
          }
          inScope.add(r);
        }
      }
    }
    if (first == null) {
      return new Decision.NotCovered("no active rule holds " + user.dn());
    }
    if (inScope != null) {
      inScope.sort(RuleSet.PRIORITY_ORDER);
    }
    Rule rule = inScope == null ? first : inScope.get(0);
    List<Rule> others = inScope == null ? List.of() : inScope.subList(1, inScope.size());
    List<String> via = membership.viaByRuleId().get(rule.id());
    String dn = user.dn();
    if (!user.enabled()) {
      return new Decision.Disabled(
          rule.id(),
          decides(rule, dn, via)
              + "; the user is disabled, action "
              + rule.onDisabled()
              + alsoInScope(others));
    }
    Template[] templates = templates(rule);
    String[] values = new String[templates.length];
    List<String> missing = null;
    for (int i = 0; i < values.length; i++) {
      String field = RuleSetCodec.TARGET_FIELDS.get(i);
      Template template = templates[i];
      Template.Expansion e = template.expand(user::value);
      if (e.value() == null) {
        missing = missing == null ? new ArrayList<>() : missing;
        missing.add(
            "no value for "
                + field
                + ": template "
                + template.text()
                + (template.isSinglePlaceholder() || e.emptyPlaceholder().equals(template.text())
                    ? " is empty"
                    : ": " + e.emptyPlaceholder() + " is empty"));
      } else {
        values[i] = e.value();
      }
    }
    if (missing == null && !isEmail(values[0])) {
      missing =
          List.of(
              "\""
                  + values[0]
                  + "\" from template "
                  + templates[0].text()
                  + " is not an email address");
    }
    if (missing != null) {
      return new Decision.Skip(
          rule.id(),
          "user "
              + user.dn()
              + ": "
              + String.join("; ", missing)
              + " (rule \""
              + rule.id()
              + "\")");
    }
    DesiredAccount account =
        new DesiredAccount(values[0], values[1], values[2], rule.group(), rule.grantLicense());
    // The reason is made only if asked (a report, a log, a changing step): most users of a run
    // change nothing.
    List<Rule> otherRules = others.isEmpty() ? List.of() : List.copyOf(others);
    return new Decision.Provision(
        rule.id(),
        account,
        () ->
            decides(rule, dn, via)
                + (rule.create() ? "" : "; the rule does not create new accounts")
                + alsoInScope(otherRules),
        otherRules.isEmpty() ? List.of() : otherRules.stream().map(Rule::id).toList());
  }

  /**
   * Whether {@code v} is one or more characters, an {@code @}, then one or more, none of them an
   * {@code @} or white space ({@code [^@\s]+@[^@\s]+}, without a regular expression per user).
   */
  static boolean isEmail(String v) {
    int at = -1;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '@') {
        if (at >= 0) {
          return false;
        }
        at = i;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r') {
        return false;
      }
    }
    return at > 0 && at < v.length() - 1;
  }

  /** The templates of {@code rule}'s target fields, in {@link RuleSetCodec#TARGET_FIELDS} order. */
  private Template[] templates(Rule rule) {
    RuleTemplates known = last;
    if (known != null && known.rule() == rule) {
      return known.byField();
    }
    Template[] byField = new Template[RuleSetCodec.TARGET_FIELDS.size()];
    for (int i = 0; i < byField.length; i++) {
      byField[i] = template(rule, RuleSetCodec.TARGET_FIELDS.get(i));
    }
    last = new RuleTemplates(rule, byField);
    return byField;
  }

  /**
   * {@code rule "a" (priority 10) decides for <dn>: in <OU path>} (or {@code member of <group
   * chain>}).
   */
  private String decides(Rule rule, String dn, List<String> via) {
    return "rule \""
        + rule.id()
        + "\" (priority "
        + rule.priority()
        + ") decides for "
        + dn
        + ": "
        + scopeText(rule, via);
  }

  private static String alsoInScope(List<Rule> others) {
    return others.isEmpty()
        ? ""
        : "; also in scope: "
            + String.join(
                ", ",
                others.stream()
                    .map(r -> "rule \"" + r.id() + "\" (priority " + r.priority() + ")")
                    .toList());
  }

  private String scopeText(Rule rule, List<String> via) {
    List<String> path = via == null || via.isEmpty() ? List.of(rule.source().dn()) : via;
    boolean container = rule.source().kind() == Scope.Kind.CONTAINER;
    // The users of one OU or group share one path: its text is made once. The cache holds one entry
    // per path seen (containers and groups, not users) and is emptied should it ever grow large.
    String key = (container ? "in " : "member of ");
    if (scopeTexts.size() > MAX_SCOPE_TEXTS) {
      scopeTexts.clear();
    }
    return scopeTexts.computeIfAbsent(
        new ScopeKey(container, path), k -> key + String.join(" > ", k.path()));
  }

  private record ScopeKey(boolean container, List<String> path) {}

  private static final int MAX_SCOPE_TEXTS = 10_000;
  private final Map<ScopeKey, String> scopeTexts = new ConcurrentHashMap<>();

  private Template template(Rule rule, String field) {
    String text = rule.mapping().get(field);
    if (text == null) {
      throw new ConfigurationException(
          "rule \"" + rule.id() + "\": mapping has no template for " + field);
    }
    try {
      return templates.computeIfAbsent(text, Template::parse);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "rule \""
              + rule.id()
              + "\": mapping."
              + field
              + ": malformed template \""
              + text
              + "\": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "DefaultRuleEvaluator";
  }
}
