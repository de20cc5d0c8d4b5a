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

/**
 * A plan or a run as the CLI saves it in {@code reports/PLAN-ID.json}: every step with its user,
 * rule, reason and outcome. Written by {@link ReportFiles}; read by {@code umt report}, {@code umt
 * held} and the HTML report.
 *
 * @param planId the plan's id
 * @param kind {@code plan} (a dry run, held for review) or {@code run}
 * @param status PLANNED, or the run's {@link SyncReport.Status}
 * @param reason why it was held or failed; empty otherwise
 * @param sourceComplete whether the directory read was complete
 * @param createdAt when it was planned or started (ISO-8601)
 * @param steps one per plan step, in plan order
 */
public record SavedReport(
    String planId,
    String kind,
    String status,
    String reason,
    boolean sourceComplete,
    String createdAt,
    List<Step> steps) {

  /**
   * One user's step.
   *
   * @param kind the step kind in lower case ({@code create}, {@code revoke_license}, ...)
   * @param subject the user's DN or the account's email
   * @param userId the directory user's id, or null
   * @param rule the deciding rule's id, or null
   * @param reason why, in words
   * @param outcome PLANNED, DONE, FAILED, HELD or SKIPPED
   * @param message the failure message, if any
   */
  public record Step(
      String kind,
      String subject,
      String userId,
      String rule,
      String reason,
      String outcome,
      String message) {}

  static SavedReport of(Plan plan) {
    List<Step> steps = new ArrayList<>();
    for (PlanStep s : plan.steps()) {
      steps.add(step(s, "PLANNED", ""));
    }
    String reason =
        plan.isHeld() ? plan.thresholdReason() : String.join("; ", plan.incompleteReasons());
    return new SavedReport(
        plan.id(),
        "plan",
        "PLANNED",
        reason,
        plan.sourceComplete(),
        plan.createdAt().toString(),
        steps);
  }

  static SavedReport of(SyncReport report) {
    List<Step> steps = new ArrayList<>();
    for (StepOutcome o : report.outcomes()) {
      steps.add(step(o.step(), o.result().name(), o.message()));
    }
    return new SavedReport(
        report.planId(),
        "run",
        report.status().name(),
        report.reason(),
        report.sourceComplete(),
        report.startedAt().toString(),
        steps);
  }

  private static Step step(PlanStep s, String outcome, String message) {
    return new Step(
        s.kind().name().toLowerCase(Locale.ROOT),
        s.subject(),
        s.userId(),
        s.ruleId(),
        s.reason(),
        outcome,
        message == null ? "" : message);
  }

  /** How many steps of each kind, in the order of {@link PlanStep.Kind}, only kinds present. */
  Map<String, Integer> counts() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (PlanStep.Kind k : PlanStep.Kind.values()) {
      String name = k.name().toLowerCase(Locale.ROOT);
      int n = (int) steps.stream().filter(s -> s.kind().equals(name)).count();
      if (n > 0) {
        m.put(name, n);
      }
    }
    return m;
  }

  long failed() {
    return steps.stream().filter(s -> s.outcome().equals("FAILED")).count();
  }
}
