package dev.umt.cli.internal;

import dev.umt.ProgressListener;
import dev.umt.SyncReport;
import dev.umt.postgres.LedgerLockedException;
import dev.umt.rules.GlobalOptions;
import dev.umt.rules.RuleSet;
import dev.umt.schedule.RunResult;
import dev.umt.schedule.ScheduledRun;
import dev.umt.state.HeldPlan;
import dev.umt.state.StateStore;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What a schedule of the data folder does when it fires in {@code umt daemon}: take the data
 * folder's lock, or the company's in PostgreSQL (opening the state store, before any server is
 * contacted; a fire that finds it taken is skipped, naming the holder), apply the global option
 * {@code afterHeldRun}, read the schedule's rule set now, run its active rules as {@code umt run}
 * would, and save the report for {@code umt report}. A held plan is never applied here: the engine
 * plans afresh and holds again while the plan is over the threshold.
 */
final class ScheduledSync implements ScheduledRun {
  private final java.nio.file.Path root;
  private final java.util.Map<String, String> env;
  private final java.io.PrintStream err;

  /** Fires on data folder {@code root}, with the environment and error stream of the daemon. */
  ScheduledSync(
      java.nio.file.Path root, java.util.Map<String, String> env, java.io.PrintStream err) {
    this.root = root;
    this.env = env;
    this.err = err;
  }

  @Override
  public RunResult run(Fire fire, BooleanSupplier stopRequested) {
    // A fresh view of the data folder per fire: another process (umt run, umt approve) may have
    // rotated the refresh token since.
    DataFolder data = new DataFolder(root, env, err);
    try (Session session = new Session(data)) {
      StateStore store;
      try {
        store = session.store(); // the lock first: a fire that finds it taken is skipped (the data
        // folder's by the scheduler)
      } catch (LedgerLockedException e) {
        return RunResult.skipped(
            "another run holds the company's ledger, so this fire is skipped, not queued: "
                + e.getMessage());
      }
      if (session.globalOptions().afterHeldRun()
          == GlobalOptions.AfterHeldRun.PAUSE_UNTIL_APPROVED) {
        Optional<HeldPlan> held =
            store.heldPlans().stream()
                .filter(h -> !h.reason().equals(SyncCommands.PLANNED_REASON))
                .findFirst();
        if (held.isPresent()) {
          String id = held.get().planId();
          return RunResult.skipped(
              "paused while plan "
                  + id
                  + " waits for approval (global option afterHeldRun is PAUSE_UNTIL_APPROVED): "
                  + "review it with 'umt report "
                  + id
                  + "', then 'umt approve "
                  + id
                  + "'");
        }
      }
      RuleSet rules = session.rules(data.root().resolve(fire.ruleSet()));
      SyncReport report =
          session.engine(ProgressListener.NONE, stopRequested).run(rules.activeRules());
      new ReportFiles(data).save(SavedReport.of(report));
      return RunResult.of(report);
    }
  }
}
