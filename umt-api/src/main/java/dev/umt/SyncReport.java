package dev.umt;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a run did.
 *
 * @param planId the plan the run applied or held
 * @param status how the run ended
 * @param reason why it was held or failed; empty otherwise
 * @param sourceComplete whether the directory read was complete
 * @param outcomes one per plan step, in plan order
 * @param startedAt when the run started
 * @param readTime time spent reading the directory and the target
 * @param planTime time spent deciding
 * @param applyTime time spent applying
 * @param emailConflicts emails two or more directory users claim (from {@link
 *     Plan#emailConflicts()}): fix them in the directory
 * @param kind whether the run read the whole directory or only what changed
 * @param kindReason why it was that kind, such as {@code "full: first run"}, {@code "full: rule set
 *     changed"} or {@code "incremental: 3 changes (dirsync)"}; empty for a run that failed before
 *     it chose
 */
public record SyncReport(
    String planId,
    Status status,
    String reason,
    boolean sourceComplete,
    List<StepOutcome> outcomes,
    Instant startedAt,
    Duration readTime,
    Duration planTime,
    Duration applyTime,
    List<Plan.EmailConflict> emailConflicts,
    Kind kind,
    String kindReason) {

  /** Which users a run read and planned. */
  public enum Kind {
    /** Every rule's whole scope: the run sees everything, and deprovisions whoever left. */
    FULL,
    /** Only the users the directory's change feed named, or that the changes affect. */
    INCREMENTAL
  }

  /** How a run ended. */
  public enum Status {
    /** Every step was applied in full. */
    COMPLETED,
    /** Applied, but some steps failed or were done only in part: see the outcomes. */
    COMPLETED_WITH_ERRORS,
    /**
     * Not everything applied on purpose: a threshold was crossed (nothing applied; approve the plan
     * id), or the read was incomplete (the withheld steps were not applied, the rest was).
     */
    HELD,
    /** A dry run: planned only. */
    DRY_RUN,
    /**
     * The run could not do its work: the directory, the target or the ledger could not be read, a
     * rule could not be read under the ABORT policy (nothing applied), or the apply stopped on
     * revoked credentials, a configuration error, a target that stays unavailable, or a ledger that
     * cannot be written (the steps applied before are DONE, the rest NOT_ATTEMPTED). The reason
     * names the cause once.
     */
    FAILED
  }

  public SyncReport {
    reason = reason == null ? "" : reason;
    outcomes = List.copyOf(outcomes);
    emailConflicts = List.copyOf(emailConflicts);
    java.util.Objects.requireNonNull(kind, "kind");
    kindReason = kindReason == null ? "" : kindReason;
  }

  /** This report with another reason (the status, outcomes and kind stay). */
  SyncReport withReason(String newReason) {
    return new SyncReport(
        planId,
        status,
        newReason,
        sourceComplete,
        outcomes,
        startedAt,
        readTime,
        planTime,
        applyTime,
        emailConflicts,
        kind,
        kindReason);
  }

  /** How many steps of each kind ended with {@code result}, every kind present. */
  public Map<PlanStep.Kind, Integer> count(StepOutcome.Result result) {
    Map<PlanStep.Kind, Integer> m = new EnumMap<>(PlanStep.Kind.class);
    for (PlanStep.Kind k : PlanStep.Kind.values()) {
      m.put(k, 0);
    }
    int[] n = tally(result);
    for (PlanStep.Kind k : PlanStep.Kind.values()) {
      m.put(k, n[k.ordinal()]);
    }
    return m;
  }

  /**
   * How many outcomes of each kind (by ordinal) ended with {@code result}, or with any when null.
   */
  private int[] tally(StepOutcome.Result result) {
    int[] n = new int[PlanStep.Kind.values().length];
    for (StepOutcome o : outcomes) {
      if (result == null || o.result() == result) {
        n[o.step().kind().ordinal()]++;
      }
    }
    return n;
  }

  /** How many steps of {@code kind} were applied. */
  public int applied(PlanStep.Kind kind) {
    int n = 0;
    for (StepOutcome o : outcomes) {
      if (o.result() == StepOutcome.Result.DONE && o.step().kind() == kind) {
        n++;
      }
    }
    return n;
  }

  /** The steps that failed. */
  public List<StepOutcome> failures() {
    return outcomes.stream().filter(o -> o.result() == StepOutcome.Result.FAILED).toList();
  }

  /** The outcome for the user with this id, if the plan has a step for it. */
  public java.util.Optional<StepOutcome> outcomeFor(String userId) {
    return outcomes.stream().filter(o -> userId.equals(o.step().userId())).findFirst();
  }

  /**
   * One line for logs and command lines: the status, the plan id, then how many steps were planned,
   * done, partly done, failed, held, withheld and not attempted, each with its count by kind
   * (omitting kinds with none), the shared emails if any, and the reason. For example {@code HELD
   * (plan p1): planned 3 (create=1, suspend=2); done 1 (create=1); partial 0; failed 0; held 0;
   * withheld 2 (suspend=2); not attempted 0: directory read incomplete, ...}.
   */
  public String summary() {
    StringBuilder b =
        new StringBuilder(status.name())
            .append(" (plan ")
            .append(planId)
            .append("): planned ")
            .append(outcomes.size());
    byKind(b, kindCounts(null));
    for (StepOutcome.Result r :
        List.of(
            StepOutcome.Result.DONE,
            StepOutcome.Result.PARTIAL,
            StepOutcome.Result.FAILED,
            StepOutcome.Result.HELD,
            StepOutcome.Result.WITHHELD,
            StepOutcome.Result.NOT_ATTEMPTED)) {
      Map<PlanStep.Kind, Integer> m = kindCounts(r);
      b.append("; ")
          .append(r.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
          .append(' ')
          .append(m.values().stream().mapToInt(Integer::intValue).sum());
      byKind(b, m);
    }
    if (!emailConflicts.isEmpty()) {
      b.append("; shared emails ").append(emailConflicts.size());
    }
    if (!reason.isEmpty()) {
      b.append(": ").append(reason);
    }
    return b.toString();
  }

  private Map<PlanStep.Kind, Integer> kindCounts(StepOutcome.Result result) {
    Map<PlanStep.Kind, Integer> m = new EnumMap<>(PlanStep.Kind.class);
    int[] n = tally(result);
    for (PlanStep.Kind k : PlanStep.Kind.values()) {
      if (n[k.ordinal()] > 0) {
        m.put(k, n[k.ordinal()]);
      }
    }
    return m;
  }

  private static void byKind(StringBuilder b, Map<PlanStep.Kind, Integer> m) {
    if (m.isEmpty()) {
      return;
    }
    b.append(" (");
    m.forEach(
        (k, v) ->
            b.append(k.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .append('=')
                .append(v)
                .append(", "));
    b.setLength(b.length() - 2);
    b.append(')');
  }
}
