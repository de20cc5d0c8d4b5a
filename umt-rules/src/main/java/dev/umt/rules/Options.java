package dev.umt.rules;

import dev.umt.SyncOptions;

/**
 * Combines the stored options into the {@link SyncOptions} of a run. Precedence, highest first:
 *
 * <ol>
 *   <li>what the caller sets explicitly on the returned builder (dry run, say, or a one-off page
 *       size);
 *   <li>the stored option: local options for what belongs to this installation (page size,
 *       concurrency), global options for what belongs to the account (uncovered accounts, rule
 *       failures, thresholds, protected accounts, unledgered accounts); no option is kept in both,
 *       so the two never disagree;
 *   <li>the default, where a file or a field is absent.
 * </ol>
 *
 * <p>Detailed rule logging becomes {@link SyncOptions#detailedLogging()}. The other local options
 * that are not run options (rate limit, proxy, detailed directory logging) are for the target, the
 * source and the application to read from {@link LocalOptions} directly.
 *
 * <pre>{@code
 * SyncOptions options = Options.syncOptions(globalStore.load(), localStore.load()).dryRun(true).build();
 * }</pre>
 */
public final class Options {
  private Options() {}

  /**
   * A {@link SyncOptions} builder holding {@code global} and {@code local}; set explicit arguments
   * on it, then build.
   */
  public static SyncOptions.Builder syncOptions(GlobalOptions global, LocalOptions local) {
    return SyncOptions.builder()
        .pageSize(local.pageSize())
        .concurrency(local.concurrency())
        .deprovisionUncovered(global.deprovisionUncovered())
        .uncoveredAction(global.uncoveredAction())
        .onRuleFailure(global.onRuleFailure())
        .threshold(global.threshold())
        .protectedAccounts(global.protectedAccounts())
        .manageUnledgeredAccounts(global.manageUnledgeredAccounts())
        .detailedLogging(local.detailedRuleLogging());
  }
}
