package dev.umt.rules;

import dev.umt.SyncOptions.RuleFailurePolicy;
import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.Threshold;
import dev.umt.rules.GlobalOptions.AccountMatching;
import dev.umt.rules.RuleSetCodec.ThresholdJson;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The JSON forms of the global and local options (version 1), with every problem reported by field.
 */
final class OptionsCodec {
  /** The document version this code reads and writes. */
  public static final int VERSION = 1;

  /** The most characters of a protected account (an email or account key). */
  public static final int MAX_PROTECTED_ACCOUNT = 256;

  /** The most characters of the proxy's {@code host:port}. */
  public static final int MAX_PROXY = 256;

  private OptionsCodec() {}

  /** The global options file. */
  public record GlobalOptionsJson(
      @Required Integer version,
      Boolean deprovisionUncovered,
      DeprovisionAction uncoveredAction,
      RuleFailurePolicy onRuleFailure,
      ThresholdJson threshold,
      List<String> protectedAccounts,
      AccountMatching accountMatching,
      Boolean manageUnledgeredAccounts,
      GlobalOptions.AfterHeldRun afterHeldRun) {}

  /** The local options file. */
  public record LocalOptionsJson(
      @Required Integer version,
      Boolean detailedRuleLogging,
      Boolean detailedDirectoryLogging,
      Integer pageSize,
      Integer concurrency,
      Double rateLimitPerSecond,
      String proxy,
      String stateStore,
      PostgresJson postgres) {}

  /** The local options' {@code postgres} object. */
  public record PostgresJson(
      String url, String user, String passwordEnv, String company, String sslMode) {}

  /** The driver's {@code sslmode} values. */
  public static final List<String> SSL_MODES =
      List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  /**
   * The problems with the state store choice, each starting with the field name; empty when all are
   * fine. Never repeats a value that may be a secret (a URL with a password, a password given where
   * a variable name belongs).
   */
  public static List<String> checkStateStore(String stateStore, LocalOptions.Postgres pg) {
    List<String> problems = new ArrayList<>();
    boolean postgres = LocalOptions.POSTGRES.equals(stateStore);
    if (!postgres && !LocalOptions.JSON.equals(stateStore)) {
      problems.add("stateStore: must be json or postgres, not " + JsonShape.describe(stateStore));
    }
    if (postgres && pg.url() == null) {
      problems.add(
          "postgres.url: must be set when stateStore is postgres (such as"
              + " jdbc:postgresql://db.example.com:5432/umt)");
    }
    if (postgres && pg.user() == null) {
      problems.add("postgres.user: must be set when stateStore is postgres");
    }
    if (pg.url() != null) {
      if (pg.url().toLowerCase(java.util.Locale.ROOT).contains("password")) {
        problems.add(
            "postgres.url: must not hold a password: put it in an environment variable and name"
                + " that in postgres.passwordEnv");
      } else if (!pg.url().startsWith("jdbc:postgresql://")) {
        problems.add(
            "postgres.url: must start with jdbc:postgresql://, not "
                + JsonShape.describe(pg.url()));
      }
    }
    if (pg.passwordEnv() != null && !pg.passwordEnv().matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      problems.add(
          "postgres.passwordEnv: must be the name of an environment variable (letters, digits and"
              + " _, such as UMT_PG_PASSWORD), not the password itself");
    }
    if (pg.sslMode() != null && !SSL_MODES.contains(pg.sslMode())) {
      problems.add(
          "postgres.sslMode: "
              + JsonShape.describe(pg.sslMode())
              + " is not one of "
              + String.join(", ", SSL_MODES));
    }
    return problems;
  }

  /**
   * The problems with local option values, each starting with the field name; empty when all are
   * fine.
   */
  public static List<String> checkLocal(
      int pageSize, int concurrency, Double rateLimitPerSecond, String proxy) {
    List<String> problems = new ArrayList<>();
    if (pageSize < 1 || pageSize > 10_000) {
      problems.add("pageSize: must be 1 to 10000, not " + pageSize);
    }
    if (concurrency < 1 || concurrency > 64) {
      problems.add("concurrency: must be 1 to 64, not " + concurrency);
    }
    if (rateLimitPerSecond != null && (!(rateLimitPerSecond > 0) || rateLimitPerSecond > 1000)) {
      problems.add(
          "rateLimitPerSecond: must be more than 0 and at most 1000, not "
              + JsonShape.describe(rateLimitPerSecond));
    }
    if (proxy != null && JsonShape.text(proxy, "proxy", MAX_PROXY, problems)) {
      try {
        proxyAddress(proxy);
      } catch (IllegalArgumentException e) {
        problems.add("proxy: " + e.getMessage());
      }
    }
    return problems;
  }

