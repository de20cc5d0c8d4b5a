package dev.umt.target;

import dev.umt.PageCursor;
import java.util.List;

/**
 * The service whose accounts UMT manages: GoToMyPC, or the test kit's in-memory target.
 *
 * <p><b>Threads.</b> Implementations are thread-safe: the engine applies steps from up to {@link
 * TargetInfo#maxConcurrency()} threads at once, and pacing within the service's rate limit is the
 * target's job.
 *
 * <p><b>Errors.</b> Every method but {@link #describe()} and {@link #close()} does network I/O and
 * throws only {@link dev.umt.UmtException} subclasses, which the engine treats by category:
 *
 * <ul>
 *   <li>{@link dev.umt.AccountRejectedException}: the service refuses this one account (invalid
 *       value, conflict, unknown key). The engine fails that step alone and goes on with the
 *       others.
 *   <li>{@link dev.umt.TemporaryFailureException}: the service could not be reached or kept failing
 *       once the target's own retries are spent; {@link dev.umt.AuthenticationException}: the
 *       credentials no longer work; {@link dev.umt.ConfigurationException}: the target is set up
 *       wrong. The engine stops the apply: calls in flight finish, no new call starts, and the run
 *       ends {@code FAILED}. During the read ({@link #accounts}, {@link #groups}) any of them ends
 *       the run {@code FAILED} before anything is applied.
 * </ul>
 *
 * <p><b>Unknown keys.</b> {@link #update}, {@link #suspend}, {@link #reactivate} and {@link
 * #delete} of a key the service does not know (never existed, or deleted meanwhile) all throw the
 * same {@link dev.umt.AccountRejectedException} subclass with a message that names the key. The
 * test kit's {@code ProvisioningTargetContract} checks this and the idempotence each method states.
 */
public interface ProvisioningTarget extends AutoCloseable {

  /** Batch size, rate and concurrency. No I/O, idempotent, does not throw. */
  TargetInfo describe();

  /**
   * Every account, {@code pageSize} at a time. The cursor does I/O as it is read; it ends
   * {@linkplain PageCursor#isComplete() incomplete} rather than throw when a later page fails, and
   * the engine then stops the run before applying anything (creating without the full list could
   * duplicate accounts). Read-only, so repeatable.
   *
   * @param pageSize the most accounts per page, at least 1
   */
  PageCursor<TargetAccount> accounts(int pageSize);

  /**
   * Creates accounts, at most {@link TargetInfo#maxBatchSize()} at once. Returns one result per
   * requested account, in order. An email that already has an account is answered with that
   * account's key as {@link CreateResult.Outcome#ALREADY_EXISTS}, not created twice (and not
   * changed: the engine then sets it to what it wanted); so repeating a call is safe, and a call
   * that failed part-way may be repeated.
   *
   * <p>Once any account of the call exists, no failure may escape: an account created without some
   * of its values (its group, its license) is {@link CreateResult.Outcome#PARTIAL} with what is
   * missing, so the knowledge that it exists is never lost. A single account the service refuses is
   * {@link CreateResult.Outcome#REJECTED} with the reason. Throwing is for failures before any
   * account exists; the engine then treats the whole call by the exception's category.
   *
   * @param accounts the accounts to create, at most {@link TargetInfo#maxBatchSize()}
   * @return one result per account, in the order asked
   */
  List<CreateResult> create(List<NewAccount> accounts);

  /**
   * Changes only the fields the patch sets, and returns the account as it is now. Idempotent: the
   * same patch twice leaves the account as once.
   *
   * @throws dev.umt.AccountRejectedException for an unknown key, naming it, or a value the service
   *     refuses (such as an email another account has)
   */
  TargetAccount update(String key, AccountPatch patch);

  /**
   * Stops the account from signing in, keeping it. Idempotent: suspending a suspended account
   * succeeds and changes nothing.
   *
   * @throws dev.umt.AccountRejectedException for an unknown key, naming it
   */
  void suspend(String key);

  /**
   * Lets a suspended account sign in again. Idempotent: reactivating an active account succeeds and
   * changes nothing.
   *
   * @throws dev.umt.AccountRejectedException for an unknown key, naming it
   */
  void reactivate(String key);

  /**
   * Removes the account. Not idempotent: deleting it again is an unknown key.
   *
   * @throws dev.umt.AccountRejectedException for an unknown key (including one deleted before),
   *     naming it
   */
  void delete(String key);

  /** The groups accounts can be put in. Read-only, so repeatable. */
  List<TargetGroup> groups();

  /**
   * Releases connections. Idempotent; does not throw. The engine never closes a target it was
   * given.
   */
  @Override
  void close();
}
