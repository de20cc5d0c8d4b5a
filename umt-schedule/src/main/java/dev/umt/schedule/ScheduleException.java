package dev.umt.schedule;

import dev.umt.ConfigurationException;
import java.util.List;

/**
 * A schedule, or a schedules file, that cannot be used, with every problem found; each problem
 * names the field and the value, such as {@code weekly.days: 'Funday' is not a day}, and, for a
 * file, the line. The message starts with the origin (a file, or {@code schedule nightly}).
 */
public final class ScheduleException extends ConfigurationException {
  private static final long serialVersionUID = 1L;
  private final String origin;
  private final List<String> problems;

  /**
   * @param origin the file or schedule the problems are in, named first in the message
   * @param problems one line per problem, never empty
   */
  public ScheduleException(String origin, List<String> problems) {
    super(message(origin, problems));
    this.origin = origin;
    this.problems = List.copyOf(problems);
  }

  private static String message(String origin, List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a schedule exception needs at least one problem");
    }
    return problems.size() == 1
        ? origin + ": " + problems.get(0)
        : origin + ": " + problems.size() + " problems:\n  " + String.join("\n  ", problems);
  }

  /** The file or schedule the problems are in. */
  public String origin() {
    return origin;
  }

  /** Every problem, one line each. */
  public List<String> problems() {
    return problems;
  }
}
