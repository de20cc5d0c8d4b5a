package dev.umt.state;

import dev.umt.internal.Checks;
import dev.umt.rule.DeprovisionAction;
import dev.umt.target.AccountStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One target account UMT created or adopted, with the values it last applied. Only accounts in the
 * ledger are ever suspended or deleted, unless {@code SyncOptions.manageUnledgeredAccounts} says
 * otherwise.
 *
 * @param userId the directory user's permanent id
 * @param accountKey the target account's key
 * @param email the email last applied
 * @param firstName the first name last applied, or null
 * @param lastName the last name last applied, or null
 * @param groupKey the group key last applied, or null
 * @param licensed the license state last applied
 * @param status the status last applied
 * @param ruleId the rule that last decided the account, or null
 * @param managedSince when UMT created or adopted the account
 * @param pending a deprovisioning action waiting out its grace period, or null
 */
public record LedgerEntry(
    String userId,
    String accountKey,
    String email,
    @Nullable String firstName,
    @Nullable String lastName,
    @Nullable String groupKey,
    boolean licensed,
    AccountStatus status,
    @Nullable String ruleId,
    Instant managedSince,
    @Nullable Pending pending) {

  public LedgerEntry {
    Checks.notBlank(userId, "ledger user id");
    Checks.notBlank(accountKey, "ledger account key of user " + userId);
    Checks.notBlank(email, "ledger email of user " + userId);
    Objects.requireNonNull(status, "ledger status of user " + userId);
    Objects.requireNonNull(managedSince, "ledger managedSince of user " + userId);
  }

  /** This entry with another pending action (or none). */
  public LedgerEntry withPending(Pending p) {
    return new LedgerEntry(
        userId,
        accountKey,
        email,
        firstName,
        lastName,
        groupKey,
        licensed,
        status,
        ruleId,
        managedSince,
        p);
  }

  /** This entry with another status. */
  public LedgerEntry withStatus(AccountStatus s) {
    return new LedgerEntry(
        userId,
        accountKey,
        email,
        firstName,
        lastName,
        groupKey,
        licensed,
        s,
        ruleId,
        managedSince,
        pending);
  }

  /**
   * A deprovisioning action waiting out a grace period.
   *
   * @param action the action waiting (never {@link DeprovisionAction#NOTHING}); stores keep it as
   *     its name, such as {@code SUSPEND}
   * @param since when the condition was first seen
   * @param runs how many runs have seen it
   */
  public record Pending(DeprovisionAction action, Instant since, int runs) {
    public Pending {
      Objects.requireNonNull(action, "pending action");
      if (action == DeprovisionAction.NOTHING) {
        throw new IllegalArgumentException("a pending action cannot be NOTHING");
      }
      Objects.requireNonNull(since, "pending since");
      if (runs < 1) {
        throw new IllegalArgumentException("pending runs must be at least 1, not " + runs);
      }
    }
  }
}
