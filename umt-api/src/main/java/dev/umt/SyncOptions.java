package dev.umt;

import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.Threshold;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a {@link SyncEngine} runs. Build with {@link #builder()}; every field has a safe default.
 *
 * @param dryRun plan only, apply nothing
 * @param concurrency the most target calls in flight at once (also capped by the target)
 * @param pageSize users or accounts per page read
 * @param threshold the run's deprovisioning threshold (default 500 accounts or 20 %)
 * @param protectedAccounts emails (any case) or account keys that are never touched
 * @param deprovisionUncovered whether accounts that no active rule covers any more are
 *     deprovisioned
 * @param uncoveredAction what happens to them when they are
 * @param manageUnledgeredAccounts whether accounts UMT did not create or adopt may be deprovisioned
 * @param onRuleFailure what a run does when one rule cannot be read
 * @param detailedLogging log every plan step with its rule and reason at INFO (otherwise DEBUG)
 * @param fullRunEveryRuns a full run after this many incremental runs (default 24); 0 makes every
 *     run a full run, which then neither reads nor saves a directory snapshot (and removes one left
 *     by a run under other options, so the first run after a change to another value is full)
 * @param fullRunEvery a full run when the last one is at least this long ago (default 24 hours)
 */
public record SyncOptions(
    boolean dryRun,
    int concurrency,
    int pageSize,
    Threshold threshold,
    Set<String> protectedAccounts,
    boolean deprovisionUncovered,
    DeprovisionAction uncoveredAction,
    boolean manageUnledgeredAccounts,
    RuleFailurePolicy onRuleFailure,
    boolean detailedLogging,
    int fullRunEveryRuns,
    java.time.Duration fullRunEvery) {

  /** What a run does when a rule's scope cannot be read (its OU or group is gone, say). */
  public enum RuleFailurePolicy {
    /** Stop the whole run before anything is applied. */
    ABORT,
    /** Go on with the other rules; the read counts as incomplete, so nothing is deprovisioned. */
    CONTINUE
  }

  public SyncOptions {
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException("concurrency must be 1 to 64, not " + concurrency);
    }
    if (pageSize < 1 || pageSize > 10_000) {
      throw new IllegalArgumentException("pageSize must be 1 to 10000, not " + pageSize);
    }
    Objects.requireNonNull(threshold, "threshold");
    protectedAccounts =
        protectedAccounts.stream()
            .map(s -> s.trim().toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    Objects.requireNonNull(uncoveredAction, "uncoveredAction");
    Objects.requireNonNull(onRuleFailure, "onRuleFailure");
    if (fullRunEveryRuns < 0) {
      throw new IllegalArgumentException(
          "fullRunEveryRuns must be 0 or more, not " + fullRunEveryRuns);
    }
    Objects.requireNonNull(fullRunEvery, "fullRunEvery");
    if (fullRunEvery.isNegative() || fullRunEvery.isZero()) {
      throw new IllegalArgumentException("fullRunEvery must be positive, not " + fullRunEvery);
    }
  }

  /**
   * The options of {@link SyncOptions} before incremental runs, with a full run every 24 runs or 24
   * hours.
   */
  public SyncOptions(
      boolean dryRun,
      int concurrency,
      int pageSize,
      Threshold threshold,
      Set<String> protectedAccounts,
      boolean deprovisionUncovered,
      DeprovisionAction uncoveredAction,
      boolean manageUnledgeredAccounts,
      RuleFailurePolicy onRuleFailure,
      boolean detailedLogging) {
    this(
        dryRun,
        concurrency,
        pageSize,
        threshold,
        protectedAccounts,
        deprovisionUncovered,
        uncoveredAction,
        manageUnledgeredAccounts,
        onRuleFailure,
        detailedLogging,
        Builder.FULL_RUN_EVERY_RUNS,
        Builder.FULL_RUN_EVERY);
  }

  /**
   * The defaults: apply, 4 calls in flight, pages of 500, 500 or 20 %, nothing protected, uncovered
   * accounts left alone, ledger accounts only, abort on a failed rule.
   */
  public static SyncOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    return new Builder()
        .dryRun(dryRun)
        .concurrency(concurrency)
        .pageSize(pageSize)
        .threshold(threshold)
        .protectedAccounts(protectedAccounts)
        .deprovisionUncovered(deprovisionUncovered)
        .uncoveredAction(uncoveredAction)
        .manageUnledgeredAccounts(manageUnledgeredAccounts)
        .onRuleFailure(onRuleFailure)
        .detailedLogging(detailedLogging)
        .fullRunEveryRuns(fullRunEveryRuns)
        .fullRunEvery(fullRunEvery);
  }

  /** Whether {@code emailOrKey} is protected. */
  public boolean isProtected(String emailOrKey) {
    return emailOrKey != null
        && !protectedAccounts.isEmpty()
        && protectedAccounts.contains(emailOrKey.toLowerCase(Locale.ROOT));
  }

  /** Builds {@link SyncOptions}. */
  public static final class Builder {
    private boolean dryRun;
    private int concurrency = 4;
    private int pageSize = 500;
    private Threshold threshold = Threshold.DEFAULT;
    private Set<String> protectedAccounts = Set.of();
    private boolean deprovisionUncovered;
    private DeprovisionAction uncoveredAction = DeprovisionAction.SUSPEND;
    private boolean manageUnledgeredAccounts;
    private RuleFailurePolicy onRuleFailure = RuleFailurePolicy.ABORT;
    private boolean detailedLogging;
    static final int FULL_RUN_EVERY_RUNS = 24;
    static final java.time.Duration FULL_RUN_EVERY = java.time.Duration.ofHours(24);
    private int fullRunEveryRuns = FULL_RUN_EVERY_RUNS;
    private java.time.Duration fullRunEvery = FULL_RUN_EVERY;

    private Builder() {}

    public Builder dryRun(boolean v) {
      dryRun = v;
      return this;
    }

    public Builder concurrency(int v) {
      concurrency = v;
      return this;
    }

    public Builder pageSize(int v) {
      pageSize = v;
      return this;
    }

    public Builder threshold(Threshold v) {
      threshold = v;
      return this;
    }

    public Builder protectedAccounts(Set<String> v) {
      protectedAccounts = Set.copyOf(v);
      return this;
    }

    public Builder deprovisionUncovered(boolean v) {
      deprovisionUncovered = v;
      return this;
    }

    public Builder uncoveredAction(DeprovisionAction v) {
      uncoveredAction = v;
      return this;
    }

    public Builder manageUnledgeredAccounts(boolean v) {
      manageUnledgeredAccounts = v;
      return this;
    }

    public Builder onRuleFailure(RuleFailurePolicy v) {
      onRuleFailure = v;
      return this;
    }

    public Builder detailedLogging(boolean v) {
      detailedLogging = v;
      return this;
    }

    /** A full run after this many incremental runs; 0 makes every run full. */
    public Builder fullRunEveryRuns(int v) {
      fullRunEveryRuns = v;
      return this;
    }

    /** A full run when the last one is at least this long ago. */
    public Builder fullRunEvery(java.time.Duration v) {
      fullRunEvery = v;
      return this;
    }

    public SyncOptions build() {
      return new SyncOptions(
          dryRun,
          concurrency,
          pageSize,
          threshold,
          protectedAccounts,
          deprovisionUncovered,
          uncoveredAction,
          manageUnledgeredAccounts,
          onRuleFailure,
          detailedLogging,
          fullRunEveryRuns,
          fullRunEvery);
    }
  }
}
