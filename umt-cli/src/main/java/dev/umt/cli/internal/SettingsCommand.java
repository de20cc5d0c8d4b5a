package dev.umt.cli.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import dev.umt.rules.GlobalOptions;
import dev.umt.rules.JsonFileGlobalOptionsStore;
import dev.umt.rules.LocalOptions;
import dev.umt.rules.LocalOptionsStore;
import dev.umt.rules.OptionsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "settings",
    mixinStandardHelpOptions = true,
    commandListHeading = "%nCommands:%n",
    description = {
      "Show or change the local and global options.",
      "",
      "--local: this installation (logging, page size, concurrency, rate limit, proxy, state"
          + " store). --global: the GoToMyPC account (uncovered accounts, rule failures, threshold,"
          + " protected accounts).",
      "",
      "  umt settings get                        every option and its value",
      "  umt settings get concurrency            one option",
      "  umt settings set concurrency 8          change one, checked as in the file",
      "  umt settings set threshold.maxCount 50",
      "  umt settings set proxy                  no value: back to the default",
      "  umt settings set --local stateStore postgres \\",
      "      postgres.url jdbc:postgresql://db:5432/umt postgres.user umt \\",
      "      postgres.passwordEnv UMT_PG_PASSWORD   several at once, checked together",
      ""
    },
    subcommands = {SettingsCommand.Get.class, SettingsCommand.Set.class})
final class SettingsCommand implements Runnable {
  static final List<String> LOCAL =
      List.of(
          "detailedRuleLogging",
          "detailedDirectoryLogging",
          "pageSize",
          "concurrency",
          "rateLimitPerSecond",
          "proxy",
          "stateStore",
          "postgres.url",
          "postgres.user",
          "postgres.passwordEnv",
          "postgres.company",
          "postgres.sslMode");
  static final List<String> GLOBAL =
      List.of(
          "deprovisionUncovered",
          "uncoveredAction",
          "onRuleFailure",
          "threshold",
          "threshold.maxCount",
          "threshold.maxPercent",
          "protectedAccounts",
          "accountMatching",
          "manageUnledgeredAccounts",
          "afterHeldRun");
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  @Override
  public void run() {
    throw new UserError(
        "settings: a subcommand is missing: get or set (see 'umt settings --help')");
  }

  static final class Which {
    @Option(names = "--local", description = "this installation's options")
    boolean local;

    @Option(names = "--global", description = "the GoToMyPC account's options")
    boolean global;
  }

  /** Whether NAME is a global option; checks it against --local/--global. */
  static boolean global(String name, Which which) {
    boolean isLocal = LOCAL.contains(name);
    boolean isGlobal = GLOBAL.contains(name);
    if (!isLocal && !isGlobal) {
      throw new UserError(
          "unknown option '"
              + name
              + "'; local options: "
              + String.join(", ", LOCAL)
              + "; global options: "
              + String.join(", ", GLOBAL));
    }
    if (which != null && which.local && isGlobal) {
      throw new UserError("'" + name + "' is a global option, not a local one");
    }
    if (which != null && which.global && isLocal) {
      throw new UserError("'" + name + "' is a local option, not a global one");
    }
    return isGlobal;
  }

  static Map<String, Object> values(LocalOptions l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("detailedRuleLogging", l.detailedRuleLogging());
    m.put("detailedDirectoryLogging", l.detailedDirectoryLogging());
    m.put("pageSize", l.pageSize());
    m.put("concurrency", l.concurrency());
    m.put(
        "rateLimitPerSecond",
        l.rateLimitPerSecond() == null
            ? "(the target's own: "
                + new java.math.BigDecimal(
                        Double.toString(
                            dev.umt.gotomypc.RateLimitPolicy.DEFAULT.requestsPerSecond()))
                    .stripTrailingZeros()
                    .toPlainString()
                + ")"
            : l.rateLimitPerSecond());
    m.put("proxy", l.proxy() == null ? "(none)" : l.proxy());
    m.put("stateStore", l.stateStore());
    m.put("postgres.url", or(l.postgres().url(), "(none)"));
    m.put("postgres.user", or(l.postgres().user(), "(none)"));
    m.put("postgres.passwordEnv", or(l.postgres().passwordEnv(), "(none: no password)"));
    m.put("postgres.company", or(l.postgres().company(), "(the GoToMyPC company logged in to)"));
    m.put("postgres.sslMode", or(l.postgres().sslMode(), "(the driver's default: prefer)"));
    return m;
  }

