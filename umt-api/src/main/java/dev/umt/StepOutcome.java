package dev.umt;

import java.util.Objects;

/**
 * What became of one plan step.
 *
 * @param step the step
 * @param result done, failed, held or only planned
 * @param message the error for a failed step, or a note (such as "account already existed; adopted"); may be empty
 */
public record StepOutcome(PlanStep step, Result result, String message) {

  /** The fate of a step. */
  public enum Result {
    /** Applied, or nothing needed doing. */
    DONE,
    /** The target or the ledger refused it; the other steps went on. */
    FAILED,
    /** Not applied because the run was held (threshold, or deprovisioning after an incomplete read). */
    HELD,
    /** A dry run: planned only. */
    PLANNED
  }

  public StepOutcome {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(result, "result");
    message = message == null ? "" : message;
  }
}