  /** Parses {@code host:port} or {@code [v6address]:port} without resolving it. */
  public static InetSocketAddress proxyAddress(String proxy) {
    String bad = "\"" + proxy + "\" is not host:port, such as proxy.example.com:3128";
    int colon = proxy.lastIndexOf(':');
    if (colon <= 0 || colon == proxy.length() - 1 || proxy.contains("://") || proxy.contains("/")) {
      throw new IllegalArgumentException(bad);
    }
    String host = proxy.substring(0, colon);
    if (host.startsWith("[") != host.endsWith("]")) {
      throw new IllegalArgumentException(bad);
    }
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(bad + " (write an IPv6 address in brackets)");
    }
    if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(bad);
    }
    int port;
    try {
      port = Integer.parseInt(proxy.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(bad);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "port " + port + " in \"" + proxy + "\" is not 1 to 65535");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** Reads global options; problems are added, and the options returned only when there is none. */
  public static GlobalOptions readGlobal(String json, List<String> problems) {
    GlobalOptionsJson j = readShape(json, GlobalOptionsJson.class, problems);
    if (j == null) {
      return null;
    }
    int before = problems.size();
    Threshold threshold = Threshold.DEFAULT;
    if (j.threshold() != null) {
      int count = j.threshold().maxCount();
      int percent = j.threshold().maxPercent();
      if (count < 0) {
        problems.add("threshold.maxCount: must not be negative, not " + count);
      }
      if (percent < 0 || percent > 100) {
        problems.add("threshold.maxPercent: must be 0 to 100, not " + percent);
      }
      if (problems.size() == before) {
        threshold = new Threshold(count, percent);
      }
    }
    List<String> accounts = j.protectedAccounts() == null ? List.of() : j.protectedAccounts();
    for (int i = 0; i < accounts.size(); i++) {
      if (JsonShape.text(
              accounts.get(i), "protectedAccounts[" + i + "]", MAX_PROTECTED_ACCOUNT, problems)
          && accounts.get(i).isBlank()) {
        problems.add("protectedAccounts[" + i + "]: must not be blank");
      }
    }
    if (problems.size() != before) {
      return null;
    }
    GlobalOptions d = GlobalOptions.defaults();
    return GlobalOptions.builder()
        .deprovisionUncovered(or(j.deprovisionUncovered(), d.deprovisionUncovered()))
        .uncoveredAction(j.uncoveredAction() == null ? d.uncoveredAction() : j.uncoveredAction())
        .onRuleFailure(j.onRuleFailure() == null ? d.onRuleFailure() : j.onRuleFailure())
        .threshold(threshold)
        .protectedAccounts(new LinkedHashSet<>(accounts))
        .accountMatching(j.accountMatching() == null ? d.accountMatching() : j.accountMatching())
        .manageUnledgeredAccounts(or(j.manageUnledgeredAccounts(), d.manageUnledgeredAccounts()))
        .afterHeldRun(j.afterHeldRun() == null ? d.afterHeldRun() : j.afterHeldRun())
        .build();
  }

  /** The JSON for {@code o}, every field written. */
  public static String writeGlobal(GlobalOptions o) {
    return JsonText.write(
        GlobalOptionsJson.class,
        new GlobalOptionsJson(
            VERSION,
            o.deprovisionUncovered(),
            o.uncoveredAction(),
            o.onRuleFailure(),
            new ThresholdJson(o.threshold().maxCount(), o.threshold().maxPercent()),
            List.copyOf(o.protectedAccounts()),
            o.accountMatching(),
            o.manageUnledgeredAccounts(),
            o.afterHeldRun()));
  }

  /** Reads local options; problems are added, and the options returned only when there is none. */
  public static LocalOptions readLocal(String json, List<String> problems) {
    LocalOptionsJson j = readShape(json, LocalOptionsJson.class, problems);
    if (j == null) {
      return null;
    }
    LocalOptions d = LocalOptions.defaults();
    int pageSize = j.pageSize() == null ? d.pageSize() : j.pageSize();
    int concurrency = j.concurrency() == null ? d.concurrency() : j.concurrency();
    String proxy = j.proxy() == null || j.proxy().isBlank() ? null : j.proxy().strip();
    String stateStore =
        j.stateStore() == null || j.stateStore().isBlank()
            ? LocalOptions.JSON
            : j.stateStore().strip();
    PostgresJson pj = j.postgres();
    LocalOptions.Postgres pg =
        pj == null
            ? LocalOptions.Postgres.NONE
            : new LocalOptions.Postgres(
                pj.url(), pj.user(), pj.passwordEnv(), pj.company(), pj.sslMode());
    List<String> found = checkLocal(pageSize, concurrency, j.rateLimitPerSecond(), proxy);
    found.addAll(checkStateStore(stateStore, pg));
    if (!found.isEmpty()) {
      problems.addAll(found);
      return null;
    }
    return new LocalOptions(
        or(j.detailedRuleLogging(), false),
        or(j.detailedDirectoryLogging(), false),
        pageSize,
        concurrency,
        j.rateLimitPerSecond(),
        proxy,
        stateStore,
        pg);
  }

  /** The JSON for {@code o}, every set field written. */
  public static String writeLocal(LocalOptions o) {
    return JsonText.write(
        LocalOptionsJson.class,
        new LocalOptionsJson(
            VERSION,
            o.detailedRuleLogging(),
            o.detailedDirectoryLogging(),
            o.pageSize(),
            o.concurrency(),
            o.rateLimitPerSecond(),
            o.proxy(),
            o.usesPostgres() ? o.stateStore() : null,
            o.postgres().equals(LocalOptions.Postgres.NONE)
                ? null
                : new PostgresJson(
                    o.postgres().url(),
                    o.postgres().user(),
                    o.postgres().passwordEnv(),
                    o.postgres().company(),
                    o.postgres().sslMode())));
  }

  private static <T> T readShape(String json, Class<T> type, List<String> problems) {
    Object tree;
    try {
      tree = JsonText.parseTree(json);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
    if (tree == null) {
      problems.add("the document: must be an object, not null");
      return null;
    }
    int before = problems.size();
    JsonShape.check(tree, type, "", problems);
    if (problems.size() != before) {
      return null;
    }
    Object version = ((Map<?, ?>) tree).get("version");
    if (((Number) version).doubleValue() != VERSION) {
      problems.add(
          "version: unsupported version "
              + JsonShape.describe(version)
              + "; this UMT reads version "
              + VERSION);
      return null;
    }
    return JsonText.fromTree(type, tree);
  }

  private static boolean or(Boolean value, boolean fallback) {
    return value == null ? fallback : value;
  }
}
