package dev.umt.rules;

import dev.umt.ConfigurationException;
import java.util.List;

/**
 * A rule set that cannot be used, with every problem found, each with its path in the document,
 * such as {@code rules[2].target.group: no GoToMyPC group "Sales/EMEA"}. The message starts with
 * the file (or other origin) and lists the problems, one per line.
 */
public final class RuleSetException extends ConfigurationException {
  private static final long serialVersionUID = 1L;
  private final String origin;
  private final List<String> problems;

  /**
   * @param origin the file name or other origin, named first in the message
   * @param problems one line per problem, never empty
   */
  public RuleSetException(String origin, List<String> problems) {
    super(message(origin, problems));
    this.origin = origin;
    this.problems = List.copyOf(problems);
  }

  static String message(String origin, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a rule-set exception needs at least one problem");
    }
    if (problems.size() == 1) {
      return origin + ": " + problems.get(0);
    }
    return origin + ": " + problems.size() + " problems:\n  " + String.join("\n  ", problems);
  }

  /** The file name or other origin of the rule set. */
  public String origin() {
    return origin;
  }

  /** Every problem, one line each, in document order. */
  public List<String> problems() {
    return problems;
  }
}
