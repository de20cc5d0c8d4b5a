package dev.umt.internal;

import dev.umt.AccountRejectedException;
import dev.umt.AuthenticationException;
import dev.umt.ConfigurationException;
import dev.umt.Plan;
import dev.umt.PlanStep;
import dev.umt.ProgressListener;
import dev.umt.StepOutcome;
import dev.umt.StepOutcome.Result;
import dev.umt.TemporaryFailureException;
import dev.umt.state.LedgerEntry;
import dev.umt.state.StateStore;
import dev.umt.target.AccountPatch;
import dev.umt.target.AccountStatus;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.target.ProvisioningTarget;
import dev.umt.target.TargetAccount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a plan's steps against the target with a bounded number of calls in flight, creates in
 * batches, and writes the ledger as the plan says for every step that succeeded. It takes no
 * decision of its own: withheld steps are {@link Result#WITHHELD}, and the ledger entries come from
 * {@link Plan#ledgerWrites()} (with the field values the target answers).
 *
 * <p>Failures by category: {@link AccountRejectedException} (and any other failure of one call)
 * fails that step alone. {@link AuthenticationException}, {@link ConfigurationException} and {@link
 * TemporaryFailureException} (the target's own retries are spent) stop the apply, as does a ledger
 * write that fails: calls in flight finish, the steps not started are {@link Result#NOT_ATTEMPTED},
 * and {@link Applied#stopReason()} names the cause. When {@link #apply} returns, no call it started
 * is still running.
 *
 * <p>Ledger writes are made from the calling thread only, in groups, so a crash loses at most the
 * last group: the next run adopts those accounts by email. Not part of the API.
 */
public final class Applier {
  private static final Logger log = LoggerFactory.getLogger(Applier.class);
  private static final int LEDGER_FLUSH = 256;

  /** The stop reason when the caller asked the apply to stop. */
  public static final String STOP_REQUESTED =
      "the run was asked to stop (the scheduler is shutting down); the steps not started are left"
          + " for the next run";

  /**
   * What applying did: one outcome per step, in plan order, and why the apply stopped early (null
   * when it did not).
   */
  public record Applied(List<StepOutcome> outcomes, String stopReason) {}

  /** One unit of work: some steps, their outcomes, and the ledger writes that follow from them. */
  private record Done(List<StepOutcome> outcomes, List<LedgerEntry> put, List<String> remove) {
    static Done of(List<StepOutcome> outcomes) {
      return new Done(outcomes, List.of(), List.of());
    }
  }

  private final ProvisioningTarget target;
  private final StateStore store;
  private final int concurrency;
  private final int batchSize;
  private final Instant now;
  private final ProgressListener progress;
  private final java.util.function.BooleanSupplier stopRequested;
  private final AtomicReference<String> stop = new AtomicReference<>();
  private Plan plan;

  /** An applier that is never asked to stop. */
  public Applier(
      ProvisioningTarget target,
      StateStore store,
      int concurrency,
      int batchSize,
      Instant now,
      ProgressListener progress) {
    this(target, store, concurrency, batchSize, now, progress, () -> false);
  }

  /**
   * With {@code stopRequested} asked before each step: once true, the steps not started are {@link
   * Result#NOT_ATTEMPTED}.
   */
  public Applier(
      ProvisioningTarget target,
      StateStore store,
      int concurrency,
      int batchSize,
      Instant now,
      ProgressListener progress,
      java.util.function.BooleanSupplier stopRequested) {
    this.stopRequested = stopRequested;
    this.target = target;
    this.store = store;
    this.concurrency = concurrency;
    this.batchSize = batchSize;
    this.now = now;
    this.progress = progress;
  }

  /** Applies {@code plan}; call once per applier. */
  public Applied apply(Plan plan) {
    this.plan = plan;
    List<PlanStep> steps = plan.steps();
    // Outcomes by the step's place in the plan: a step that calls nothing gets its outcome here, in
    // one pass.
    StepOutcome[] outcomes = new StepOutcome[steps.size()];
    int settled = 0;
    List<LedgerEntry> put = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    List<Callable<Done>> work = new ArrayList<>();
    List<int[]> places = new ArrayList<>();
    List<PlanStep.Create> creates = new ArrayList<>();
    int[] createPlaces = new int[Math.max(1, batchSize)];
    Map<PlanStep, String> withheldSteps = plan.withheld();
    for (int i = 0; i < outcomes.length; i++) {
      PlanStep s = steps.get(i);
      // An empty map is not asked: asking hashes the step record.
      String withheld = withheldSteps.isEmpty() ? null : withheldSteps.get(s);
      if (withheld != null) {
        outcomes[i] = new StepOutcome(s, Result.WITHHELD, withheld);
        settled++;
      } else if (s instanceof PlanStep.Create c) {
        createPlaces[creates.size()] = i;
        creates.add(c);
        if (creates.size() == batchSize) {
          work.add(unlessStopped(List.copyOf(creates)));
          places.add(java.util.Arrays.copyOf(createPlaces, creates.size()));
          creates.clear();
        }
      } else if (s.kind().callsTarget()) {
        work.add(unlessStopped(List.of(s)));
        places.add(new int[] {i});
      } else {
        outcomes[i] = new StepOutcome(s, Result.DONE, "");
        settled++;
        record(s, null, put, remove);
      }
    }
    if (!creates.isEmpty()) {
      work.add(unlessStopped(List.copyOf(creates)));
      places.add(java.util.Arrays.copyOf(createPlaces, creates.size()));
    }
    long total = steps.size();
    AtomicInteger finished = new AtomicInteger(settled);
    // Which work a finished Done belongs to: the task's own index.
    Map<Future<Done>, Integer> workIndex = new IdentityHashMap<>(work.size() * 2);
    progress.onProgress(ProgressListener.Phase.APPLY, finished.get(), total);
    boolean ledgerBroken = false;
    boolean interrupted = false;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(concurrency, work.size())), daemonThreads());
    try {
      ExecutorCompletionService<Done> ecs = new ExecutorCompletionService<>(pool);
      for (int w = 0; w < work.size(); w++) {
        workIndex.put(ecs.submit(work.get(w)), w);
      }
      for (int i = 0; i < work.size(); i++) {
        Done d;
        int[] at;
        try {
          Future<Done> f = ecs.take();
          at = places.get(workIndex.get(f));
          d = f.get();
        } catch (InterruptedException e) {
          interrupted = true;
          stopWith("the run was interrupted");
          i--;
          continue;
        } catch (ExecutionException e) {
          throw new IllegalStateException(
              "a step of plan " + plan.id() + " threw past its own handling", e.getCause());
        }
        for (int j = 0; j < at.length; j++) {
          outcomes[at[j]] = d.outcomes().get(j);
        }
        put.addAll(d.put());
        remove.addAll(d.remove());
        if (!ledgerBroken && put.size() + remove.size() >= LEDGER_FLUSH) {
          ledgerBroken = !flush(put, remove);
        }
        progress.onProgress(
            ProgressListener.Phase.APPLY, finished.addAndGet(d.outcomes().size()), total);
      }
      if (!ledgerBroken) {
        flush(put, remove);
      }
    } finally {
      // Every task has been taken, so none is running; shut down and wait, never interrupt a call.
      pool.shutdown();
      while (!pool.isTerminated()) {
        try {
          pool.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    for (StepOutcome o : outcomes) {
      Objects.requireNonNull(o, "no outcome for a step");
    }
    return new Applied(java.util.Arrays.asList(outcomes), stop.get());
  }

  /** Writes the ledger; on failure stops the apply and returns false. */
  private boolean flush(List<LedgerEntry> put, List<String> remove) {
    if (put.isEmpty() && remove.isEmpty()) {
      return true;
    }
    try {
      store.writeLedger(put, remove);
      put.clear();
      remove.clear();
      return true;
    } catch (RuntimeException e) {
      log.error("the ledger could not be written; stopping the apply", e);
      stopWith(
          "the ledger could not be written ("
              + e.getMessage()
              + "); "
              + (put.size() + remove.size())
              + " change(s) applied since the last ledger write are not recorded, and the next run"
              + " adopts their accounts by email");
      return false;
    }
  }

  private void stopWith(String reason) {
    if (stop.compareAndSet(null, reason)) {
      log.error("apply of plan {} stopped: {}", plan.id(), reason);
    }
  }

  /** Whether {@code e} means no further call can succeed in this run. */
  private static boolean stopsTheApply(RuntimeException e) {
    return e instanceof AuthenticationException
        || e instanceof ConfigurationException
        || e instanceof TemporaryFailureException;
  }

  /**
   * The outcome of a step whose call threw {@code e}; stops the apply when the category says so.
   */
  private StepOutcome failed(PlanStep s, RuntimeException e, String note) {
    if (stopsTheApply(e)) {
      stopWith(
          s.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
              + " of "
              + s.subject()
              + " failed: "
              + e.getMessage());
    }
    log.warn("{} of {} failed: {}", s.kind(), s.subject(), e.getMessage());
    return new StepOutcome(s, Result.FAILED, e.getMessage() + note);
  }

  /** Work for {@code steps} that does nothing once the apply has stopped. */
  private Callable<Done> unlessStopped(List<? extends PlanStep> steps) {
    Supplier<Done> body =
        steps.get(0) instanceof PlanStep.Create
            ? () -> createBatch(steps.stream().map(PlanStep.Create.class::cast).toList())
            : () -> one(steps.get(0));
    return () -> {
      if (stop.get() == null && stopRequested.getAsBoolean()) {
        stopWith(STOP_REQUESTED);
      }
      if (stop.get() != null) {
        return Done.of(
            steps.stream()
                .map(
                    s ->
                        new StepOutcome(
                            s, Result.NOT_ATTEMPTED, "the apply stopped: " + stop.get()))
                .toList());
      }
      try {
        return body.get();
      } catch (RuntimeException e) {
        log.error("unexpected failure applying {} step(s)", steps.size(), e);
        return Done.of(
            steps.stream()
                .map(s -> new StepOutcome(s, Result.FAILED, "unexpected: " + e))
                .toList());
      }
    };
  }

  private Done createBatch(List<PlanStep.Create> batch) {
    List<StepOutcome> outcomes = new ArrayList<>(batch.size());
    List<LedgerEntry> put = new ArrayList<>(batch.size());
    List<CreateResult> results;
    try {
      results = target.create(batch.stream().map(PlanStep.Create::account).toList());
    } catch (RuntimeException e) {
      if (batch.size() == 1 || stopsTheApply(e)) {
        String note =
            batch.size() == 1 && !stopsTheApply(e)
                ? ""
                : "; whether the target created the account is not known: the next run adopts it if"
                    + " it did";
        batch.forEach(c -> outcomes.add(failed(c, e, note)));
        return new Done(outcomes, put, List.of());
      }
      // One bad account must not fail its batch-mates: try each on its own.
      log.warn(
          "create batch of {} failed ({}); creating its accounts one at a time",
          batch.size(),
          e.getMessage());
      for (PlanStep.Create c : batch) {
        Done d =
            stop.get() != null
                ? Done.of(
                    List.of(
                        new StepOutcome(
                            c, Result.NOT_ATTEMPTED, "the apply stopped: " + stop.get())))
                : createBatch(List.of(c));
        outcomes.addAll(d.outcomes());
        put.addAll(d.put());
      }
      return new Done(outcomes, put, List.of());
    }
    if (results.size() != batch.size()) {
      String msg =
          "the target answered " + results.size() + " results for a batch of " + batch.size();
      batch.forEach(c -> outcomes.add(new StepOutcome(c, Result.FAILED, msg)));
      return new Done(outcomes, put, List.of());
    }
    for (int i = 0; i < batch.size(); i++) {
      PlanStep.Create c = batch.get(i);
      CreateResult r = results.get(i);
      NewAccount n = c.account();
      switch (r.outcome()) {
        case CREATED -> {
          put.add(
              new LedgerEntry(
                  c.userId(),
                  r.key(),
                  n.email(),
                  n.firstName(),
                  n.lastName(),
                  n.groupKey(),
                  n.licensed(),
                  AccountStatus.ACTIVE,
                  c.ruleId(),
                  now,
                  null));
          outcomes.add(new StepOutcome(c, Result.DONE, ""));
        }
        case PARTIAL -> {
          AccountPatch missing = r.missing();
          // Record what the account really has, so the next run's plan sets what is missing.
          put.add(
              new LedgerEntry(
                  c.userId(),
                  r.key(),
                  n.email(),
                  n.firstName(),
                  n.lastName(),
                  missing.groupKey() != null ? null : n.groupKey(),
                  missing.licensed() != null ? !missing.licensed() : n.licensed(),
                  AccountStatus.ACTIVE,
                  c.ruleId(),
                  now,
                  null));
          outcomes.add(
              new StepOutcome(
                  c,
                  Result.PARTIAL,
                  "account "
                      + r.key()
                      + " created without "
                      + missing.fields()
                      + ": "
                      + r.message()));
        }
        case ALREADY_EXISTS -> {
          StepOutcome o = adoptExisting(c, r.key(), put);
          outcomes.add(o);
        }
        case REJECTED -> outcomes.add(new StepOutcome(c, Result.FAILED, r.message()));
      }
    }
    return new Done(outcomes, put, List.of());
  }

  /**
   * A create answered "already exists": the account is made what the step wanted (names, group,
   * license) before the step counts as done; if that fails the step fails and the ledger is not
   * written, so the next run plans an adoption by email.
   */
  private StepOutcome adoptExisting(PlanStep.Create c, String key, List<LedgerEntry> put) {
    NewAccount n = c.account();
    try {
      TargetAccount acc =
          target.update(
              key,
              new AccountPatch(
                  null,
                  n.firstName(),
                  n.lastName(),
                  n.groupKey(),
                  n.licensed() ? Boolean.TRUE : null));
      put.add(
          new LedgerEntry(
              c.userId(),
              acc.key(),
              acc.email(),
              acc.firstName(),
              acc.lastName(),
              acc.groupKey(),
              acc.licensed(),
              acc.status(),
              c.ruleId(),
              now,
              null));
      return new StepOutcome(
          c,
          Result.DONE,
          "account " + key + " already existed; adopted and set to the wanted values");
    } catch (RuntimeException e) {
      return failed(
          c,
          e,
          "; account "
              + key
              + " already existed and could not be set to the wanted values, so it is not adopted"
              + " yet");
    }
  }

  private Done one(PlanStep s) {
    TargetAccount answer = null;
    try {
      if (s instanceof PlanStep.Adopt a) {
        answer = a.changes().isEmpty() ? null : target.update(a.account().key(), a.changes());
      } else if (s instanceof PlanStep.Update u) {
        answer = target.update(u.accountKey(), u.changes());
      } else if (s instanceof PlanStep.Reactivate r) {
        target.reactivate(r.accountKey());
        if (!r.changes().isEmpty()) {
          try {
            answer = target.update(r.accountKey(), r.changes());
          } catch (RuntimeException e) {
            // Active again, fields unchanged: the ledger keeps its entry, so the next run plans the
            // changes as an update.
            StepOutcome o = failed(s, e, "");
            return Done.of(
                List.of(
                    new StepOutcome(
                        s,
                        Result.PARTIAL,
                        "reactivated, but "
                            + r.changes().fields()
                            + " not changed: "
                            + o.message())));
          }
        }
      } else if (s instanceof PlanStep.Suspend) {
        target.suspend(s.accountKey());
      } else if (s instanceof PlanStep.RevokeLicense) {
        answer = target.update(s.accountKey(), AccountPatch.license(false));
      } else if (s instanceof PlanStep.Delete) {
        target.delete(s.accountKey());
      } else {
        throw new IllegalStateException("not a target step: " + s.kind());
      }
    } catch (RuntimeException e) {
      return Done.of(List.of(failed(s, e, "")));
    }
    List<LedgerEntry> put = new ArrayList<>(1);
    List<String> remove = new ArrayList<>(1);
    record(s, answer, put, remove);
    return new Done(List.of(new StepOutcome(s, Result.DONE, "")), put, remove);
  }

  /**
   * Adds the plan's ledger write for {@code s}, with the field values of the target's {@code
   * answer} when there is one.
   */
  private void record(
      PlanStep s, TargetAccount answer, List<LedgerEntry> put, List<String> remove) {
    Plan.LedgerWrite w = plan.ledgerWrites().get(s);
    if (w == null) {
      return;
    }
    if (w.remove() != null) {
      remove.add(w.remove());
      return;
    }
    LedgerEntry e = w.put();
    if (answer != null) {
      e =
          new LedgerEntry(
              e.userId(),
              answer.key(),
              answer.email(),
              answer.firstName(),
              answer.lastName(),
              answer.groupKey(),
              answer.licensed(),
              answer.status(),
              e.ruleId(),
              e.managedSince(),
              e.pending());
    }
    put.add(e);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "umt-apply-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