  private static String or(@Nullable String v, String fallback) {
    return v == null ? fallback : v;
  }

  static Map<String, Object> values(GlobalOptions g) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deprovisionUncovered", g.deprovisionUncovered());
    m.put("uncoveredAction", g.uncoveredAction());
    m.put("onRuleFailure", g.onRuleFailure());
    m.put("threshold.maxCount", g.threshold().maxCount());
    m.put("threshold.maxPercent", g.threshold().maxPercent());
    m.put("protectedAccounts", String.join(",", g.protectedAccounts()));
    m.put("accountMatching", g.accountMatching());
    m.put("manageUnledgeredAccounts", g.manageUnledgeredAccounts());
    m.put("afterHeldRun", g.afterHeldRun());
    return m;
  }

  /** Where the global options are, for the user. */
  static String where(Session session) {
    return session.localOptions().usesPostgres()
        ? "company "
            + session.company()
            + " in "
            + session.localOptions().postgres().url().replaceFirst("\\?.*", "")
        : session.data().globalOptionsFile().toString();
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = {"Show every option, or one.", ""})
  static final class Get implements Runnable {
    private final Cli cli;

    Get(Cli cli) {
      this.cli = cli;
    }

    @Parameters(
        arity = "0..1",
        paramLabel = "NAME",
        description = "the option (default: all of them)")
    @Nullable String name;

    @ArgGroup(exclusive = true)
    @Nullable Which which;

    @Override
    public void run() {
      try (Session session = new Session(cli.data())) {
        Map<String, Object> local = values(session.localOptions());
        Map<String, Object> global = values(session.globalOptions());
        if (name != null) {
          boolean g = global(name, which);
          Object v =
              name.equals("threshold")
                  ? global.get("threshold.maxCount")
                      + " accounts or "
                      + global.get("threshold.maxPercent")
                      + " %"
                  : (g ? global : local).get(name);
          cli.out.println(v);
          return;
        }
        if (which == null || which.local) {
          cli.out.println(
              "Local options (" + LocalOptionsStore.open(session.data().root()).file() + "):");
          local.forEach((k, v) -> cli.out.printf("  %-26s %s%n", k, v));
        }
        if (which == null || which.global) {
          cli.out.println("Global options (" + where(session) + "):");
          global.forEach((k, v) -> cli.out.printf("  %-26s %s%n", k, v));
        }
      }
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = {
        "Change an option (no VALUE: back to its default).",
        "",
        "The value is checked exactly as the library checks the options file.",
        ""
      })
  static final class Set implements Runnable {
    private final Cli cli;

    Set(Cli cli) {
      this.cli = cli;
    }

    @Parameters(
        arity = "1..*",
        paramLabel = "NAME [VALUE]",
        description =
            "the option, such as concurrency or threshold.maxCount, and its new value (none: back"
                + " to the default); several NAME VALUE pairs are set together")
    List<String> args;

    @ArgGroup(exclusive = true)
    @Nullable Which which;

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
      if (args.size() > 1 && args.size() % 2 != 0) {
        throw new UserError(
            "settings set: give NAME VALUE pairs (or one NAME alone to reset it); '"
                + args.get(args.size() - 1)
                + "' has no value");
      }
      Map<String, @Nullable String> changes = new LinkedHashMap<>();
      for (int i = 0; i < args.size(); i += 2) {
        changes.put(args.get(i), i + 1 < args.size() ? args.get(i + 1) : null);
      }
      Boolean g = null;
      for (String name : changes.keySet()) {
        boolean isGlobal = global(name, which);
        if (g != null && g != isGlobal) {
          throw new UserError(
              "settings set: '"
                  + name
                  + "' is a "
                  + (isGlobal ? "global" : "local")
                  + " option and the others are not: "
                  + "set local and global options in separate commands");
        }
        g = isGlobal;
      }
      boolean global = g;
      DataFolder data = cli.data();
      try (Session session = new Session(data)) {
        boolean inDatabase = g && session.localOptions().usesPostgres();
        Path file = g ? data.globalOptionsFile() : LocalOptionsStore.open(data.root()).file();
        Map<String, Object> doc = new LinkedHashMap<>();
        try {
          String text =
              inDatabase
                  ? session.globalOptions().toJson()
                  : Files.exists(file) ? Files.readString(file) : null;
          if (text != null) {
            Object parsed = JSON.fromJson(text);
            if (parsed instanceof Map<?, ?> m) {
              doc.putAll((Map<String, Object>) m);
            }
          }
        } catch (IOException | com.squareup.moshi.JsonDataException e) {
          throw new UserError(file + ": cannot read the options: " + e.getMessage());
        }
        doc.putIfAbsent("version", 1);
        changes.forEach((name, value) -> change(doc, name, value, session));
        // Check the new document exactly as the library will read it, in a scratch folder, before
        // replacing the file.
        Path scratch = null;
        try {
          scratch = Files.createTempDirectory(data.root(), ".settings");
          Path candidate = scratch.resolve(file.getFileName());
          Files.writeString(candidate, JSON.indent("  ").toJson(doc));
          try {
            if (g) {
              GlobalOptions o = JsonFileGlobalOptionsStore.open(candidate).load();
              (inDatabase ? session.globalOptionsStore() : JsonFileGlobalOptionsStore.open(file))
                  .save(o);
            } else {
              LocalOptions o = LocalOptionsStore.open(scratch).load();
              LocalOptionsStore.open(data.root()).save(o);
            }
          } catch (OptionsException e) {
            throw new UserError(file + ": " + String.join("; ", e.problems()));
          }
        } catch (IOException e) {
          throw new UserError("cannot check the options in " + data.root() + ": " + e.getMessage());
        } finally {
          if (scratch != null) {
            try (var s = Files.walk(scratch)) {
              s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
              // a leftover scratch folder is harmless
            }
          }
        }
        String where = inDatabase ? where(session) : file.toString();
        changes.forEach(
            (name, value) ->
                cli.out.println(
                    (global ? "Global" : "Local")
                        + " option "
                        + name
                        + (value == null ? " is back to its default" : " = " + value)
                        + " ("
                        + where
                        + ")"));
      }
    }

    @SuppressWarnings("unchecked")
    private static void change(
        Map<String, Object> doc, String name, @Nullable String value, Session session) {
      String[] path = name.split("\\.");
      Map<String, Object> into = doc;
      if (path.length == 2) {
        Object inner = doc.get(path[0]);
        Map<String, Object> m;
        if (inner instanceof Map<?, ?> mm) {
          m = new LinkedHashMap<>((Map<String, Object>) mm);
        } else if (path[0].equals("threshold")) {
          dev.umt.rule.Threshold current = session.globalOptions().threshold();
          m =
              new LinkedHashMap<>(
                  Map.of("maxCount", current.maxCount(), "maxPercent", current.maxPercent()));
        } else {
          m = new LinkedHashMap<>();
        }
        doc.put(path[0], m);
        into = m;
      }
      String field = path[path.length - 1];
      if (value == null) {
        if (path[0].equals("threshold") && path.length == 2) {
          throw new UserError(name + ": give a value (or unset the whole 'threshold')");
        }
        into.remove(field);
      } else {
        // Text fields stay text (a user or company key of digits is not a number).
        into.put(
            field,
            name.startsWith("postgres.") || name.equals("stateStore") ? value : parse(name, value));
      }
    }

    private static Object parse(String name, String value) {
      if (name.equals("protectedAccounts") && !value.strip().startsWith("[")) {
        List<String> list = new ArrayList<>();
        Arrays.stream(value.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .forEach(list::add);
        return list;
      }
      try {
        Object v = JSON.fromJson(value);
        if (v instanceof Number || v instanceof Boolean || v instanceof Map || v instanceof List) {
          return v;
        }
      } catch (IOException | RuntimeException e) {
        // not JSON: a plain string such as SUSPEND or proxy.example.com:3128
      }
      return value;
    }
  }
}
