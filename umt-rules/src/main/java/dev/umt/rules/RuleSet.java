package dev.umt.rules;

import dev.umt.rule.Rule;
import dev.umt.target.TargetGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A checked, immutable list of rules: ids unique, templates and LDAP filters well formed, and (when
 * the target's groups were given) every target group found. Only {@link #activeRules()} run.
 *
 * <pre>{@code
 * RuleSet rules = RuleSetFile.open(Path.of("rules.json"), target.groups()).load();
 * engine.run(rules.activeRules());
 * }</pre>
 *
 * <p>The JSON form is described in the module's README; {@link #toJson()} and {@link #fromJson}
 * convert, {@link RuleSetFile} reads and writes files.
 */
public final class RuleSet {
  /**
   * The order rules are applied in: the smallest priority first; on a tie, the smallest id (in
   * {@link String#compareTo} order).
   */
  public static final Comparator<Rule> PRIORITY_ORDER =
      Comparator.comparingInt(Rule::priority).thenComparing(Rule::id);

  private static final RuleSet EMPTY = new RuleSet(List.of());
  private final List<Rule> rules;

  private RuleSet(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** No rules. */
  public static RuleSet empty() {
    return EMPTY;
  }

  /**
   * The rules, checked as a file would be, except target groups (see {@link #of(List, List)}).
   *
   * @throws RuleSetException naming every problem by its path, such as {@code rules[1].id}
   */
  public static RuleSet of(List<Rule> rules) {
    return checked(rules, null, "rule set");
  }

  /**
   * The rules, checked as a file would be, with group references checked against {@code groups}.
   *
   * @throws RuleSetException naming every problem by its path
   */
  public static RuleSet of(List<Rule> rules, List<TargetGroup> groups) {
    return checked(rules, TargetGroupIndex.of(groups), "rule set");
  }

  static RuleSet checked(List<Rule> rules, TargetGroupIndex groups, String origin) {
    List<String> problems = RuleSetCodec.validate(rules, groups);
    if (!problems.isEmpty()) {
      throw new RuleSetException(origin, problems);
    }
    return new RuleSet(rules);
  }

  /**
   * Reads a rule-set document without checking target groups.
   *
   * @param origin named in errors, such as the file name
   * @throws RuleSetException naming every problem by its path
   */
  public static RuleSet fromJson(String json, String origin) {
    return parse(json, origin, null);
  }

  /**
   * Reads a rule-set document and checks its group references against {@code groups}.
   *
   * @param origin named in errors, such as the file name
   * @throws RuleSetException naming every problem by its path
   */
  public static RuleSet fromJson(String json, String origin, List<TargetGroup> groups) {
    return parse(json, origin, TargetGroupIndex.of(groups));
  }

  static RuleSet parse(String json, String origin, TargetGroupIndex groups) {
    List<String> problems = new ArrayList<>();
    List<Rule> rules = RuleSetCodec.read(json, groups, problems);
    if (!problems.isEmpty()) {
      throw new RuleSetException(origin, problems);
    }
    return new RuleSet(rules);
  }

  /**
   * The document for these rules (version {@value RuleSetCodec#VERSION}), indented, ending with a
   * newline.
   */
  public String toJson() {
    return RuleSetCodec.write(rules);
  }

  /** Every rule, active or not, in document order. */
  public List<Rule> rules() {
    return rules;
  }

  /** The active rules in {@link #PRIORITY_ORDER}: what a run evaluates. */
  public List<Rule> activeRules() {
    return rules.stream().filter(Rule::active).sorted(PRIORITY_ORDER).toList();
  }

  /** The rule with this id, if any. */
  public Optional<Rule> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleSet r && r.rules.equals(rules);
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  @Override
  public String toString() {
    return "RuleSet" + rules.stream().map(Rule::id).toList();
  }
}
