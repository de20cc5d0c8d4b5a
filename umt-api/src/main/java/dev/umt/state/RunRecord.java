package dev.umt.state;

import dev.umt.SyncReport;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One run in the history.
 *
 * @param planId the plan the run applied or held
 * @param status how the run ended; stores keep it as its name ({@code COMPLETED}, {@code HELD},
 *     ...)
 * @param reason why it was held or failed; empty otherwise
 * @param startedAt when it started
 * @param finishedAt when it finished
 * @param counts how many steps of each kind were applied, failed or held
 * @param kind which kind of run it was and why, as {@link dev.umt.SyncReport#kindReason()} words it
 *     ({@code "full: first run"}, {@code "incremental: 3 changes (dirsync)"}); empty when not known
 *     (older records)
 */
public record RunRecord(
    String planId,
    SyncReport.Status status,
    String reason,
    Instant startedAt,
    Instant finishedAt,
    Map<String, Integer> counts,
    String kind) {
  public RunRecord {
    Objects.requireNonNull(status, "run status");
    reason = reason == null ? "" : reason;
    counts = Map.copyOf(counts);
    kind = kind == null ? "" : kind;
  }

  /** A run whose kind is not known. */
  public RunRecord(
      String planId,
      SyncReport.Status status,
      String reason,
      Instant startedAt,
      Instant finishedAt,
      Map<String, Integer> counts) {
    this(planId, status, reason, startedAt, finishedAt, counts, "");
  }
}
