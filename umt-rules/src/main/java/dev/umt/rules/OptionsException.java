package dev.umt.rules;

import dev.umt.ConfigurationException;
import java.util.List;

/**
 * Stored options that cannot be used, with every problem found, each naming the field, such as
 * {@code threshold.maxPercent: must be 0 to 100, not 150}. The message starts with the file.
 */
public final class OptionsException extends ConfigurationException {
  private static final long serialVersionUID = 1L;
  private final String origin;
  private final List<String> problems;

  /**
   * @param origin the file or other origin, named first in the message
   * @param problems one line per problem, never empty
   */
  public OptionsException(String origin, List<String> problems) {
    super(RuleSetException.message(origin, problems));
    this.origin = origin;
    this.problems = List.copyOf(problems);
  }

  /** The file or other origin of the options. */
  public String origin() {
    return origin;
  }

  /** Every problem, one line each. */
  public List<String> problems() {
    return problems;
  }
}
