package dev.umt;

import java.util.Objects;

/**
 * What became of one plan step.
 *
 * @param step the step
 * @param result done, partly done, failed, held, withheld, not attempted or only planned
 * @param message the error for a failed step, or a note (such as "account already existed;
 *     adopted"); may be empty
 */
public record StepOutcome(PlanStep step, Result result, String message) {

  /** The fate of a step. */
  public enum Result {
    /** Applied in full (every call it needed succeeded), or nothing needed doing. */
    DONE,
    /**
     * Partly applied: some of its calls succeeded and some did not, such as an account created
     * whose group could not be set. The message says what is missing; the ledger holds what was
     * really applied, so the next run's plan finishes the job.
     */
    PARTIAL,
    /**
     * The target refused it, or it could not be completed; nothing of it is known to have happened.
     */
    FAILED,
    /** Not applied because the run was held for approval (a threshold was crossed). */
    HELD,
    /**
     * Not applied because the plan withheld it after an incomplete directory read; see {@link
     * Plan#withheld()}.
     */
    WITHHELD,
    /**
     * Not applied because the apply stopped before reaching it (revoked credentials, a target down,
     * a ledger that cannot be written).
     */
    NOT_ATTEMPTED,
    /** A dry run: planned only. */
    PLANNED
  }

  public StepOutcome {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(result, "result");
    message = message == null ? "" : message;
  }
}
