package dev.umt.cli.internal;

import dev.umt.ProgressListener;
import dev.umt.Providers;
import dev.umt.Secret;
import dev.umt.Settings;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.directory.DirectorySource;
import dev.umt.gotomypc.TokenStore;
import dev.umt.gotomypc.target.GoToMyPcTarget;
import dev.umt.gotomypc.target.GoToMyPcTargetProvider;
import dev.umt.postgres.PostgresConfig;
import dev.umt.postgres.PostgresDatabase;
import dev.umt.postgres.PostgresGlobalOptionsStore;
import dev.umt.postgres.PostgresStateStore;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.rules.GlobalOptions;
import dev.umt.rules.GlobalOptionsStore;
import dev.umt.rules.JsonFileGlobalOptionsStore;
import dev.umt.rules.LocalOptions;
import dev.umt.rules.LocalOptionsStore;
import dev.umt.rules.Options;
import dev.umt.rules.RuleSet;
import dev.umt.rules.RuleSetFile;
import dev.umt.state.JsonFileStateStore;
import dev.umt.state.StateStore;
import dev.umt.target.TargetGroup;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one command opens from the data folder: the directory source, the GoToMyPC target, the state
 * store, the rules and the options, each on first use, closed together. Local options take effect
 * here: {@code rateLimitPerSecond} becomes the target's {@code requestsPerSecond}, {@code proxy}
 * its {@code proxy}, {@code detailedDirectoryLogging} the source's {@code detailedLogging}; page
 * size, concurrency and detailed rule logging go into the engine's {@link SyncOptions}; {@code
 * stateStore} {@code postgres} puts the state and the global options in PostgreSQL ({@link
 * PostgresStateStore}, {@link PostgresGlobalOptionsStore}), the data folder keeping the local
 * options, logs and secrets.
 */
final class Session implements AutoCloseable {
  /** Secret names in the secrets file, by section and setting. */
  static final List<String> DIRECTORY_SECRETS =
      List.of("bindPassword", "trustStorePassword", "keyStorePassword");

  static final List<String> GOTOMYPC_SECRETS = List.of("clientSecret", "refreshToken");

  /**
   * For a look that must answer quickly even when a server is gone ({@code umt status}): one
   * attempt, short timeouts. A run keeps the saved settings and the library's retries.
   */
  static final Map<String, String> QUICK_DIRECTORY =
      Map.of("connectTimeout", "PT2S", "responseTimeout", "PT5S");

  static final Map<String, String> QUICK_GOTOMYPC =
      Map.of(
          "connectTimeout",
          "PT2S",
          "requestTimeout",
          "PT5S",
          "tokenRequestTimeout",
          "PT5S",
          "retry.maxAttempts",
          "1");

  private final DataFolder data;
  private final boolean quick;
  private @Nullable DirectorySource source;
  private @Nullable GoToMyPcTarget target;
  private @Nullable StateStore store;
  private @Nullable PostgresDatabase database;

  Session(DataFolder data) {
    this(data, false);
  }

  /**
   * With {@code quick}, the source and the target make one attempt with short timeouts ({@link
   * #QUICK_DIRECTORY}, {@link #QUICK_GOTOMYPC}).
   */
  Session(DataFolder data, boolean quick) {
    this.data = data;
    this.quick = quick;
  }

  DataFolder data() {
    return data;
  }

  LocalOptions localOptions() {
    return LocalOptionsStore.open(data.root()).load();
  }

  GlobalOptions globalOptions() {
    return globalOptionsStore().load();
  }

  /** Where the global options are: the global options file, or the company's row in PostgreSQL. */
  GlobalOptionsStore globalOptionsStore() {
    return localOptions().usesPostgres()
        ? PostgresGlobalOptionsStore.open(database(), company())
        : JsonFileGlobalOptionsStore.open(data.globalOptionsFile());
  }

  /** The PostgreSQL database of the local options, opened (and migrated) on first use. */
  PostgresDatabase database() {
    if (database == null) {
      database = PostgresDatabase.open(postgresConfig(localOptions(), data));
    }
    return database;
  }

  /**
   * The connection the local options describe; the password from the environment variable {@code
   * postgres.passwordEnv} names.
   *
   * @throws UserError when stateStore is not postgres or the variable is not set
   */
  static PostgresConfig postgresConfig(LocalOptions local, DataFolder data) {
    if (!local.usesPostgres()) {
      throw new UserError(
          "stateStore: is json; set it to postgres (with postgres.url and postgres.user) to use"
              + " PostgreSQL");
    }
    LocalOptions.Postgres pg = local.postgres();
    PostgresConfig.Builder b = PostgresConfig.builder().jdbcUrl(pg.url()).user(pg.user());
    if (pg.passwordEnv() != null) {
      String password = data.env(pg.passwordEnv());
      if (password == null || password.isEmpty()) {
        throw new UserError(
            "postgres.passwordEnv: the environment variable "
                + pg.passwordEnv()
                + " is not set (it holds the "
                + "PostgreSQL password of "
                + pg.user()
                + ")");
      }
      b.password(Secret.of(password));
    }
    if (pg.sslMode() != null) {
      b.sslMode(pg.sslMode());
    }
    return b.build();
  }

  /**
   * The company whose state this is: postgres.company, else the GoToMyPC company UMT is logged in
   * to.
   */
  String company() {
    String configured = localOptions().postgres().company();
    if (configured != null) {
      return configured;
    }
    String loggedIn = data.section("gotomypc").get("company");
    if (loggedIn == null || loggedIn.isBlank()) {
      throw new UserError(
          "postgres.company: not set, and not logged in to GoToMyPC to take its company: run 'umt"
              + " login' or 'umt settings set --local postgres.company KEY'");
    }
    return loggedIn;
  }

