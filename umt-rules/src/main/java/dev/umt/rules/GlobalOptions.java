package dev.umt.rules;

import dev.umt.SyncOptions.RuleFailurePolicy;
import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.Threshold;
import java.util.Collections;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Options shared by every installation that manages one GoToMyPC account, kept in a {@link
 * GlobalOptionsStore}. Every field has a safe default ({@link #defaults()}).
 *
 * @param deprovisionUncovered whether accounts that no active rule covers are deprovisioned
 *     (default false)
 * @param uncoveredAction what happens to them when they are (default SUSPEND)
 * @param onRuleFailure what a scheduled run does when one rule fails (default ABORT: the whole run
 *     stops)
 * @param threshold the most deprovisioning one run may do before it waits for approval (default 500
 *     or 20 %)
 * @param protectedAccounts emails or account keys UMT never touches, such as the managers'; stored
 *     trimmed and in lower case
 * @param accountMatching how a directory user is matched to an existing account (only EMAIL for
 *     now)
 * @param manageUnledgeredAccounts whether accounts UMT did not create or adopt may be deprovisioned
 *     (default false)
 * @param afterHeldRun what a schedule does while a run it made is held for approval (default
 *     KEEP_FIRING)
 */
public record GlobalOptions(
    boolean deprovisionUncovered,
    DeprovisionAction uncoveredAction,
    RuleFailurePolicy onRuleFailure,
    Threshold threshold,
    Set<String> protectedAccounts,
    AccountMatching accountMatching,
    boolean manageUnledgeredAccounts,
    AfterHeldRun afterHeldRun) {

  /**
   * What a scheduled run does while a plan held by the threshold waits for approval. Either way a
   * held plan is never applied by a schedule: only {@code approve} applies it.
   */
  public enum AfterHeldRun {
    /**
     * Keep firing: each fire plans afresh and, while the plan is still over the threshold, holds
     * again (default).
     */
    KEEP_FIRING,
    /**
     * Skip every fire (recorded as skipped, with the held plan's id) until no plan held by the
     * threshold waits.
     */
    PAUSE_UNTIL_APPROVED
  }

  /** How directory users are matched to existing accounts. */
  public enum AccountMatching {
    /** By email address, ignoring case. */
    EMAIL
  }

  private static final GlobalOptions DEFAULTS = builder().build();

  public GlobalOptions {
    Objects.requireNonNull(uncoveredAction, "uncoveredAction");
    Objects.requireNonNull(onRuleFailure, "onRuleFailure");
    Objects.requireNonNull(threshold, "threshold");
    Objects.requireNonNull(accountMatching, "accountMatching");
    Objects.requireNonNull(afterHeldRun, "afterHeldRun");
    TreeSet<String> accounts = new TreeSet<>();
    for (String a : protectedAccounts) {
      if (a == null || a.isBlank()) {
        throw new IllegalArgumentException("protectedAccounts: an entry is blank");
      }
      accounts.add(a.strip().toLowerCase(Locale.ROOT));
    }
    protectedAccounts = Collections.unmodifiableSortedSet(accounts);
  }

  /**
   * Every option at its default: nothing uncovered is deprovisioned, abort on a failed rule, 500 or
   * 20 %, nothing protected, match by email.
   */
  public static GlobalOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * These options as the JSON a {@link JsonFileGlobalOptionsStore} writes, every field written: for
   * a {@link GlobalOptionsStore} that keeps them as text (a database column, say). No I/O.
   */
  public String toJson() {
    return OptionsCodec.writeGlobal(this);
  }

  /**
   * Reads options from the JSON {@link #toJson()} writes; fields left out take their defaults. No
   * I/O.
   *
   * @param json the text
   * @param origin where the text comes from, for the error message, such as a file or a database
   *     row
   * @throws OptionsException when the text is not such JSON or a field is invalid, naming each
   *     field and {@code origin}
   */
  public static GlobalOptions fromJson(String json, String origin) {
    java.util.List<String> problems = new java.util.ArrayList<>();
    GlobalOptions options = OptionsCodec.readGlobal(json, problems);
    if (!problems.isEmpty()) {
      throw new OptionsException(origin, problems);
    }
    return options;
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    return new Builder()
        .deprovisionUncovered(deprovisionUncovered)
        .uncoveredAction(uncoveredAction)
        .onRuleFailure(onRuleFailure)
        .threshold(threshold)
        .protectedAccounts(protectedAccounts)
        .accountMatching(accountMatching)
        .manageUnledgeredAccounts(manageUnledgeredAccounts)
        .afterHeldRun(afterHeldRun);
  }

  /** Builds {@link GlobalOptions}, starting from the defaults. */
  public static final class Builder {
    private boolean deprovisionUncovered;
    private DeprovisionAction uncoveredAction = DeprovisionAction.SUSPEND;
    private RuleFailurePolicy onRuleFailure = RuleFailurePolicy.ABORT;
    private Threshold threshold = Threshold.DEFAULT;
    private Set<String> protectedAccounts = Set.of();
    private AccountMatching accountMatching = AccountMatching.EMAIL;
    private boolean manageUnledgeredAccounts;
    private AfterHeldRun afterHeldRun = AfterHeldRun.KEEP_FIRING;

    private Builder() {}

    public Builder deprovisionUncovered(boolean v) {
      deprovisionUncovered = v;
      return this;
    }

    public Builder uncoveredAction(DeprovisionAction v) {
      uncoveredAction = v;
      return this;
    }

    public Builder onRuleFailure(RuleFailurePolicy v) {
      onRuleFailure = v;
      return this;
    }

    public Builder threshold(Threshold v) {
      threshold = v;
      return this;
    }

    public Builder protectedAccounts(Set<String> v) {
      protectedAccounts = v;
      return this;
    }

    public Builder accountMatching(AccountMatching v) {
      accountMatching = v;
      return this;
    }

    public Builder manageUnledgeredAccounts(boolean v) {
      manageUnledgeredAccounts = v;
      return this;
    }

    public Builder afterHeldRun(AfterHeldRun v) {
      afterHeldRun = v;
      return this;
    }

    public GlobalOptions build() {
      return new GlobalOptions(
          deprovisionUncovered,
          uncoveredAction,
          onRuleFailure,
          threshold,
          protectedAccounts,
          accountMatching,
          manageUnledgeredAccounts,
          afterHeldRun);
    }
  }
}
