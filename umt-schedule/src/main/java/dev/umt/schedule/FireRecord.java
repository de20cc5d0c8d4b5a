package dev.umt.schedule;

import java.time.Instant;

/**
 * One fire of a schedule, as {@link FireHistory} keeps it.
 *
 * @param scheduleId the schedule
 * @param firedAt when it started
 * @param finishedAt when it ended
 * @param outcome what became of it
 * @param planId the plan it made, held or applied, or {@code none}
 * @param reason why it was held, failed or skipped; empty otherwise
 */
public record FireRecord(
    String scheduleId,
    Instant firedAt,
    Instant finishedAt,
    RunResult.Outcome outcome,
    String planId,
    String reason) {
  public FireRecord {
    planId = planId == null ? "none" : planId;
    reason = reason == null ? "" : reason;
  }
}
