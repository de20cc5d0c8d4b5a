package dev.umt.target;

import dev.umt.PageCursor;
import java.util.List;

/**
 * The service whose accounts UMT manages: GoToMyPC, or the test kit's in-memory target.
 * Implementations are thread-safe and pace themselves within the service's rate limit. Errors are
 * {@link dev.umt.UmtException} subclasses: {@link dev.umt.AccountRejectedException} for one account
 * the service refuses, {@link dev.umt.TemporaryFailureException} once retries are spent,
 * {@link dev.umt.AuthenticationException} when the credentials no longer work.
 */
public interface ProvisioningTarget extends AutoCloseable {

  /** Batch size, rate and concurrency. No I/O. */
  TargetInfo describe();

  /** Every account, {@code pageSize} at a time. */
  PageCursor<TargetAccount> accounts(int pageSize);

  /**
   * Creates accounts, at most {@link TargetInfo#maxBatchSize()} at once. Returns one result per
   * requested account, in order. An email that already has an account is answered with that
   * account's key as {@link CreateResult.Outcome#ALREADY_EXISTS}, not created twice (and not
   * changed: the engine then sets it to what it wanted).
   *
   * <p>Once any account of the call exists, no failure may escape: an account created without some
   * of its values (its group, its license) is {@link CreateResult.Outcome#PARTIAL} with what is
   * missing, so the knowledge that it exists is never lost. Throwing is for failures before any
   * account exists; the engine then treats the whole call by the exception's category.
   */
  List<CreateResult> create(List<NewAccount> accounts);

  /** Changes only the fields the patch sets, and returns the account as it is now. */
  TargetAccount update(String key, AccountPatch patch);

  /** Stops the account from signing in, keeping it. */
  void suspend(String key);

  /** Lets a suspended account sign in again. */
  void reactivate(String key);

  /** Removes the account. */
  void delete(String key);

  /** The groups accounts can be put in. */
  List<TargetGroup> groups();

  /** Releases connections. Does not throw. */
  @Override
  void close();
}
