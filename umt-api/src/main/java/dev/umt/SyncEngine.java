package dev.umt;

import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.ScopedUser;
import dev.umt.internal.Applier;
import dev.umt.internal.Planner;
import dev.umt.rule.Rule;
import dev.umt.rule.RuleEvaluator;
import dev.umt.state.HeldPlan;
import dev.umt.state.LedgerEntry;
import dev.umt.state.RunRecord;
import dev.umt.state.StateStore;
import dev.umt.target.ProvisioningTarget;
import dev.umt.target.TargetAccount;
import dev.umt.target.TargetGroup;
import dev.umt.target.TargetInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a target's accounts in step with a directory: reads the users of every active rule's
 * scope, lets the rules decide what account each should have, compares that with the target and
 * the ledger of accounts UMT manages, and applies the difference.
 *
 * <p>Safety: nothing is suspended, unlicensed or deleted when the directory read was incomplete
 * (the run ends {@link SyncReport.Status#HELD}); a run whose deprovisioning crosses a threshold is
 * held whole until {@link #approve approved} by its plan id; only accounts in the ledger are ever
 * deprovisioned (unless {@link SyncOptions#manageUnledgeredAccounts()}); protected accounts are
 * never touched. An existing account with the same email is adopted, not created twice.
 *
 * <p>Thread-safety: one run at a time per engine; {@code run}, {@code plan} and {@code approve}
 * are synchronized. The engine does not close the source, target or store it was given.
 *
 * <pre>{@code
 * SyncEngine engine = SyncEngine.builder()
 *     .source(directory)
 *     .evaluator(evaluator)
 *     .target(gotomypc)
 *     .stateStore(JsonFileStateStore.open(Path.of("data")))
 *     .build();
 * SyncReport report = engine.run(rules);
 * if (report.status() == SyncReport.Status.HELD) {
 *   // look at report.reason(), then, if it is right:
 *   engine.approve(report.planId(), rules);
 * }
 * }</pre>
 */
public final class SyncEngine {
  private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);
  /** The state-store token name under which the source's change-feed position is kept. */
  public static final String SOURCE_TOKEN = "directory";

  private final DirectorySource source;
  private final RuleEvaluator evaluator;
  private final ProvisioningTarget target;
  private final StateStore store;
  private final SyncOptions options;
  private final ProgressListener progress;
  private final Clock clock;

  private SyncEngine(Builder b) {
    this.source = b.source;
    this.evaluator = b.evaluator;
    this.target = b.target;
    this.store = b.store;
    this.options = b.options;
    this.progress = b.progress;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An engine over the same source, evaluator, target and store, with other options (a dry run, say). */
  public SyncEngine withOptions(SyncOptions newOptions) {
    return builder().source(source).evaluator(evaluator).target(target).stateStore(store).options(newOptions)
        .progressListener(progress).clock(clock).build();
  }

  /** The options this engine runs with. */
  public SyncOptions options() {
    return options;
  }

  /**
   * Reads the directory and the target and returns what a run would do, without changing anything.
   *
   * @param rules the rule set; inactive rules are ignored
   * @throws UmtException when the directory, the target or the ledger cannot be read, or a rule's scope cannot be read and the
   *     policy is {@link SyncOptions.RuleFailurePolicy#ABORT}, naming what could not be read
   */
  public synchronized Plan plan(List<Rule> rules) {
    return read(rules, UUID.randomUUID().toString()).plan;
  }

  /**
   * Plans and applies (or, in dry-run mode, only plans).
   *
   * @param rules the rule set; only active rules run
   * @return the report; a rule that could not be read under the ABORT policy ends the run FAILED with nothing applied
   */
  public synchronized SyncReport run(List<Rule> rules) {
    Instant started = clock.instant();
    Read read;
    try {
      read = read(rules, UUID.randomUUID().toString());
    } catch (ReadException e) {
      return failed(started, e.getMessage());
    }
    if (options.dryRun()) {
      List<StepOutcome> outcomes = read.plan.steps().stream().map(s -> read.plan.withheldReason(s)
          .map(why -> new StepOutcome(s, StepOutcome.Result.WITHHELD, why)).orElseGet(() -> new StepOutcome(s, StepOutcome.Result.PLANNED, ""))).toList();
      log.info("dry run: {}", read.plan.summary());
      return new SyncReport(read.plan.id(), SyncReport.Status.DRY_RUN, holdReasonOf(read.plan), read.plan.sourceComplete(), outcomes,
          started, read.readTime, read.planTime, Duration.ZERO, read.plan.emailConflicts());
    }
    if (read.plan.isHeld()) {
      try {
        store.holdPlan(new HeldPlan(read.plan.id(), read.plan.fingerprint(), read.plan.createdAt(), read.plan.thresholdReason()));
      } catch (RuntimeException e) {
        return failed(started, "the plan to hold could not be saved in the state store: " + e.getMessage());
      }
      List<StepOutcome> outcomes = read.plan.steps().stream().map(s -> new StepOutcome(s, StepOutcome.Result.HELD, "")).toList();
      log.warn("run held for approval: {}", read.plan.summary());
      SyncReport r = new SyncReport(read.plan.id(), SyncReport.Status.HELD, "held for approval of plan " + read.plan.id() + ": "
          + read.plan.thresholdReason(), read.plan.sourceComplete(), outcomes, started, read.readTime, read.planTime, Duration.ZERO,
          read.plan.emailConflicts());
      return record(r);
    }
    return apply(read, started);
  }

  /**
   * Applies a held plan: plans again and, when the new plan is exactly the held one, applies it
   * despite the threshold. Deprovisioning still never follows an incomplete read.
   *
   * @throws ConfigurationException when no plan with that id is held
   * @throws StaleApprovalException when the directory or the target has moved on, so the plan is no longer the same
   */
  public synchronized SyncReport approve(String planId, List<Rule> rules) {
    Instant started = clock.instant();
    HeldPlan held = store.heldPlan(planId).orElseThrow(() -> new ConfigurationException("no held plan with id " + planId));
    Read read;
    try {
      read = read(rules, planId);
    } catch (ReadException e) {
      return failed(started, e.getMessage());
    }
    if (!read.plan.fingerprint().equals(held.fingerprint())) {
      throw new StaleApprovalException("plan " + planId + " is stale: the directory or the target changed since it was held, and planning again gives a different plan ("
          + read.plan.summary() + "); run again and approve the new plan");
    }
    log.info("applying approved plan {} ({})", planId, held.reason());
    SyncReport r = apply(read, started);
    try {
      store.releasePlan(planId);
    } catch (RuntimeException e) {
      log.error("plan {} was applied but could not be released from the state store: {}", planId, e.getMessage());
    }
    return r;
  }

  // --- reading and planning ---

  private record Read(Plan plan, Map<String, LedgerEntry> ledger, Duration readTime, Duration planTime, Optional<String> token) {}

  /** The directory, the target or the ledger could not be read (or a rule's scope, under ABORT): the run ends FAILED. */
  private static final class ReadException extends UmtException {
    private static final long serialVersionUID = 1L;

    ReadException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** {@code what.get()}, or a {@link ReadException} saying {@code failure}: the cause's message. */
  private static <T> T reading(String failure, java.util.function.Supplier<T> what) {
    try {
      return what.get();
    } catch (RuntimeException e) {
      throw new ReadException(failure + ": " + e.getMessage(), e);
    }
  }

  private Read read(List<Rule> rules, String planId) {
    List<Rule> active = activeInOrder(rules);
    Instant t0 = clock.instant();
    Optional<String> token = reading("the directory's change-feed position could not be read", () -> source.changeFeed().map(ChangeFeed::currentToken));
    Map<String, LedgerEntry> ledger = reading("the ledger could not be read", store::ledger);
    List<TargetAccount> accounts = reading("the target's accounts could not be read", this::readAccounts);
    List<TargetGroup> groups = reading("the target's groups could not be read", target::groups);
    TargetInfo info = target.describe();
    Map<String, Planner.Candidate> candidates = new LinkedHashMap<>();
    List<String> incomplete = new ArrayList<>();
    Set<String> incompleteRules = new HashSet<>();
    Map<String, PlanStep> unreadable = new LinkedHashMap<>();
    for (Rule rule : active) {
      try (PageCursor<ScopedUser> cursor = source.users(rule.source(), options.pageSize())) {
        while (cursor.hasNext()) {
          for (ScopedUser su : cursor.next()) {
            Planner.Candidate c = candidates.putIfAbsent(su.user().id(), new Planner.Candidate(su.user(), rule.id(), su.via()));
            if (c != null) {
              c.alsoIn(rule.id(), su.via());
            }
          }
          progress.onProgress(ProgressListener.Phase.READ_DIRECTORY, candidates.size(), -1);
        }
        if (!cursor.isComplete()) {
          incomplete.add("rule " + rule.id() + ": " + cursor.incompleteReason());
          incompleteRules.add(rule.id());
        }
        for (PageCursor.Skipped skip : cursor.skipped()) {
          unreadable.putIfAbsent(skip.subject(), new PlanStep.Skip(null, skip.subject(), rule.id(), skip.reason()));
        }
      } catch (RuntimeException e) {
        String msg = "rule " + rule.id() + " (" + rule.name() + ") could not be read: " + e.getMessage();
        if (options.onRuleFailure() == SyncOptions.RuleFailurePolicy.ABORT || !(e instanceof UmtException)) {
          throw new ReadException(msg, e);
        }
        log.warn("{}; going on with the other rules", msg);
        incomplete.add(msg);
        incompleteRules.add(rule.id());
      }
    }
    Instant t1 = clock.instant();
    int total = candidates.size();
    progress.onProgress(ProgressListener.Phase.PLAN, 0, total);
    Planner.Input in = new Planner.Input(active, List.copyOf(unreadable.values()), candidates.values(), total, incomplete.isEmpty(), incomplete,
        incompleteRules, accounts, groups, ledger, info);
    Plan plan = new Planner(options, evaluator, t1).plan(planId, in, done -> {
      if (done % 1000 == 0 || done == total) {
        progress.onProgress(ProgressListener.Phase.PLAN, done, total);
      }
    });
    Instant t2 = clock.instant();
    logSteps(plan);
    log.info("{} ({} users read in {} ms, planned in {} ms)", plan.summary(), total, Duration.between(t0, t1).toMillis(),
        Duration.between(t1, t2).toMillis());
    return new Read(plan, ledger, Duration.between(t0, t1), Duration.between(t1, t2), token);
  }

  /** Every step with its rule and reason: at INFO under {@link SyncOptions#detailedLogging()}, else at DEBUG. */
  private void logSteps(Plan plan) {
    boolean info = options.detailedLogging();
    if (!info && !log.isDebugEnabled()) {
      return;
    }
    for (PlanStep s : plan.steps()) {
      if (info) {
        log.info("plan {}: {} {} (rule {}): {}", plan.id(), s.kind(), s.subject(), s.ruleId(), s.reason());
      } else {
        log.debug("plan {}: {} {} (rule {}): {}", plan.id(), s.kind(), s.subject(), s.ruleId(), s.reason());
      }
    }
  }

  private List<TargetAccount> readAccounts() {
    List<TargetAccount> out = new ArrayList<>();
    try (PageCursor<TargetAccount> cursor = target.accounts(options.pageSize())) {
      while (cursor.hasNext()) {
        out.addAll(cursor.next());
        progress.onProgress(ProgressListener.Phase.READ_TARGET, out.size(), -1);
      }
      progress.onProgress(ProgressListener.Phase.READ_TARGET, out.size(), out.size());
      if (!cursor.isComplete()) {
        throw new TemporaryFailureException("the target's accounts could not all be read: " + cursor.incompleteReason());
      }
    }
    return out;
  }

  private static List<Rule> activeInOrder(List<Rule> rules) {
    Set<String> ids = new HashSet<>();
    for (Rule r : rules) {
      if (!ids.add(r.id())) {
        throw new ConfigurationException("two rules have the id " + r.id());
      }
    }
    return rules.stream().filter(Rule::active).sorted(Comparator.comparingInt(Rule::priority).thenComparing(Rule::id)).toList();
  }

  // --- applying ---

  private SyncReport apply(Read read, Instant started) {
    Plan plan = read.plan;
    TargetInfo info = target.describe();
    Instant a0 = clock.instant();
    Applier.Applied applied = new Applier(target, store, Math.min(options.concurrency(), info.maxConcurrency()), info.maxBatchSize(), a0, progress)
        .apply(plan);
    List<StepOutcome> outcomes = applied.outcomes();
    Duration applyTime = Duration.between(a0, clock.instant());
    boolean errors = outcomes.stream().anyMatch(o -> o.result() == StepOutcome.Result.FAILED || o.result() == StepOutcome.Result.PARTIAL);
    SyncReport.Status status;
    String reason;
    if (applied.stopReason() != null) {
      long attempted = outcomes.stream().filter(o -> o.step().kind().callsTarget() && o.result() != StepOutcome.Result.NOT_ATTEMPTED
          && o.result() != StepOutcome.Result.WITHHELD).count();
      long calling = outcomes.stream().filter(o -> o.step().kind().callsTarget() && o.result() != StepOutcome.Result.WITHHELD).count();
      status = SyncReport.Status.FAILED;
      reason = "the apply stopped after " + attempted + " of " + calling + " target step(s): " + applied.stopReason();
    } else if (!plan.sourceComplete()) {
      status = SyncReport.Status.HELD;
      reason = holdReasonOf(plan);
    } else {
      status = errors ? SyncReport.Status.COMPLETED_WITH_ERRORS : SyncReport.Status.COMPLETED;
      reason = "";
    }
    if (status == SyncReport.Status.COMPLETED || status == SyncReport.Status.COMPLETED_WITH_ERRORS) {
      try {
        read.token.ifPresent(t -> store.saveToken(SOURCE_TOKEN, t));
      } catch (RuntimeException e) {
        log.error("the change-feed token could not be saved; the next run reads everything again: {}", e.getMessage());
      }
    }
    SyncReport report = record(new SyncReport(plan.id(), status, reason, plan.sourceComplete(), outcomes, started, read.readTime, read.planTime,
        applyTime, plan.emailConflicts()));
    log.info("{}", report.summary());
    return report;
  }

  private static String holdReasonOf(Plan plan) {
    if (!plan.sourceComplete()) {
      return "directory read incomplete, so nothing was deprovisioned: " + String.join("; ", plan.incompleteReasons());
    }
    return plan.thresholdReason();
  }

  private SyncReport failed(Instant started, String reason) {
    log.error("run failed: {}", reason);
    return record(new SyncReport("none", SyncReport.Status.FAILED, reason, false, List.of(), started, Duration.ZERO, Duration.ZERO, Duration.ZERO));
  }

  /**
   * Records {@code r} in the run history: per kind, {@code <kind>.planned} for every step and
   * {@code <kind>.<result>} for its outcome (a dry run is not recorded). Returns {@code r}, or, when
   * the store cannot record it, {@code r} with that said in its reason.
   */
  private SyncReport record(SyncReport r) {
    // Counted by kind and result first, named once each (not two strings per step).
    int[][] byKind = new int[PlanStep.Kind.values().length][StepOutcome.Result.values().length];
    for (StepOutcome o : r.outcomes()) {
      byKind[o.step().kind().ordinal()][o.result().ordinal()]++;
    }
    Map<String, Integer> counts = new TreeMap<>();
    for (PlanStep.Kind k : PlanStep.Kind.values()) {
      String kind = k.name().toLowerCase(java.util.Locale.ROOT);
      for (StepOutcome.Result result : StepOutcome.Result.values()) {
        int n = byKind[k.ordinal()][result.ordinal()];
        if (n > 0) {
          counts.merge(kind + ".planned", n, Integer::sum);
          counts.merge(kind + "." + result.name().toLowerCase(java.util.Locale.ROOT), n, Integer::sum);
        }
      }
    }
    try {
      store.recordRun(new RunRecord(r.planId(), r.status().name(), r.reason(), r.startedAt(), clock.instant(), counts));
      return r;
    } catch (RuntimeException e) {
      log.error("the run could not be recorded in the state store: {}", e.getMessage());
      String why = (r.reason().isEmpty() ? "" : r.reason() + "; ") + "the run could not be recorded in the state store: " + e.getMessage();
      return new SyncReport(r.planId(), r.status(), why, r.sourceComplete(), r.outcomes(), r.startedAt(), r.readTime(), r.planTime(),
          r.applyTime(), r.emailConflicts());
    }
  }

  /** Builds a {@link SyncEngine}; validates without I/O. */
  public static final class Builder {
    private DirectorySource source;
    private RuleEvaluator evaluator;
    private ProvisioningTarget target;
    private StateStore store;
    private SyncOptions options = SyncOptions.defaults();
    private ProgressListener progress = ProgressListener.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder source(DirectorySource v) { source = v; return this; }
    public Builder evaluator(RuleEvaluator v) { evaluator = v; return this; }
    public Builder target(ProvisioningTarget v) { target = v; return this; }
    public Builder stateStore(StateStore v) { store = v; return this; }
    public Builder options(SyncOptions v) { options = v; return this; }
    public Builder progressListener(ProgressListener v) { progress = v; return this; }
    /** The clock for timings and grace periods (tests move it forward). */
    public Builder clock(Clock v) { clock = v; return this; }

    /** @throws ConfigurationException naming the first missing part */
    public SyncEngine build() {
      require(source, "a directory source");
      require(evaluator, "a rule evaluator");
      require(target, "a provisioning target");
      require(store, "a state store");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(progress, "progressListener");
      Objects.requireNonNull(clock, "clock");
      return new SyncEngine(this);
    }

    private static void require(Object o, String what) {
      if (o == null) {
        throw new ConfigurationException("the sync engine needs " + what);
      }
    }
  }
}
