package dev.umt.internal;

import dev.umt.Plan;
import dev.umt.PlanStep;
import dev.umt.ProgressListener;
import dev.umt.StepOutcome;
import dev.umt.StepOutcome.Result;
import dev.umt.state.LedgerEntry;
import dev.umt.state.StateStore;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a plan to the target with a bounded number of calls in flight, creates in batches, and
 * records every success in the ledger. Ledger writes are made from the calling thread only, in
 * groups, so a crash loses at most the last group: the next run adopts those accounts by email.
 * Not part of the API.
 */
public final class Applier {
  private static final Logger log = LoggerFactory.getLogger(Applier.class);
  private static final int LEDGER_FLUSH = 256;

  /** One unit of work: some steps, their outcomes, and the ledger writes that follow from them. */
  private record Done(List<StepOutcome> outcomes, List<LedgerEntry> put, List<String> remove) {}

  private final ProvisioningTarget target;
  private final StateStore store;
  private final Map<String, LedgerEntry> ledger;
  private final int concurrency;
  private final int batchSize;
  private final Instant now;
  private final ProgressListener progress;

  public Applier(ProvisioningTarget target, StateStore store, Map<String, LedgerEntry> ledger, int concurrency, int batchSize,
      Instant now, ProgressListener progress) {
    this.target = target;
    this.store = store;
    this.ledger = ledger;
    this.concurrency = concurrency;
    this.batchSize = batchSize;
    this.now = now;
    this.progress = progress;
  }

