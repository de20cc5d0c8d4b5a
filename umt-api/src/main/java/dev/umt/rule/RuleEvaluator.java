package dev.umt.rule;

import dev.umt.directory.DirectoryUser;
import java.util.List;

/**
 * Turns a directory user into the account it should have. Pure and deterministic: no I/O, the same
 * input always gives the same decision, so calling it again is harmless. Thread-safe: the engine
 * may evaluate several users at once.
 *
 * <p>A user the rules cannot turn into an account (a template that yields an empty email, say) is a
 * {@link Decision} that says so, not an exception. An exception that escapes is a bug: it leaves
 * {@link dev.umt.SyncEngine#run} (and {@code plan}, {@code approve}) before anything is applied,
 * nothing is recorded, and the change-feed position is not moved.
 */
public interface RuleEvaluator {

  /**
   * Decides for {@code user}.
   *
   * @param user the user as read
   * @param membership which rules' scopes the user was read in, and through what
   * @param rules the active rules, in priority order (smallest priority first, then id)
   * @return the decision, never null
   */
  Decision evaluate(DirectoryUser user, Membership membership, List<Rule> rules);
}
