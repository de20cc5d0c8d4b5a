package dev.umt.engine;

import dev.umt.PageCursor;
import dev.umt.target.AccountPatch;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.target.ProvisioningTarget;
import dev.umt.target.TargetAccount;
import dev.umt.target.TargetGroup;
import dev.umt.target.TargetInfo;
import java.util.List;

/** A target that passes every call on; tests override one method to watch or break it. */
class ForwardingTarget implements ProvisioningTarget {
  private final ProvisioningTarget delegate;

  ForwardingTarget(ProvisioningTarget delegate) {
    this.delegate = delegate;
  }

  @Override
  public TargetInfo describe() {
    return delegate.describe();
  }

  @Override
  public PageCursor<TargetAccount> accounts(int pageSize) {
    return delegate.accounts(pageSize);
  }

  @Override
  public List<CreateResult> create(List<NewAccount> accounts) {
    return delegate.create(accounts);
  }

  @Override
  public TargetAccount update(String key, AccountPatch patch) {
    return delegate.update(key, patch);
  }

  @Override
  public void suspend(String key) {
    delegate.suspend(key);
  }

  @Override
  public void reactivate(String key) {
    delegate.reactivate(key);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public List<TargetGroup> groups() {
    return delegate.groups();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
