package dev.umt.schedule;

import dev.umt.SyncReport;
import java.util.Objects;

/**
 * What became of one fire of a schedule.
 *
 * @param outcome what happened
 * @param planId the plan the run made, held or applied; {@code none} when it made none (skipped, or
 *     failed before planning)
 * @param reason why it was held, failed or skipped; empty otherwise
 */
public record RunResult(Outcome outcome, String planId, String reason) {
  /** What a fire led to. */
  public enum Outcome {
    /** The run applied its plan. */
    COMPLETED,
    /** The run applied its plan, but some steps failed. */
    COMPLETED_WITH_ERRORS,
    /** The run was held for approval (threshold or incomplete read); nothing was deprovisioned. */
    HELD,
    /** The run failed, or was stopped before it ended. */
    FAILED,
    /**
     * No run: another run held the data folder, or the schedule is paused while a plan waits for
     * approval. Never queued.
     */
    SKIPPED
  }

  public RunResult {
    Objects.requireNonNull(outcome, "outcome");
    planId = planId == null || planId.isBlank() ? "none" : planId;
    reason = reason == null ? "" : reason;
  }

  /** The result of a run the engine reported ({@code DRY_RUN} counts as {@code COMPLETED}). */
  public static RunResult of(SyncReport report) {
    Outcome o =
        switch (report.status()) {
          case COMPLETED, DRY_RUN -> Outcome.COMPLETED;
          case COMPLETED_WITH_ERRORS -> Outcome.COMPLETED_WITH_ERRORS;
          case HELD -> Outcome.HELD;
          case FAILED -> Outcome.FAILED;
        };
    return new RunResult(o, report.planId(), report.reason());
  }

  /** A fire that did not run, with the reason. */
  public static RunResult skipped(String reason) {
    return new RunResult(Outcome.SKIPPED, "none", reason);
  }
}
