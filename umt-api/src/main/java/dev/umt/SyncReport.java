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
 */
public record SyncReport(String planId, Status status, String reason, boolean sourceComplete, List<StepOutcome> outcomes,
    Instant startedAt, Duration readTime, Duration planTime, Duration applyTime) {

  /** How a run ended. */
  public enum Status {
    /** Every step was applied. */
    COMPLETED,
    /** Applied, but some steps failed: see the outcomes. */
    COMPLETED_WITH_ERRORS,
    /** Nothing deprovisioned: a threshold was crossed (nothing applied; approve the plan id) or the read was incomplete. */
    HELD,
    /** A dry run: planned only. */
    DRY_RUN,
    /** A rule could not be read and the policy is to abort: nothing applied. */
    FAILED
  }

  public SyncReport {
    reason = reason == null ? "" : reason;
    outcomes = List.copyOf(outcomes);
  }

  /** How many steps of each kind ended with {@code result}, every kind present. */
  public Map<PlanStep.Kind, Integer> count(StepOutcome.Result result) {
    Map<PlanStep.Kind, Integer> m = new EnumMap<>(PlanStep.Kind.class);
    for (PlanStep.Kind k : PlanStep.Kind.values()) {
      m.put(k, 0);
    }
    outcomes.stream().filter(o -> o.result() == result).forEach(o -> m.merge(o.step().kind(), 1, Integer::sum));
    return m;
  }

  /** How many steps of {@code kind} were applied. */
  public int applied(PlanStep.Kind kind) {
    return (int) outcomes.stream().filter(o -> o.result() == StepOutcome.Result.DONE && o.step().kind() == kind).count();
  }

  /** The steps that failed. */
  public List<StepOutcome> failures() {
    return outcomes.stream().filter(o -> o.result() == StepOutcome.Result.FAILED).toList();
  }

  /** The outcome for the user with this id, if the plan has a step for it. */
  public java.util.Optional<StepOutcome> outcomeFor(String userId) {
    return outcomes.stream().filter(o -> userId.equals(o.step().userId())).findFirst();
  }

  /** A short text for logs and command lines: status, counts of applied and failed steps, reason. */
  public String summary() {
    StringBuilder b = new StringBuilder(status.name()).append(" (plan ").append(planId).append(")");
    count(StepOutcome.Result.DONE).forEach((k, v) -> {
      if (v > 0 && k != PlanStep.Kind.NO_CHANGE) {
        b.append(' ').append(k.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append('=').append(v);
      }
    });
    int unchanged = count(StepOutcome.Result.DONE).get(PlanStep.Kind.NO_CHANGE);
    b.append(" unchanged=").append(unchanged);
    int failed = failures().size();
    if (failed > 0) {
      b.append(" failed=").append(failed);
    }
    if (!reason.isEmpty()) {
      b.append(": ").append(reason);
    }
    return b.toString();
  }
}
