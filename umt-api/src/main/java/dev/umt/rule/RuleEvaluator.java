package dev.umt.rule;

import dev.umt.directory.DirectoryUser;
import java.util.List;

/**
 * Turns a directory user into the account it should have. Pure and deterministic: no I/O, the
 * same input always gives the same decision. Thread-safe.
 */
public interface RuleEvaluator {

  /**
   * Decides for {@code user}.
   *
   * @param user the user as read
   * @param membership which rules' scopes the user was read in, and through what
   * @param rules the active rules, in priority order (smallest priority first, then id)
   */
  Decision evaluate(DirectoryUser user, Membership membership, List<Rule> rules);
}
