package dev.umt.cli.internal;

import dev.umt.Plan;
import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import dev.umt.SyncReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A plan or a run as the CLI saves it in {@code reports/PLAN-ID.json}: every step with its user,
 * rule, reason and outcome. Written and read by {@link ReportFiles} (which keeps the file's JSON
 * form: lower-case kinds, upper-case statuses and outcomes); read by {@code umt report}, {@code umt
 * held} and the HTML report.
 *
 * @param planId the plan's id
 * @param kind a plan (a dry run, held for review) or a run
 * @param status {@link Status#PLANNED}, or how the run ended
 * @param reason why it was held or failed; empty otherwise
 * @param sourceComplete whether the directory read was complete
 * @param createdAt when it was planned or started (ISO-8601)
 * @param steps one per plan step, in plan order
 */
record SavedReport(
    String planId,
    Kind kind,
    Status status,
    String reason,
    boolean sourceComplete,
    String createdAt,
    List<Step> steps) {

  SavedReport {
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
    steps = List.copyOf(steps);
  }

  /** A plan or a run; in the file {@code plan} or {@code run}. */
  enum Kind {
    PLAN,
    RUN;

    /** The file's and the printout's word: {@code plan} or {@code run}. */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@link #PLANNED} for a plan; for a run, its {@link SyncReport.Status}, by the same name. */
  enum Status {
    PLANNED,
    COMPLETED,
    COMPLETED_WITH_ERRORS,
    HELD,
    DRY_RUN,
    FAILED;

    static Status of(SyncReport.Status s) {
      return switch (s) {
        case COMPLETED -> COMPLETED;
        case COMPLETED_WITH_ERRORS -> COMPLETED_WITH_ERRORS;
        case HELD -> HELD;
        case DRY_RUN -> DRY_RUN;
        case FAILED -> FAILED;
      };
    }
  }

  /**
   * One user's step.
   *
   * @param kind the step's kind; in the file in lower case ({@code create}, {@code revoke_license},
   *     ...)
   * @param subject the user's DN or the account's email
   * @param userId the directory user's id, or null
   * @param rule the deciding rule's id, or null
   * @param reason why, in words
   * @param outcome {@link StepOutcome.Result#PLANNED} in a plan, else what became of it
   * @param message the failure message, if any; empty otherwise
   */
  record Step(
      PlanStep.Kind kind,
      String subject,
      @Nullable String userId,
      @Nullable String rule,
      String reason,
      StepOutcome.Result outcome,
      String message) {
    Step {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(outcome, "outcome");
      message = message == null ? "" : message;
    }

    /** The kind as the file and the printouts write it: {@code create}, {@code no_change}, ... */
    String kindLabel() {
      return label(kind);
    }

    boolean failed() {
      return outcome == StepOutcome.Result.FAILED;
    }
  }

  /** {@code kind} in lower case, as the file and the printouts write it. */
  static String label(PlanStep.Kind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  static SavedReport of(Plan plan) {
    List<Step> steps = new ArrayList<>();
    for (PlanStep s : plan.steps()) {
      steps.add(step(s, StepOutcome.Result.PLANNED, ""));
    }
    String reason =
        plan.isHeld() ? plan.thresholdReason() : String.join("; ", plan.incompleteReasons());
    return new SavedReport(
        plan.id(),
        Kind.PLAN,
        Status.PLANNED,
        reason,
        plan.sourceComplete(),
        plan.createdAt().toString(),
        steps);
  }

  static SavedReport of(SyncReport report) {
    List<Step> steps = new ArrayList<>();
    for (StepOutcome o : report.outcomes()) {
      steps.add(step(o.step(), o.result(), o.message()));
    }
    return new SavedReport(
        report.planId(),
        Kind.RUN,
        Status.of(report.status()),
        report.reason(),
        report.sourceComplete(),
        report.startedAt().toString(),
        steps);
  }

  private static Step step(PlanStep s, StepOutcome.Result outcome, @Nullable String message) {
    return new Step(s.kind(), s.subject(), s.userId(), s.ruleId(), s.reason(), outcome, message);
  }

  /**
   * How many steps of each kind, in the order of {@link PlanStep.Kind}, only kinds present, keyed
   * by {@link #label(PlanStep.Kind)}.
   */
  Map<String, Integer> counts() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (PlanStep.Kind k : PlanStep.Kind.values()) {
      int n = (int) steps.stream().filter(s -> s.kind() == k).count();
      if (n > 0) {
        m.put(label(k), n);
      }
    }
    return m;
  }

  long failed() {
    return steps.stream().filter(Step::failed).count();
  }
}
