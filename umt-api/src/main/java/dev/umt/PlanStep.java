package dev.umt;

import dev.umt.rule.DeprovisionAction;
import dev.umt.target.AccountPatch;
import dev.umt.target.NewAccount;
import dev.umt.target.TargetAccount;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One user's step in a {@link Plan}: what the engine will do to the user's account, the rule that
 * decided it and why. {@link #userId()} is null only for an account no directory user owns, or for
 * a directory entry the source could not read as a user (a {@link Skip} naming it).
 */
public sealed interface PlanStep {

  /** The kinds of step. */
  enum Kind {
    CREATE,
    ADOPT,
    UPDATE,
    REACTIVATE,
    SUSPEND,
    REVOKE_LICENSE,
    DELETE,
    WAIT,
    FORGET,
    NO_CHANGE,
    SKIP;

    /**
     * Whether this kind takes something away: suspend, revoke the license, delete. Thresholds count
     * these.
     */
    public boolean deprovisions() {
      return this == SUSPEND || this == REVOKE_LICENSE || this == DELETE;
    }

    /** Whether this kind calls the target. */
    public boolean callsTarget() {
      return this != WAIT && this != FORGET && this != NO_CHANGE && this != SKIP;
    }
  }

  Kind kind();

  /** The directory user's permanent id, or null for an account no user owns. */
  @Nullable String userId();

  /** Who this is, for people: the user's DN, or the account's email. */
  String subject();

  /** The deciding rule's id, or null when no rule decided. */
  @Nullable String ruleId();

  /** Why, in words for a report. */
  String reason();

  /** The target account's key, or null when there is none yet. */
  @Nullable String accountKey();

  /** Create a new account. */
  record Create(
      @Nullable String userId,
      String subject,
      @Nullable String ruleId,
      String reason,
      NewAccount account)
      implements PlanStep {
    public Create {
      Objects.requireNonNull(account, "account");
    }

    public Kind kind() {
      return Kind.CREATE;
    }

    public @Nullable String accountKey() {
      return null;
    }
  }

  /** Take over an existing account with the same email, changing the given fields. */
  record Adopt(
      @Nullable String userId,
      String subject,
      @Nullable String ruleId,
      String reason,
      TargetAccount account,
      AccountPatch changes)
      implements PlanStep {
    public Kind kind() {
      return Kind.ADOPT;
    }

    public String accountKey() {
      return account.key();
    }
  }

  /** Change only the given fields. */
  record Update(
      @Nullable String userId,
      String subject,
      @Nullable String ruleId,
      String reason,
      String accountKey,
      AccountPatch changes)
      implements PlanStep {
    public Kind kind() {
      return Kind.UPDATE;
    }
  }

  /** Let a suspended account sign in again, then change the given fields. */
  record Reactivate(
      @Nullable String userId,
      String subject,
      @Nullable String ruleId,
      String reason,
      String accountKey,
      AccountPatch changes)
      implements PlanStep {
    public Kind kind() {
      return Kind.REACTIVATE;
    }
  }

  /** Stop the account from signing in. */
  record Suspend(
      @Nullable String userId,
      String subject,
      @Nullable String ruleId,
      String reason,
      String accountKey)
      implements PlanStep {
    public Kind kind() {
      return Kind.SUSPEND;
    }
  }

  /** Take the product license away. */
  record RevokeLicense(
      @Nullable String userId,
      String subject,
      @Nullable String ruleId,
      String reason,
      String accountKey)
      implements PlanStep {
    public Kind kind() {
      return Kind.REVOKE_LICENSE;
    }
  }

  /** Remove the account. */
  record Delete(
      @Nullable String userId,
      String subject,
      @Nullable String ruleId,
      String reason,
      String accountKey)
      implements PlanStep {
    public Kind kind() {
      return Kind.DELETE;
    }
  }

  /** A deprovisioning action waiting out its grace period; this run counts as {@code runsSeen}. */
  record Wait(
      @Nullable String userId,
      String subject,
      @Nullable String ruleId,
      String reason,
      String accountKey,
      DeprovisionAction action,
      int runsSeen,
      java.time.Instant since)
      implements PlanStep {
    public Kind kind() {
      return Kind.WAIT;
    }
  }

  /** Drop a ledger entry whose account no longer exists in the target. */
  record Forget(
      @Nullable String userId,
      String subject,
      @Nullable String ruleId,
      String reason,
      String accountKey)
      implements PlanStep {
    public Kind kind() {
      return Kind.FORGET;
    }
  }

  /**
   * Nothing to do. Most steps of a steady run are these, so the reason is made only when {@link
   * #reason()} is asked ({@code reasonText} must be pure: the same text each call, from any
   * thread). Equality compares the reason's text; the hash code leaves it out, so a step in a hash
   * map makes no reason.
   */
  record NoChange(
      @Nullable String userId,
      String subject,
      @Nullable String ruleId,
      Supplier<String> reasonText,
      String accountKey)
      implements PlanStep {
    public NoChange {
      Objects.requireNonNull(reasonText, "reasonText");
    }

    /** A step whose reason is already made. */
    public NoChange(
        @Nullable String userId,
        String subject,
        @Nullable String ruleId,
        String reason,
        String accountKey) {
      this(userId, subject, ruleId, fixed(reason), accountKey);
    }

    public Kind kind() {
      return Kind.NO_CHANGE;
    }

    public String reason() {
      return reasonText.get();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof NoChange n
          && Objects.equals(userId, n.userId)
          && Objects.equals(subject, n.subject)
          && Objects.equals(ruleId, n.ruleId)
          && Objects.equals(accountKey, n.accountKey)
          && reason().equals(n.reason());
    }

    @Override
    public int hashCode() {
      return Objects.hash(userId, subject, ruleId, accountKey);
    }

    @Override
    public String toString() {
      return "NoChange[userId="
          + userId
          + ", subject="
          + subject
          + ", ruleId="
          + ruleId
          + ", reason="
          + reason()
          + ", accountKey="
          + accountKey
          + "]";
    }

    private static Supplier<String> fixed(String reason) {
      Objects.requireNonNull(reason, "reason");
      return () -> reason;
    }
  }

  /** The user cannot be handled and is skipped; the account, if any, is left as it is. */
  record Skip(@Nullable String userId, String subject, @Nullable String ruleId, String reason)
      implements PlanStep {
    public Kind kind() {
      return Kind.SKIP;
    }

    public @Nullable String accountKey() {
      return null;
    }
  }
}
