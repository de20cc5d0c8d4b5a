package dev.umt.cli.internal;

import dev.umt.Plan;
import dev.umt.PlanStep;
import dev.umt.ProgressListener;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncReport;
import dev.umt.cli.Umt;
import dev.umt.rules.RuleSet;
import dev.umt.state.HeldPlan;
import dev.umt.state.RunRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** plan, apply, run, approve, held, history, report. */
final class SyncCommands {
  static final String PLANNED_REASON = "planned with umt plan, waiting for review";
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private SyncCommands() {}

  static String time(String iso) {
    try {
      return TIME.format(Instant.parse(iso));
    } catch (RuntimeException e) {
      return iso;
    }
  }

  @Command(
      name = "plan",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Show what a run would do now, without changing anything.",
        "",
        "A dry run, by kind (step, user, rule, reason), with counts. The plan is kept for review:"
            + " apply exactly it with 'umt apply PLAN-ID' (refused if the directory or GoToMyPC"
            + " moved on).",
        ""
      })
  static final class PlanCommand implements Callable<Integer> {
    private final Cli cli;

    PlanCommand(Cli cli) {
      this.cli = cli;
    }

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "also save the plan as JSON in FILE")
    @Nullable Path outFile;

    @Option(
        names = "--html",
        paramLabel = "FILE",
        description = "write the plan as a self-contained HTML page")
    @Nullable Path html;

    @Option(
        names = "--max-per-kind",
        paramLabel = "N",
        defaultValue = "50",
        description = "rows shown per kind (default: ${DEFAULT-VALUE})")
    int perKind;

    @Option(names = "--all", description = "show every step, unchanged users too")
    boolean all;

    @Override
    public Integer call() {
      try (Session session = new Session(cli.data())) {
        RuleSet rules = session.rules();
        SyncEngine engine = session.engine(ProgressListener.NONE);
        Plan plan = engine.plan(rules.activeRules());
        session
            .store()
            .holdPlan(
                new HeldPlan(plan.id(), plan.fingerprint(), plan.createdAt(), PLANNED_REASON));
        SavedReport saved = SavedReport.of(plan);
        new ReportFiles(session.data()).save(saved);
        cli.out.println(plan.summary());
        if (!plan.sourceComplete()) {
          cli.out.println(
              "The directory read was INCOMPLETE: nothing would be suspended, unlicensed or deleted"
                  + " ("
                  + String.join("; ", plan.incompleteReasons())
                  + ")");
        }
        if (plan.isHeld()) {
          cli.out.println(
              "A plain run would be held by the safety threshold: " + plan.thresholdReason());
        }
        Printing.steps(cli.out, saved, all ? -1 : perKind, all);
        if (outFile != null) {
          Files2.writeOwnerOnly(outFile.toAbsolutePath(), ReportFiles.toJson(saved) + "\n");
          cli.out.println("Plan saved as " + outFile.toAbsolutePath());
        }
        if (html != null) {
          Printing.writeHtml(cli.out, saved, html);
        }
        cli.out.println("Review it, then apply exactly this plan with: umt apply " + plan.id());
        return Umt.OK;
      }
    }
  }

  /**
   * Applies a held plan (planned for review or held by a threshold) through {@link
   * SyncEngine#approve}.
   */
  static int applyHeld(Cli cli, String planId, String verb, boolean json) {
    try (Session session = new Session(cli.data());
        Progress progress = new Progress(cli.err)) {
      ReportFiles reports = new ReportFiles(session.data());
      Optional<HeldPlan> held = session.store().heldPlan(planId);
      if (held.isEmpty()) {
        reports.load(planId);
        throw new UserError(
            "plan "
                + planId
                + " is not waiting: it was applied already, or replaced (see 'umt held' and 'umt"
                + " history')");
      }
      RuleSet rules = session.rules();
      SyncEngine engine = session.engine(json ? ProgressListener.NONE : progress);
      SyncReport report = engine.approve(planId, rules.activeRules());
      progress.close();
      return finish(cli, session, report, json, verb);
    }
  }

  static int finish(Cli cli, Session session, SyncReport report, boolean json, String verb) {
    SavedReport saved = SavedReport.of(report);
    new ReportFiles(session.data()).save(saved);
    if (json) {
      cli.out.println(ReportFiles.toJson(saved));
      return Printing.exitCode(report.status());
    }
    cli.out.println(verb + " " + report.summary());
    if (!report.kindReason().isEmpty()) {
      cli.out.println("Read: " + report.kindReason());
    }
    saved.steps().stream()
        .filter(SavedReport.Step::failed)
        .limit(20)
        .forEach(
            s ->
                cli.out.println(
                    "  FAILED " + s.kindLabel() + " " + s.subject() + ": " + s.message()));
    cli.out.printf(
        "read %d ms, plan %d ms, apply %d ms; per-user outcomes: umt report %s%n",
        report.readTime().toMillis(),
        report.planTime().toMillis(),
        report.applyTime().toMillis(),
        report.planId());
    if (report.status() == SyncReport.Status.HELD) {
      cli.out.println(
          "Held: review with 'umt report "
              + report.planId()
              + " --html FILE', then 'umt approve "
              + report.planId()
              + "'.");
    }
    return Printing.exitCode(report.status());
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Apply exactly a plan made by 'umt plan'.",
        "",
        "Refused, with the reason, when the directory or GoToMyPC changed since the plan was made:"
            + " plan again and review the new one.",
        ""
      })
  static final class Apply implements Callable<Integer> {
    private final Cli cli;

    Apply(Cli cli) {
      this.cli = cli;
    }

    @Parameters(paramLabel = "PLAN-ID", description = "the plan's id, as 'umt plan' printed it")
    String planId;

    @Option(names = "--json", description = "print the report as JSON instead")
    boolean json;

    @Override
    public Integer call() {
      return applyHeld(cli, planId, "Applied plan:", json);
    }
  }

  @Command(
      name = "approve",
      mixinStandardHelpOptions = true,
      description = {
        "Approve a held plan and apply it if nothing changed since.",
        "",
        "A plan is held by a safety threshold, or planned for review by 'umt plan'; 'umt held'"
            + " lists them.",
        ""
      })
  static final class Approve implements Callable<Integer> {
    private final Cli cli;

    Approve(Cli cli) {
      this.cli = cli;
    }

    @Parameters(paramLabel = "PLAN-ID", description = "the held plan's id (see 'umt held')")
    String planId;

    @Option(names = "--json", description = "print the report as JSON instead")
    boolean json;

    @Override
    public Integer call() {
      return applyHeld(cli, planId, "Approved and applied:", json);
    }
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Plan and apply now, with progress bars and a summary.",
        "",
        "One progress bar per phase (read, plan, apply). Exit code 0 done, 3 held for approval, 4"
            + " completed with errors, 1 failed, 2 bad configuration (see 'umt --help').",
        "",
        "Where the directory offers a change feed, a run reads only what changed since the last"
            + " one; the report's 'Read:' line says which kind of run it was and why.",
        ""
      })
  static final class Run implements Callable<Integer> {
    private final Cli cli;

    Run(Cli cli) {
      this.cli = cli;
    }

    @Option(names = "--json", description = "print the report as JSON (no progress bar)")
    boolean json;

    @Option(
        names = "--html",
        paramLabel = "FILE",
        description = "also write the report as a self-contained HTML page")
    @Nullable Path html;

    @Option(
        names = "--full",
        description = {
          "read the whole directory, not only what changed since the last run, and rebuild the "
              + "snapshot (a full run also comes by itself every 24 runs or 24 hours)"
        })
    boolean full;

    @Override
    public Integer call() {
      try (Session session = new Session(cli.data());
          Progress progress = new Progress(cli.err)) {
        RuleSet rules = session.rules();
        SyncEngine engine = session.engine(json ? ProgressListener.NONE : progress);
        SyncReport report =
            full ? engine.runFull(rules.activeRules()) : engine.run(rules.activeRules());
        progress.close();
        int code = finish(cli, session, report, json, "Run:");
        if (html != null) {
          Printing.writeHtml(json ? cli.err : cli.out, SavedReport.of(report), html);
        }
        return code;
      }
    }
  }

  @Command(
      name = "held",
      mixinStandardHelpOptions = true,
      description = {
        "List the plans waiting for approval, with their reasons.",
        "",
        "Runs held by a safety threshold and plans made by 'umt plan' for review, newest first,"
            + " whichever program held them on this data folder.",
        ""
      })
  static final class Held implements Runnable {
    private final Cli cli;

    Held(Cli cli) {
      this.cli = cli;
    }

    @Override
    public void run() {
      try (Session session = new Session(cli.data())) {
        List<String> lines = heldLines(session);
        if (lines.isEmpty()) {
          cli.out.println("No plan is waiting for approval.");
          return;
        }
        lines.forEach(cli.out::println);
      }
    }
  }

  /**
   * The plans the state store holds, newest first, whoever held them (this CLI, a scheduled job,
   * another program).
   */
  static List<String> heldLines(Session session) {
    return session.store().heldPlans().stream()
        .map(
            h -> {
              boolean review = h.reason().equals(PLANNED_REASON);
              return String.format(
                  "%s  %s  %-6s %s%n    apply with: umt %s %s",
                  h.planId(),
                  TIME.format(h.createdAt()),
                  review ? "review" : "held",
                  h.reason(),
                  review ? "apply" : "approve",
                  h.planId());
            })
        .collect(Collectors.toList());
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = {
        "List the last runs: when, plan id, status, counts.",
        "",
        "Under each run, what it read: 'full: WHY' (the whole directory) or 'incremental: N changes"
            + " (FEED)'.",
        ""
      })
  static final class History implements Runnable {
    private final Cli cli;

    History(Cli cli) {
      this.cli = cli;
    }

    @Option(
        names = "--last",
        paramLabel = "N",
        defaultValue = "10",
        description = "how many (default: ${DEFAULT-VALUE})")
    int last;

    @Override
    public void run() {
      if (last < 1) {
        throw new UserError("--last must be at least 1, not " + last);
      }
      try (Session session = new Session(cli.data())) {
        List<RunRecord> runs = session.store().runs(last);
        if (runs.isEmpty()) {
          cli.out.println("No runs yet.");
          return;
        }
        cli.out.printf(
            "%-20s %-36s %-21s %8s  %s%n", "STARTED", "PLAN-ID", "STATUS", "TOOK", "COUNTS");
        for (RunRecord r : runs) {
          cli.out.printf(
              "%-20s %-36s %-21s %7.1fs  %s%s%n",
              TIME.format(r.startedAt()),
              r.planId(),
              r.status(),
              Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0,
              outcomeCounts(r),
              r.reason().isEmpty() ? "" : "  (" + r.reason() + ")");
          if (!r.kind().isEmpty()) {
            cli.out.println("    read: " + r.kind());
          }
        }
        cli.out.println("Per-user outcomes: umt report PLAN-ID");
      }
    }

    /**
     * A run's outcomes in plan-kind order: {@code create=3} for steps done, {@code create failed=1}
     * for any other result; what was only planned is left out (the outcomes say what became of it).
     */
    static String outcomeCounts(RunRecord r) {
      List<String> parts = new ArrayList<>();
      for (PlanStep.Kind kind : PlanStep.Kind.values()) {
        String k = kind.name().toLowerCase(Locale.ROOT);
        for (StepOutcome.Result result : StepOutcome.Result.values()) {
          // "<kind>.planned" counts every planned step, whatever became of it: not an outcome.
          int n =
              result == StepOutcome.Result.PLANNED
                  ? 0
                  : r.counts().getOrDefault(k + "." + result.name().toLowerCase(Locale.ROOT), 0);
          if (n > 0) {
            parts.add(
                result == StepOutcome.Result.DONE
                    ? k + "=" + n
                    : k + " " + result.name().toLowerCase(Locale.ROOT) + "=" + n);
          }
        }
      }
      return String.join(" ", parts);
    }
  }

  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description = {"Show the per-user outcomes of a run (or the steps of a plan).", ""})
  static final class Report implements Callable<Integer> {
    private final Cli cli;

    Report(Cli cli) {
      this.cli = cli;
    }

    @Parameters(paramLabel = "RUN-ID", description = "a plan id from 'umt history' or 'umt held'")
    String planId;

    @Option(
        names = "--html",
        paramLabel = "FILE",
        description = "write it as a self-contained HTML page")
    @Nullable Path html;

    @Option(names = "--json", description = "print it as JSON")
    boolean json;

    @Option(names = "--all", description = "show every step, unchanged users too")
    boolean all;

    @Option(
        names = "--max-per-kind",
        paramLabel = "N",
        defaultValue = "200",
        description = "rows shown per kind (default: ${DEFAULT-VALUE})")
    int perKind;

    @Override
    public Integer call() {
      SavedReport r = new ReportFiles(cli.data()).load(planId);
      if (json) {
        cli.out.println(ReportFiles.toJson(r));
      } else {
        cli.out.printf(
            "%s %s: %s, %s%s%n",
            r.kind() == SavedReport.Kind.PLAN ? "Plan" : "Run",
            r.planId(),
            r.status(),
            time(r.createdAt()),
            r.reason().isEmpty() ? "" : " (" + r.reason() + ")");
        Printing.steps(cli.out, r, all ? -1 : perKind, all);
      }
      if (html != null) {
        Printing.writeHtml(json ? cli.err : cli.out, r, html);
      }
      return Umt.OK;
    }
  }
}
