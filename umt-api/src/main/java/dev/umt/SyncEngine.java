package dev.umt;

import dev.umt.directory.ChangeFeed;
import dev.umt.directory.DirectoryChange;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.Scope;
import dev.umt.directory.ScopedUser;
import dev.umt.directory.TokenExpiredException;
import dev.umt.internal.Applier;
import dev.umt.internal.Planner;
import dev.umt.rule.Rule;
import dev.umt.rule.RuleEvaluator;
import dev.umt.state.DirectorySnapshot;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * Keeps a target's accounts in step with a directory: reads the users of every active rule's scope,
 * lets the rules decide what account each should have, compares that with the target and the ledger
 * of accounts UMT manages, and applies the difference.
 *
 * <p>Safety: nothing is suspended, unlicensed or deleted when the directory read was incomplete
 * (the run ends {@link SyncReport.Status#HELD}); a run whose deprovisioning crosses a threshold is
 * held whole until {@link #approve approved} by its plan id; only accounts in the ledger are ever
 * deprovisioned (unless {@link SyncOptions#manageUnledgeredAccounts()}); protected accounts are
 * never touched. An existing account with the same email is adopted, not created twice.
 *
 * <p>Incremental runs: where the source has a {@link ChangeFeed} and the store a {@link
 * DirectorySnapshot} made under the same rule set, a run reads only the changes since the
 * snapshot's token and plans only the users they affect; every {@link
 * SyncOptions#fullRunEveryRuns()} runs or {@link SyncOptions#fullRunEvery()}, on {@link #runFull},
 * and whenever the token or the snapshot cannot be used, it reads everything. {@link
 * SyncReport#kindReason()} says which and why; docs/engine.md, "Incremental runs", has the rules.
 * The same safety holds for both kinds.
 *
 * <p>Thread-safety: one run at a time per engine; {@code run}, {@code plan} and {@code approve}
 * (and {@code runFull}) are synchronized. The engine does not close the source, target or store it
 * was given.
 *
 * <pre>{@code
 * try (StateStore store = JsonFileStateStore.open(Path.of("data"))) {
 *   SyncEngine engine = SyncEngine.builder()
 *       .source(directory)
 *       .evaluator(evaluator)
 *       .target(gotomypc)
 *       .stateStore(store)
 *       .build();
 *   SyncReport report = engine.run(rules);
 *   if (report.status() == SyncReport.Status.HELD) {
 *     // look at report.reason(), then, if it is right:
 *     engine.approve(report.planId(), rules);
 *   }
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
  private final java.util.function.BooleanSupplier stopRequested;

  private SyncEngine(Builder b) {
    this.source = b.source;
    this.evaluator = b.evaluator;
    this.target = b.target;
    this.store = b.store;
    this.options = b.options;
    this.progress = b.progress;
    this.clock = b.clock;
    this.stopRequested = b.stopRequested;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * An engine over the same source, evaluator, target and store, with other options (a dry run,
   * say).
   */
  public SyncEngine withOptions(SyncOptions newOptions) {
    return builder()
        .source(source)
        .evaluator(evaluator)
        .target(target)
        .stateStore(store)
        .options(newOptions)
        .progressListener(progress)
        .clock(clock)
        .stopRequested(stopRequested)
        .build();
  }

  /** The options this engine runs with. */
  public SyncOptions options() {
    return options;
  }

  /**
   * Reads the directory and the target and returns what a run would do, without changing anything.
   *
   * @param rules the rule set; inactive rules are ignored
   * @throws UmtException when the directory, the target or the ledger cannot be read, or a rule's
   *     scope cannot be read and the policy is {@link SyncOptions.RuleFailurePolicy#ABORT}, naming
   *     what could not be read
   */
  public synchronized Plan plan(List<Rule> rules) {
    return read(rules, UUID.randomUUID().toString(), false).plan;
  }

  /**
   * Plans and applies (or, in dry-run mode, only plans).
   *
   * <p>The run is incremental when the source has a change feed, the state store has a directory
   * snapshot made under the same rule set, and no full run is due (see {@link
   * SyncOptions#fullRunEveryRuns()}, {@link SyncOptions#fullRunEvery()}): it reads the changes
   * since the snapshot's token and plans only the users they affect. Otherwise it is a full run;
   * {@link SyncReport#kindReason()} says which and why.
   *
   * @param rules the rule set; only active rules run
   * @return the report; a rule that could not be read under the ABORT policy ends the run FAILED
   *     with nothing applied
   */
  public synchronized SyncReport run(List<Rule> rules) {
    return run(rules, false);
  }

  /**
   * A full run now, whatever the snapshot and the feed say: every rule's whole scope is read and
   * the snapshot rebuilt. Otherwise as {@link #run}; the report's kind reason is {@code "full:
   * requested"}.
   */
  public synchronized SyncReport runFull(List<Rule> rules) {
    return run(rules, true);
  }

  private SyncReport run(List<Rule> rules, boolean fullRequested) {
    Instant started = clock.instant();
    Read read;
    try {
      read = read(rules, UUID.randomUUID().toString(), fullRequested);
    } catch (ReadException e) {
      return failed(started, e.getMessage());
    }
    if (options.dryRun()) {
      List<StepOutcome> outcomes =
          read.plan.steps().stream()
              .map(
                  s ->
                      read.plan
                          .withheldReason(s)
                          .map(why -> new StepOutcome(s, StepOutcome.Result.WITHHELD, why))
                          .orElseGet(() -> new StepOutcome(s, StepOutcome.Result.PLANNED, "")))
              .toList();
      if (log.isInfoEnabled()) {
        log.info("dry run: {}", read.plan.summary());
      }
      return new SyncReport(
          read.plan.id(),
          SyncReport.Status.DRY_RUN,
          holdReasonOf(read.plan),
          read.plan.sourceComplete(),
          outcomes,
          started,
          read.readTime,
          read.planTime,
          Duration.ZERO,
          read.plan.emailConflicts(),
          read.kind,
          read.kindReason);
    }
    if (read.plan.isHeld()) {
      try {
        store.holdPlan(
            new HeldPlan(
                read.plan.id(),
                read.plan.fingerprint(),
                read.plan.createdAt(),
                read.plan.thresholdReason()));
      } catch (RuntimeException e) {
        return failed(
            started, "the plan to hold could not be saved in the state store: " + e.getMessage());
      }
      List<StepOutcome> outcomes =
          read.plan.steps().stream()
              .map(s -> new StepOutcome(s, StepOutcome.Result.HELD, ""))
              .toList();
      log.warn("run held for approval: {}", read.plan.summary());
      SyncReport r =
          new SyncReport(
              read.plan.id(),
              SyncReport.Status.HELD,
              "held for approval of plan " + read.plan.id() + ": " + read.plan.thresholdReason(),
              read.plan.sourceComplete(),
              outcomes,
              started,
              read.readTime,
              read.planTime,
              Duration.ZERO,
              read.plan.emailConflicts(),
              read.kind,
              read.kindReason);
      return record(r);
    }
    return apply(read, started);
  }

  /**
   * Applies a held plan: plans again and, when the new plan is exactly the held one, applies it
   * despite the threshold. Deprovisioning still never follows an incomplete read.
   *
   * @throws ConfigurationException when no plan with that id is held
   * @throws StaleApprovalException when the directory or the target has moved on, so the plan is no
   *     longer the same
   */
  public synchronized SyncReport approve(String planId, List<Rule> rules) {
    Instant started = clock.instant();
    HeldPlan held =
        store
            .heldPlan(planId)
            .orElseThrow(() -> new ConfigurationException("no held plan with id " + planId));
    // Plan again the way the held run did: a plan held by a full run is approved by a full run.
    boolean heldByFullRun;
    try {
      heldByFullRun =
          store.runs(200).stream()
              .anyMatch(r -> r.planId().equals(planId) && r.kind().startsWith("full"));
    } catch (RuntimeException e) {
      log.warn(
          "the run history could not be read to see how plan {} was made; planning again as a run"
              + " would: {}",
          planId,
          e.getMessage());
      heldByFullRun = false;
    }
    Read read;
    try {
      read = read(rules, planId, heldByFullRun);
    } catch (ReadException e) {
      return failed(started, e.getMessage());
    }
    if (!read.plan.fingerprint().equals(held.fingerprint())) {
      throw new StaleApprovalException(
          "plan "
              + planId
              + " is stale: the directory or the target changed since it was held, and planning"
              + " again gives a different plan ("
              + read.plan.summary()
              + "); run again and approve the new plan");
    }
    log.info("applying approved plan {} ({})", planId, held.reason());
    SyncReport r = apply(read, started);
    try {
      store.releasePlan(planId);
    } catch (RuntimeException e) {
      log.error(
          "plan {} was applied but could not be released from the state store: {}",
          planId,
          e.getMessage());
    }
    return r;
  }

  // --- reading and planning ---

  /**
   * What was read and planned. {@code token} is saved, and {@code snapshot} (when not null) with
   * it, only after a complete apply.
   */
  private record Read(
      Plan plan,
      Map<String, LedgerEntry> ledger,
      Duration readTime,
      Duration planTime,
      Optional<String> token,
      SyncReport.Kind kind,
      String kindReason,
      DirectorySnapshot snapshot) {}

  /**
   * The directory, the target or the ledger could not be read (or a rule's scope, under ABORT): the
   * run ends FAILED.
   */
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

  /**
   * How a run reads: {@code fullReason} says why it is full; else it reads {@code feed} from {@code
   * snapshot}'s token.
   */
  private record Choice(String fullReason, DirectorySnapshot snapshot, ChangeFeed feed) {
    boolean full() {
      return fullReason != null;
    }
  }

  /** Full or incremental, and why (see docs/engine.md, "Incremental runs"). */
  private Choice choose(String fingerprint, boolean fullRequested) {
    Optional<ChangeFeed> feed = source.changeFeed();
    if (fullRequested) {
      return new Choice("full: requested", null, feed.orElse(null));
    }
    if (feed.isEmpty()) {
      return new Choice("full: the directory offers no change feed", null, null);
    }
    if (options.fullRunEveryRuns() == 0) {
      // No snapshot is read (nor made): every run of this engine is full.
      boolean ranBefore =
          reading("the change-feed token could not be read", () -> store.token(SOURCE_TOKEN))
              .isPresent();
      return new Choice(
          ranBefore ? "full: every run is full (a full run every 0 runs)" : "full: first run",
          null,
          feed.get());
    }
    Optional<DirectorySnapshot> saved;
    try {
      saved = store.directorySnapshot();
    } catch (RuntimeException e) {
      log.warn(
          "the directory snapshot could not be read, so this run reads everything: {}",
          e.getMessage());
      return new Choice(
          "full: the directory snapshot could not be read: " + e.getMessage(), null, feed.get());
    }
    if (saved.isEmpty()) {
      boolean ranBefore =
          reading("the change-feed token could not be read", () -> store.token(SOURCE_TOKEN))
              .isPresent();
      return new Choice(
          ranBefore ? "full: the state store has no directory snapshot" : "full: first run",
          null,
          feed.get());
    }
    DirectorySnapshot s = saved.get();
    if (!s.ruleSetFingerprint().equals(fingerprint)) {
      return new Choice("full: rule set changed", null, feed.get());
    }
    if (s.incrementalRunsSinceFull() >= options.fullRunEveryRuns()) {
      return new Choice(
          "full: " + s.incrementalRunsSinceFull() + " incremental runs since the last full run",
          null,
          feed.get());
    }
    Duration since = Duration.between(s.lastFullRun(), clock.instant());
    if (since.compareTo(options.fullRunEvery()) >= 0) {
      return new Choice(
          "full: "
              + since.toHours()
              + " h since the last full run (one is due every "
              + options.fullRunEvery().toHours()
              + " h)",
          null,
          feed.get());
    }
    return new Choice(null, s, feed.get());
  }

  /** What the rules read: candidates by user id, and what was not read completely. */
  private static final class RuleReads {
    final Map<String, Planner.Candidate> candidates;
    final Planner.Claims claims;
    final List<String> incomplete = new ArrayList<>();
    final Set<String> incompleteRules = new HashSet<>();
    final Map<String, PlanStep> unreadable = new LinkedHashMap<>();

    /** For about {@code expected} users (a full run reads about as many as the ledger holds). */
    RuleReads(int expected) {
      candidates = new LinkedHashMap<>(Math.max(16, (int) (expected / 0.75f) + 1));
      claims = new Planner.Claims(expected);
    }
  }

  /**
   * Reads one rule's users through {@code open} into {@code into}, as the rule-failure policy says;
   * when {@code decideNow} (the active rules) is not null, a user no earlier rule read is decided
   * at once.
   */
  private void readRule(
      Rule rule,
      java.util.function.Supplier<PageCursor<ScopedUser>> open,
      RuleReads into,
      List<Rule> decideNow) {
    try (PageCursor<ScopedUser> cursor = open.get()) {
      while (cursor.hasNext()) {
        for (ScopedUser su : cursor.next()) {
          Planner.Candidate fresh = new Planner.Candidate(su.user(), rule.id(), su.via());
          Planner.Candidate c = into.candidates.putIfAbsent(su.user().id(), fresh);
          if (c != null) {
            c.alsoIn(rule.id(), su.via());
          } else if (decideNow != null) {
            fresh.decide(evaluator, decideNow, into.claims);
          }
        }
        progress.onProgress(ProgressListener.Phase.READ_DIRECTORY, into.candidates.size(), -1);
      }
      if (!cursor.isComplete()) {
        into.incomplete.add("rule " + rule.id() + ": " + cursor.incompleteReason());
        into.incompleteRules.add(rule.id());
      }
      for (PageCursor.Skipped skip : cursor.skipped()) {
        into.unreadable.putIfAbsent(
            skip.subject(), new PlanStep.Skip(null, skip.subject(), rule.id(), skip.reason()));
      }
    } catch (RuntimeException e) {
      String msg =
          "rule " + rule.id() + " (" + rule.name() + ") could not be read: " + e.getMessage();
      if (options.onRuleFailure() == SyncOptions.RuleFailurePolicy.ABORT
          || !(e instanceof UmtException)) {
        throw new ReadException(msg, e);
      }
      log.warn("{}; going on with the other rules", msg);
      into.incomplete.add(msg);
      into.incompleteRules.add(rule.id());
    }
  }

  /** The changes read from the feed and the users they affect. */
  private record Changes(
      int count, String lastToken, Set<String> affected, List<String> incomplete) {}

  /**
   * Reads the feed from the snapshot's token and turns each change into the users it affects.
   *
   * @throws TokenExpiredException when the feed no longer serves the token
   */
  private Changes readChanges(Choice choice, Map<String, LedgerEntry> ledger) {
    DirectorySnapshot snap = choice.snapshot();
    List<DirectoryChange> changes = new ArrayList<>();
    List<String> incomplete = new ArrayList<>();
    try (PageCursor<DirectoryChange> cursor = choice.feed().changesSince(snap.token())) {
      while (cursor.hasNext()) {
        changes.addAll(cursor.next());
      }
      if (!cursor.isComplete()) {
        incomplete.add(
            "the change feed ("
                + choice.feed().kind()
                + ") was not read completely: "
                + cursor.incompleteReason());
      }
    } catch (TokenExpiredException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ReadException(
          "the directory's change feed ("
              + choice.feed().kind()
              + ") could not be read: "
              + e.getMessage(),
          e);
    }
    Set<String> affected = new LinkedHashSet<>();
    Set<String> groupsRead = new HashSet<>();
    Set<String> containersRead = new HashSet<>();
    Set<String> groupsGone = new HashSet<>();
    Set<String> containersGone = new HashSet<>();
    String last = snap.token();
    for (DirectoryChange c : changes) {
      last = c.tokenAfter();
      if (c instanceof DirectoryChange.UserChanged u) {
        affected.add(u.user().id());
      } else if (c instanceof DirectoryChange.UserDeleted d) {
        affected.add(d.userId());
      } else if (c instanceof DirectoryChange.GroupChanged g) {
        // A group or container changed several times is looked at once: its members now, and the
        // snapshot's.
        if (groupsRead.add(g.groupId())) {
          affected.addAll(snap.usersInGroup(g.groupId(), g.dn()));
          idsOf(Scope.group(g.groupId(), g.dn(), true), affected, incomplete);
        }
      } else if (c instanceof DirectoryChange.GroupDeleted g) {
        if (groupsGone.add(g.groupId())) {
          affected.addAll(snap.usersInGroup(g.groupId(), null));
        }
      } else if (c instanceof DirectoryChange.ContainerChanged k) {
        if (containersRead.add(k.containerId())) {
          affected.addAll(snap.usersUnder(k.containerId()));
          idsOf(Scope.container(k.containerId(), k.dn(), true), affected, incomplete);
        }
      } else if (c instanceof DirectoryChange.ContainerDeleted k) {
        if (containersGone.add(k.containerId())) {
          affected.addAll(snap.usersUnder(k.containerId()));
        }
      }
    }
    // Users whose last step failed are tried again; a grace period counts runs, so users waiting
    // one are planned every run.
    affected.addAll(snap.retryUsers());
    ledger.values().stream()
        .filter(e -> e.pending() != null)
        .forEach(e -> affected.add(e.userId()));
    return new Changes(changes.size(), last, affected, incomplete);
  }

  /**
   * Adds the ids of the users of {@code scope} now; a scope that is gone adds none (its deletion is
   * a change of its own).
   */
  private void idsOf(Scope scope, Set<String> into, List<String> incomplete) {
    try (PageCursor<ScopedUser> cursor = source.users(scope, options.pageSize())) {
      while (cursor.hasNext()) {
        cursor.next().forEach(su -> into.add(su.user().id()));
      }
      if (!cursor.isComplete()) {
        incomplete.add(
            "the users of changed "
                + scope.describe()
                + " were not read completely: "
                + cursor.incompleteReason());
      }
    } catch (ConfigurationException e) {
      log.info("changed {} is gone: {}", scope.describe(), e.getMessage());
    } catch (RuntimeException e) {
      incomplete.add(
          "the users of changed " + scope.describe() + " could not be read: " + e.getMessage());
    }
  }

  private Read read(List<Rule> rules, String planId, boolean fullRequested) {
    List<Rule> active = activeInOrder(rules);
    Instant t0 = clock.instant();
    String fingerprint = Snapshots.ruleSetFingerprint(active, options);
    Choice choice = choose(fingerprint, fullRequested);
    Map<String, LedgerEntry> ledger = reading("the ledger could not be read", store::ledger);
    Changes changes = null;
    if (!choice.full()) {
      try {
        changes = readChanges(choice, ledger);
      } catch (TokenExpiredException e) {
        log.warn(
            "the change feed no longer serves the saved token, so this run reads everything: {}",
            e.getMessage());
        choice =
            new Choice("full: the feed's token expired: " + e.getMessage(), null, choice.feed());
      }
    }
    ChangeFeed feed = choice.feed();
    Optional<String> token =
        choice.full()
            ? reading(
                "the directory's change-feed position could not be read",
                () -> Optional.ofNullable(feed).map(ChangeFeed::currentToken))
            : Optional.of(changes.lastToken());
    // A snapshot is made only where a later run can read it: the source has a feed and not every
    // run is full.
    boolean makeSnapshot = token.isPresent() && options.fullRunEveryRuns() > 0;
    Set<String> subset = changes == null ? null : changes.affected();
    boolean nothingToDo = subset != null && subset.isEmpty();
    List<TargetAccount> accounts =
        nothingToDo
            ? List.of()
            : reading("the target's accounts could not be read", this::readAccounts);
    List<TargetGroup> groups =
        nothingToDo ? List.of() : reading("the target's groups could not be read", target::groups);
    TargetInfo info = target.describe();
    RuleReads reads = new RuleReads(subset == null ? ledger.size() : subset.size());
    if (changes != null) {
      reads.incomplete.addAll(changes.incomplete());
    }
    for (Rule rule : active) {
      if (subset == null) {
        // The last rule of a full run without a snapshot to make: a user it reads first has all its
        // scopes
        // known, so the rules decide it as it is read and only its id and DN are held (see
        // Planner.Candidate#decide).
        List<Rule> decideNow =
            !makeSnapshot && rule == active.get(active.size() - 1) ? active : null;
        readRule(rule, () -> source.users(rule.source(), options.pageSize()), reads, decideNow);
      } else if (!subset.isEmpty()) {
        readRule(rule, () -> source.users(rule.source(), subset, options.pageSize()), reads, null);
      }
    }
    Snapshots snapshots = new Snapshots(active);
    if (subset != null && !subset.isEmpty()) {
      DirectorySnapshot snap = choice.snapshot();
      // A user the change touched but that the rules see as before (same fields, same scopes),
      // whose
      // last step did not fail and who waits out no grace period needs no plan: leave it out,
      // ledger entry included.
      for (java.util.Iterator<Planner.Candidate> it = reads.candidates.values().iterator();
          it.hasNext(); ) {
        Planner.Candidate c = it.next();
        Optional<DirectorySnapshot.User> was = snap.user(c.user().id());
        LedgerEntry entry = ledger.get(c.user().id());
        if (was.isPresent()
            && !was.get().retry()
            && was.get().hash() == snapshots.hash(c)
            && (entry == null || entry.pending() == null)) {
          it.remove();
          subset.remove(c.user().id());
        }
      }
      // Users are coupled by email: a user who takes an email that a managed account has brings
      // that
      // account's user into the plan, so the plan sees both claims as a full run would.
      Set<String> emails = new HashSet<>();
      reads
          .candidates
          .values()
          .forEach(
              c -> {
                if (c.user().email() != null) {
                  emails.add(c.user().email().toLowerCase(java.util.Locale.ROOT));
                }
              });
      Set<String> coupled = new LinkedHashSet<>();
      for (LedgerEntry e : ledger.values()) {
        if (!subset.contains(e.userId())
            && emails.contains(e.email().toLowerCase(java.util.Locale.ROOT))) {
          coupled.add(e.userId());
        }
      }
      if (!coupled.isEmpty()) {
        subset.addAll(coupled);
        for (Rule rule : active) {
          readRule(
              rule, () -> source.users(rule.source(), coupled, options.pageSize()), reads, null);
        }
      }
    }
    Instant t1 = clock.instant();
    int total = reads.candidates.size();
    progress.onProgress(ProgressListener.Phase.PLAN, 0, total);
    // Without a snapshot to make, the users' fields are not needed after their decision.
    Planner.Input in =
        new Planner.Input(
            active,
            List.copyOf(reads.unreadable.values()),
            reads.candidates,
            reads.claims,
            makeSnapshot,
            reads.incomplete.isEmpty(),
            reads.incomplete,
            reads.incompleteRules,
            accounts,
            groups,
            ledger,
            info,
            subset);
    Plan plan =
        new Planner(options, evaluator, t1)
            .plan(
                planId,
                in,
                done -> {
                  if (done % 1000 == 0 || done == total) {
                    progress.onProgress(ProgressListener.Phase.PLAN, done, total);
                  }
                });
    DirectorySnapshot next =
        !makeSnapshot || !plan.sourceComplete()
            ? null
            : nextSnapshot(choice, fingerprint, token.get(), plan, reads, subset, snapshots);
    Instant t2 = clock.instant();
    logSteps(plan);
    String kindReason =
        choice.full()
            ? choice.fullReason()
            : "incremental: "
                + changes.count()
                + " change"
                + (changes.count() == 1 ? "" : "s")
                + " ("
                + feed.kind()
                + ")";
    if (log.isInfoEnabled()) {
      log.info(
          "{} ({}; {} users read in {} ms, planned in {} ms)",
          plan.summary(),
          kindReason,
          total,
          Duration.between(t0, t1).toMillis(),
          Duration.between(t1, t2).toMillis());
    }
    return new Read(
        plan,
        ledger,
        Duration.between(t0, t1),
        Duration.between(t1, t2),
        token,
        choice.full() ? SyncReport.Kind.FULL : SyncReport.Kind.INCREMENTAL,
        kindReason,
        next);
  }

  /**
   * The snapshot to save if the run completes: a new one from every user read (full run), or the
   * saved one with the affected users replaced (incremental run: a user no rule reads now is
   * dropped). Users whose steps fail are marked for retry after the apply.
   */
  private DirectorySnapshot nextSnapshot(
      Choice choice,
      String fingerprint,
      String token,
      Plan plan,
      RuleReads reads,
      Set<String> subset,
      Snapshots snapshots) {
    Map<String, String> decidedBy = new HashMap<>();
    for (PlanStep s : plan.steps()) {
      if (s.userId() != null && s.ruleId() != null) {
        decidedBy.putIfAbsent(s.userId(), s.ruleId());
      }
    }
    DirectorySnapshot next;
    if (choice.full()) {
      next = new DirectorySnapshot(fingerprint, token, clock.instant(), 0);
    } else {
      next = choice.snapshot();
      subset.forEach(next::remove);
      next.advance(token);
    }
    for (Planner.Candidate c : reads.candidates.values()) {
      next.put(snapshots.entry(c, decidedBy.get(c.user().id())));
    }
    return next;
  }

  /**
   * Every step with its rule and reason: at INFO under {@link SyncOptions#detailedLogging()}, else
   * at DEBUG.
   */
  private void logSteps(Plan plan) {
    boolean info = options.detailedLogging();
    if (!info && !log.isDebugEnabled()) {
      return;
    }
    for (PlanStep s : plan.steps()) {
      if (info) {
        log.info(
            "plan {}: {} {} (rule {}): {}",
            plan.id(),
            s.kind(),
            s.subject(),
            s.ruleId(),
            s.reason());
      } else {
        log.debug(
            "plan {}: {} {} (rule {}): {}",
            plan.id(),
            s.kind(),
            s.subject(),
            s.ruleId(),
            s.reason());
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
        throw new TemporaryFailureException(
            "the target's accounts could not all be read: " + cursor.incompleteReason());
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
    return rules.stream()
        .filter(Rule::active)
        .sorted(Comparator.comparingInt(Rule::priority).thenComparing(Rule::id))
        .toList();
  }

  // --- applying ---

  private SyncReport apply(Read read, Instant started) {
    Plan plan = read.plan;
    TargetInfo info = target.describe();
    Instant a0 = clock.instant();
    Applier.Applied applied =
        new Applier(
                target,
                store,
                Math.min(options.concurrency(), info.maxConcurrency()),
                info.maxBatchSize(),
                a0,
                progress,
                stopRequested)
            .apply(plan);
    List<StepOutcome> outcomes = applied.outcomes();
    Duration applyTime = Duration.between(a0, clock.instant());
    boolean errors =
        outcomes.stream()
            .anyMatch(
                o ->
                    o.result() == StepOutcome.Result.FAILED
                        || o.result() == StepOutcome.Result.PARTIAL);
    SyncReport.Status status;
    String reason;
    if (applied.stopReason() != null) {
      long attempted =
          outcomes.stream()
              .filter(
                  o ->
                      o.step().kind().callsTarget()
                          && o.result() != StepOutcome.Result.NOT_ATTEMPTED
                          && o.result() != StepOutcome.Result.WITHHELD)
              .count();
      long calling =
          outcomes.stream()
              .filter(
                  o -> o.step().kind().callsTarget() && o.result() != StepOutcome.Result.WITHHELD)
              .count();
      status = SyncReport.Status.FAILED;
      reason =
          "the apply stopped after "
              + attempted
              + " of "
              + calling
              + " target step(s): "
              + applied.stopReason();
    } else if (!plan.sourceComplete()) {
      status = SyncReport.Status.HELD;
      reason = holdReasonOf(plan);
    } else {
      status = errors ? SyncReport.Status.COMPLETED_WITH_ERRORS : SyncReport.Status.COMPLETED;
      reason = "";
    }
    if (status == SyncReport.Status.COMPLETED
        || status == SyncReport.Status.COMPLETED_WITH_ERRORS) {
      // Everything before the token is applied now; a user whose step failed is tried again next
      // run.
      saveSnapshot(read, outcomes);
      try {
        read.token.ifPresent(t -> store.saveToken(SOURCE_TOKEN, t));
      } catch (RuntimeException e) {
        log.error(
            "the change-feed token could not be saved; the next run reads everything again: {}",
            e.getMessage());
      }
    }
    SyncReport report =
        record(
            new SyncReport(
                plan.id(),
                status,
                reason,
                plan.sourceComplete(),
                outcomes,
                started,
                read.readTime,
                read.planTime,
                applyTime,
                plan.emailConflicts(),
                read.kind,
                read.kindReason));
    if (log.isInfoEnabled()) {
      log.info("{}", report.summary());
    }
    return report;
  }

  /**
   * Saves the run's snapshot (and so its token) with the users whose steps failed or were done in
   * part, and the users who share an email (their plan depends on each other), marked for retry; a
   * user no rule read any more keeps an entry while it is marked. When it cannot be saved, the next
   * run is a full one.
   */
  private void saveSnapshot(Read read, List<StepOutcome> outcomes) {
    DirectorySnapshot next = read.snapshot;
    if (next == null) {
      if (read.token.isPresent()) {
        // Every run is full (a full run every 0 runs), so none is made; one an earlier run left no
        // longer matches the ledger, and another engine on this store must not read from it.
        try {
          store.clearDirectorySnapshot();
        } catch (RuntimeException e) {
          log.error("the old directory snapshot could not be removed: {}", e.getMessage());
        }
      }
      return;
    }
    Set<String> sharing = new HashSet<>();
    read.plan.emailConflicts().forEach(c -> sharing.addAll(c.userIds()));
    for (StepOutcome o : outcomes) {
      String id = o.step().userId();
      boolean retry =
          o.result() == StepOutcome.Result.FAILED
              || o.result() == StepOutcome.Result.PARTIAL
              || sharing.contains(id);
      if (id == null || !retry) {
        continue;
      }
      DirectorySnapshot.User u =
          next.user(id)
              .orElseGet(
                  () ->
                      new DirectorySnapshot.User(
                          id,
                          o.step().subject(),
                          List.of(),
                          List.of(),
                          Set.of(),
                          o.step().ruleId(),
                          0L,
                          true));
      next.put(u.withRetry(true));
    }
    try {
      store.saveDirectorySnapshot(next);
    } catch (RuntimeException e) {
      log.error(
          "the directory snapshot could not be saved, so the next run reads everything: {}",
          e.getMessage());
      try {
        store.clearDirectorySnapshot();
      } catch (RuntimeException again) {
        log.error("the old directory snapshot could not be removed either: {}", again.getMessage());
      }
    }
  }

  private static String holdReasonOf(Plan plan) {
    if (!plan.sourceComplete()) {
      return "directory read incomplete, so nothing was deprovisioned: "
          + String.join("; ", plan.incompleteReasons());
    }
    return plan.thresholdReason();
  }

  private SyncReport failed(Instant started, String reason) {
    log.error("run failed: {}", reason);
    return record(
        new SyncReport(
            "none",
            SyncReport.Status.FAILED,
            reason,
            false,
            List.of(),
            started,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            List.of(),
            SyncReport.Kind.FULL,
            ""));
  }

  /**
   * Records {@code r} in the run history: per kind, {@code <kind>.planned} for every step and
   * {@code <kind>.<result>} for its outcome (a dry run is not recorded). Returns {@code r}, or,
   * when the store cannot record it, {@code r} with that said in its reason.
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
          counts.merge(
              kind + "." + result.name().toLowerCase(java.util.Locale.ROOT), n, Integer::sum);
        }
      }
    }
    try {
      store.recordRun(
          new RunRecord(
              r.planId(),
              r.status(),
              r.reason(),
              r.startedAt(),
              clock.instant(),
              counts,
              r.kindReason()));
      return r;
    } catch (RuntimeException e) {
      log.error("the run could not be recorded in the state store: {}", e.getMessage());
      String why =
          (r.reason().isEmpty() ? "" : r.reason() + "; ")
              + "the run could not be recorded in the state store: "
              + e.getMessage();
      return r.withReason(why);
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
    private java.util.function.BooleanSupplier stopRequested = () -> false;

    private Builder() {}

    public Builder source(DirectorySource v) {
      source = v;
      return this;
    }

    public Builder evaluator(RuleEvaluator v) {
      evaluator = v;
      return this;
    }

    public Builder target(ProvisioningTarget v) {
      target = v;
      return this;
    }

    public Builder stateStore(StateStore v) {
      store = v;
      return this;
    }

    public Builder options(SyncOptions v) {
      options = v;
      return this;
    }

    public Builder progressListener(ProgressListener v) {
      progress = v;
      return this;
    }

    /** The clock for timings and grace periods (tests move it forward). */
    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    /**
     * Asked before each step of the apply (from the engine's threads; keep it quick): once it
     * answers true, the steps in flight finish, the rest are {@link
     * StepOutcome.Result#NOT_ATTEMPTED}, and the run ends {@link SyncReport.Status#FAILED} saying
     * it was asked to stop. For a daemon stopping on SIGTERM. Default: never.
     */
    public Builder stopRequested(java.util.function.BooleanSupplier v) {
      stopRequested = v;
      return this;
    }

    /**
     * @throws ConfigurationException naming the first missing part
     */
    public SyncEngine build() {
      require(source, "a directory source");
      require(evaluator, "a rule evaluator");
      require(target, "a provisioning target");
      require(store, "a state store");
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(progress, "progressListener");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(stopRequested, "stopRequested");
      return new SyncEngine(this);
    }

    private static void require(Object o, String what) {
      if (o == null) {
        throw new ConfigurationException("the sync engine needs " + what);
      }
    }
  }
}
