package dev.umt.engine;

import dev.umt.state.HeldPlan;
import dev.umt.state.LedgerEntry;
import dev.umt.state.RunRecord;
import dev.umt.state.StateStore;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A store that passes every call on; tests override one method to inject a failure. */
class ForwardingStore implements StateStore {
  private final StateStore delegate;

  ForwardingStore(StateStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Map<String, LedgerEntry> ledger() {
    return delegate.ledger();
  }

  @Override
  public void writeLedger(Collection<LedgerEntry> put, Collection<String> remove) {
    delegate.writeLedger(put, remove);
  }

  @Override
  public Optional<String> token(String name) {
    return delegate.token(name);
  }

  @Override
  public void saveToken(String name, String token) {
    delegate.saveToken(name, token);
  }

  @Override
  public void recordRun(RunRecord run) {
    delegate.recordRun(run);
  }

  @Override
  public List<RunRecord> runs(int max) {
    return delegate.runs(max);
  }

  @Override
  public void holdPlan(HeldPlan plan) {
    delegate.holdPlan(plan);
  }

  @Override
  public Optional<HeldPlan> heldPlan(String planId) {
    return delegate.heldPlan(planId);
  }

  @Override
  public List<HeldPlan> heldPlans() {
    return delegate.heldPlans();
  }

  @Override
  public void releasePlan(String planId) {
    delegate.releasePlan(planId);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