  /**
   * The settings of the directory source: settings.json's directory section, the saved secrets and
   * the local options.
   */
  Map<String, String> directorySettings() {
    Map<String, String> s = data.section("directory");
    if (s.isEmpty()) {
      throw new UserError("no directory is configured: run 'umt connect' first");
    }
    for (String name : DIRECTORY_SECRETS) {
      data.secrets().get("directory." + name).ifPresent(v -> s.put(name, v.reveal()));
    }
    if (localOptions().detailedDirectoryLogging()) {
      s.put("detailedLogging", "true");
    }
    return s;
  }

  DirectorySource source() {
    if (source == null) {
      Map<String, String> s = directorySettings();
      String type = s.remove("type");
      if (quick) {
        s.putAll(QUICK_DIRECTORY);
      }
      source =
          Providers.load(Session.class.getClassLoader())
              .directorySource(type)
              .create(Settings.of("directory settings in " + data.settingsFile(), s));
    }
    return source;
  }

  /**
   * The target's settings: settings.json's gotomypc section and the local options (no secrets:
   * those come from the token store and below).
   */
  Map<String, String> targetSettings() {
    Map<String, String> s = data.section("gotomypc");
    if (s.isEmpty() || data.secrets().get("gotomypc.refreshToken").isEmpty()) {
      throw new UserError(
          "not logged in to GoToMyPC: run 'umt login' first", dev.umt.cli.Umt.AUTHENTICATION);
    }
    LocalOptions local = localOptions();
    if (local.rateLimitPerSecond() != null) {
      s.put(
          "requestsPerSecond",
          new BigDecimal(local.rateLimitPerSecond().toString())
              .stripTrailingZeros()
              .toPlainString());
    }
    if (local.proxy() != null) {
      s.put("proxy", local.proxy());
    }
    return s;
  }

  GoToMyPcTarget target() {
    if (target == null) {
      Map<String, String> s = targetSettings();
      data.secrets().get("gotomypc.clientSecret").ifPresent(v -> s.put("clientSecret", v.reveal()));
      if (quick) {
        s.putAll(QUICK_GOTOMYPC);
      }
      target =
          (GoToMyPcTarget)
              new GoToMyPcTargetProvider()
                  .create(
                      Settings.of("GoToMyPC settings in " + data.settingsFile(), s),
                      tokenStore(data));
    }
    return target;
  }

  boolean loggedIn() {
    return !data.section("gotomypc").isEmpty()
        && data.secrets().get("gotomypc.refreshToken").isPresent();
  }

  /** The refresh token, kept in the secrets file. */
  static TokenStore tokenStore(DataFolder data) {
    return new TokenStore() {
      @Override
      public Optional<Secret> load() {
        return data.secrets().get("gotomypc.refreshToken");
      }

      @Override
      public void save(Secret refreshToken) {
        data.secrets().put("gotomypc.refreshToken", refreshToken);
      }

      @Override
      public String toString() {
        return "the secrets file " + data.secrets().file();
      }
    };
  }

  /**
   * The state store, locked until {@link #close()}: the data folder's, or with stateStore postgres
   * the company's in PostgreSQL.
   *
   * @throws dev.umt.state.DataFolderLockedException when another run holds the data folder
   * @throws dev.umt.postgres.LedgerLockedException when another run (any node) holds the company
   */
  StateStore store() {
    if (store == null) {
      store =
          localOptions().usesPostgres()
              ? PostgresStateStore.open(database(), company())
              : JsonFileStateStore.open(data.stateFolder());
    }
    return store;
  }

  RuleSetFile rulesFile(boolean withGroups) {
    if (withGroups && loggedIn()) {
      List<TargetGroup> groups = target().groups();
      return RuleSetFile.open(data.rulesFile(), groups);
    }
    return RuleSetFile.open(data.rulesFile());
  }

  RuleSet rules() {
    if (!Files.exists(data.rulesFile())) {
      throw new UserError(
          "no rules yet: add one with 'umt rules add' (" + data.rulesFile() + " does not exist)");
    }
    return rulesFile(true).load();
  }

  /** The rule set in {@code file} (a schedule's), checked against the GoToMyPC groups. */
  RuleSet rules(java.nio.file.Path file) {
    if (!Files.exists(file)) {
      throw new UserError(
          "no rules in "
              + file
              + ": add one with 'umt rules add', or give the schedule another rule set");
    }
    List<TargetGroup> groups = target().groups();
    return RuleSetFile.open(file, groups).load();
  }

  SyncOptions syncOptions() {
    return Options.syncOptions(globalOptions(), localOptions()).build();
  }

  SyncEngine engine(ProgressListener progress) {
    return engine(progress, () -> false);
  }

  /**
   * An engine whose apply stops between steps once {@code stopRequested} answers true (umt daemon
   * on SIGTERM).
   */
  SyncEngine engine(ProgressListener progress, java.util.function.BooleanSupplier stopRequested) {
    return SyncEngine.builder()
        .source(source())
        .evaluator(DefaultRuleEvaluator.create())
        .target(target())
        .stateStore(store())
        .options(syncOptions())
        .progressListener(progress)
        .stopRequested(stopRequested)
        .build();
  }

  @Override
  public void close() {
    if (source != null) {
      source.close();
    }
    if (target != null) {
      target.close();
    }
    if (store != null) {
      store.close();
    }
    if (database != null) {
      database.close();
    }
  }
}
