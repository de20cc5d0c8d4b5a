package dev.umt.schedule;

import java.util.function.BooleanSupplier;

/**
 * What a schedule does when it fires: open the data folder's state store (taking its lock), read
 * the schedule's rule set then (not when the schedule was made), and run its active rules. Called
 * on a scheduler thread, one fire of a schedule at a time; fires of different schedules may run at
 * once, which is why the lock decides.
 *
 * <p>Throw {@link dev.umt.state.DataFolderLockedException} (as {@code JsonFileStateStore.open}
 * does) when the lock is taken: the scheduler records the fire as {@link RunResult.Outcome#SKIPPED}
 * with the holder, and does not queue it. Any other exception is recorded as {@link
 * RunResult.Outcome#FAILED}; the schedule keeps firing.
 *
 * <pre>{@code
 * ScheduledRun run = (fire, stop) -> {
 *   try (JsonFileStateStore state = JsonFileStateStore.open(dataFolder.resolve("state"))) {
 *     RuleSet rules = RuleSetFile.open(dataFolder.resolve(fire.ruleSet())).load();
 *     return RunResult.of(engineOver(state, stop).run(rules.activeRules()));
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ScheduledRun {

  /**
   * Runs once for {@code fire}.
   *
   * @param fire which schedule fired, when, and its rule set
   * @param stopRequested true once the scheduler is stopping: finish the current step, leave the
   *     rest not attempted
   * @return what became of it; never null
   */
  RunResult run(Fire fire, BooleanSupplier stopRequested);

  /**
   * One fire.
   *
   * @param scheduleId the schedule's id
   * @param ruleSet the schedule's rule-set file, relative to the data folder
   * @param scheduledAt the moment the fire was due (for a misfire: the moment it was replayed)
   * @param firedAt the moment it started
   */
  record Fire(
      String scheduleId,
      String ruleSet,
      java.time.Instant scheduledAt,
      java.time.Instant firedAt) {}
}