  /**
   * Applies {@code plan}. When {@code withholdReason} is not null, deprovisioning steps are not
   * applied but HELD with that reason. Returns one outcome per step, in plan order.
   */
  public List<StepOutcome> apply(Plan plan, String withholdReason) {
    List<PlanStep> steps = plan.steps();
    Map<PlanStep, StepOutcome> outcomes = new IdentityHashMap<>(steps.size() * 2);
    List<LedgerEntry> put = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    List<java.util.concurrent.Callable<Done>> work = new ArrayList<>();
    List<PlanStep.Create> creates = new ArrayList<>();
    for (PlanStep s : steps) {
      if (withholdReason != null && s.kind().deprovisions()) {
        outcomes.put(s, new StepOutcome(s, Result.HELD, withholdReason));
      } else if (s instanceof PlanStep.Create c) {
        creates.add(c);
        if (creates.size() == batchSize) {
          List<PlanStep.Create> batch = List.copyOf(creates);
          work.add(() -> createBatch(batch));
          creates.clear();
        }
      } else if (s.kind().callsTarget()) {
        work.add(() -> one(s));
      } else {
        Done d = local(s);
        d.outcomes().forEach(o -> outcomes.put(o.step(), o));
        put.addAll(d.put());
        remove.addAll(d.remove());
      }
    }
    if (!creates.isEmpty()) {
      List<PlanStep.Create> batch = List.copyOf(creates);
      work.add(() -> createBatch(batch));
    }
    long total = steps.size();
    AtomicInteger finished = new AtomicInteger(outcomes.size());
    progress.onProgress(ProgressListener.Phase.APPLY, finished.get(), total);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, work.size())), daemonThreads());
    try {
      ExecutorCompletionService<Done> ecs = new ExecutorCompletionService<>(pool);
      work.forEach(ecs::submit);
      for (int i = 0; i < work.size(); i++) {
        Done d;
        try {
          d = ecs.take().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while applying plan " + plan.id(), e);
        } catch (ExecutionException e) {
          throw new IllegalStateException("a step of plan " + plan.id() + " threw unexpectedly", e.getCause());
        }
        d.outcomes().forEach(o -> outcomes.put(o.step(), o));
        put.addAll(d.put());
        remove.addAll(d.remove());
        if (put.size() + remove.size() >= LEDGER_FLUSH) {
          flush(put, remove);
        }
        progress.onProgress(ProgressListener.Phase.APPLY, finished.addAndGet(d.outcomes().size()), total);
      }
      flush(put, remove);
    } finally {
      pool.shutdownNow();
    }
    List<StepOutcome> ordered = new ArrayList<>(steps.size());
    steps.forEach(s -> ordered.add(Objects.requireNonNull(outcomes.get(s), "no outcome for a step")));
    return ordered;
  }

  private void flush(List<LedgerEntry> put, List<String> remove) {
    store.writeLedger(put, remove);
    put.clear();
    remove.clear();
  }

  private Done createBatch(List<PlanStep.Create> batch) {
    List<StepOutcome> outcomes = new ArrayList<>(batch.size());
    List<LedgerEntry> put = new ArrayList<>(batch.size());
    List<CreateResult> results;
    try {
      results = target.create(batch.stream().map(PlanStep.Create::account).toList());
    } catch (RuntimeException e) {
      if (batch.size() == 1) {
        log.warn("create of {} failed: {}", batch.get(0).subject(), e.getMessage());
        return new Done(List.of(new StepOutcome(batch.get(0), Result.FAILED, e.getMessage())), put, List.of());
      }
      // One bad account must not fail its batch-mates: try each on its own.
      log.warn("create batch of {} failed ({}); creating its accounts one at a time", batch.size(), e.getMessage());
      for (PlanStep.Create c : batch) {
        Done d = createBatch(List.of(c));
        outcomes.addAll(d.outcomes());
        put.addAll(d.put());
      }
      return new Done(outcomes, put, List.of());
    }
    if (results.size() != batch.size()) {
      String msg = "the target answered " + results.size() + " results for a batch of " + batch.size();
      batch.forEach(c -> outcomes.add(new StepOutcome(c, Result.FAILED, msg)));
      return new Done(outcomes, put, List.of());
    }
    for (int i = 0; i < batch.size(); i++) {
      PlanStep.Create c = batch.get(i);
      CreateResult r = results.get(i);
      NewAccount n = c.account();
      switch (r.outcome()) {
        case CREATED, ALREADY_EXISTS -> {
          put.add(new LedgerEntry(c.userId(), r.key(), n.email(), n.firstName(), n.lastName(), n.groupKey(), n.licensed(),
              AccountStatus.ACTIVE, c.ruleId(), now, null));
          outcomes.add(new StepOutcome(c, Result.DONE, r.outcome() == CreateResult.Outcome.ALREADY_EXISTS ? "account already existed; adopted" : ""));
        }
        case REJECTED -> outcomes.add(new StepOutcome(c, Result.FAILED, r.message()));
      }
    }
    return new Done(outcomes, put, List.of());
  }

  private Done one(PlanStep s) {
    try {
      LedgerEntry entry = s.userId() == null ? null : ledger.get(s.userId());
      List<LedgerEntry> put = new ArrayList<>(1);
      List<String> remove = new ArrayList<>(1);
      if (s instanceof PlanStep.Adopt a) {
        TargetAccount acc = a.changes().isEmpty() ? a.account() : target.update(a.account().key(), a.changes());
        put.add(entryFor(s, acc, null));
      } else if (s instanceof PlanStep.Update u) {
        put.add(entryFor(s, target.update(u.accountKey(), u.changes()), entry));
      } else if (s instanceof PlanStep.Reactivate r) {
        target.reactivate(r.accountKey());
        if (!r.changes().isEmpty()) {
          put.add(entryFor(s, target.update(r.accountKey(), r.changes()), entry));
        } else if (entry != null) {
          put.add(withRule(entry, s.ruleId()).withStatus(AccountStatus.ACTIVE).withPending(null));
        }
      } else if (s instanceof PlanStep.Suspend) {
        target.suspend(s.accountKey());
        if (entry != null) {
          put.add(entry.withStatus(AccountStatus.SUSPENDED).withPending(null));
        }
      } else if (s instanceof PlanStep.RevokeLicense) {
        TargetAccount acc = target.update(s.accountKey(), dev.umt.target.AccountPatch.license(false));
        if (entry != null) {
          put.add(entryFor(s, acc, entry).withPending(null));
        }
      } else if (s instanceof PlanStep.Delete) {
        target.delete(s.accountKey());
        if (entry != null) {
          remove.add(entry.userId());
        }
      } else {
        throw new IllegalStateException("not a target step: " + s.kind());
      }
      return new Done(List.of(new StepOutcome(s, Result.DONE, "")), put, remove);
    } catch (RuntimeException e) {
      log.warn("{} of {} failed: {}", s.kind(), s.subject(), e.getMessage());
      return new Done(List.of(new StepOutcome(s, Result.FAILED, e.getMessage())), List.of(), List.of());
    }
  }

  /** Steps that only touch the ledger. */
  private Done local(PlanStep s) {
    LedgerEntry entry = s.userId() == null ? null : ledger.get(s.userId());
    List<LedgerEntry> put = new ArrayList<>(1);
    List<String> remove = new ArrayList<>(1);
    if (s instanceof PlanStep.Wait w && entry != null) {
      put.add(entry.withPending(new LedgerEntry.Pending(w.action().name(), w.since(), w.runsSeen())));
    } else if (s instanceof PlanStep.Forget && entry != null) {
      remove.add(entry.userId());
    } else if (s instanceof PlanStep.NoChange && entry != null && s.ruleId() != null
        && (entry.pending() != null || !s.ruleId().equals(entry.ruleId()))) {
      // The user is back to normal, or another rule decides it now: clear the wait, note the rule.
      put.add(withRule(entry, s.ruleId()).withPending(null));
    }
    return new Done(List.of(new StepOutcome(s, Result.DONE, "")), put, remove);
  }

  private LedgerEntry entryFor(PlanStep s, TargetAccount acc, LedgerEntry previous) {
    return new LedgerEntry(s.userId(), acc.key(), acc.email(), acc.firstName(), acc.lastName(), acc.groupKey(), acc.licensed(),
        acc.status(), s.ruleId() != null ? s.ruleId() : previous == null ? null : previous.ruleId(),
        previous == null ? now : previous.managedSince(), null);
  }

  private static LedgerEntry withRule(LedgerEntry e, String ruleId) {
    return new LedgerEntry(e.userId(), e.accountKey(), e.email(), e.firstName(), e.lastName(), e.groupKey(), e.licensed(), e.status(),
        ruleId, e.managedSince(), e.pending());
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
