package dev.umt.cli.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The data folder ({@code --data}, {@code UMT_DATA} or {@code ~/.umt}, mode 0700) and what it
 * holds:
 *
 * <pre>
 * settings.json          directory connection and GoToMyPC client (no secrets), 0600
 * secrets.enc            AES-GCM encrypted secrets (secrets.json when no key is set), 0600
 * rules.json             the rule set
 * local-options.json     this installation's options (umt settings --local)
 * global-options.json    the account's options (umt settings --global), unless settings.json names another file
 * state/                 the engine's JsonFileStateStore (ledger, held plans, run history)
 * reports/PLAN-ID.json   every plan and run, per user, 0600
 * schedules.json         the schedules (umt schedule), 0600
 * schedule-history.json  the last fires of the schedules, skipped ones too (umt daemon), 0600
 * logs/umt.log           the rolling log
 * </pre>
 */
final class DataFolder {
  private static final JsonAdapter<Map<String, Map<String, String>>> SETTINGS =
      new Moshi.Builder()
          .build()
          .adapter(
              Types.newParameterizedType(
                  Map.class,
                  String.class,
                  Types.newParameterizedType(Map.class, String.class, String.class)));

  private final Path root;
  private final Map<String, String> env;
  private final PrintStream err;
  private @Nullable Secrets secrets;

  DataFolder(Path root, Map<String, String> env, PrintStream err) {
    this.root = root;
    this.env = env;
    this.err = err;
  }

  /** The environment variable {@code name} of this execution, or null. */
  @Nullable String env(String name) {
    return env.get(name);
  }

  Path root() {
    Files2.ownerOnlyFolder(root);
    return root;
  }

  Path logFile() {
    return Files2.ownerOnlyFolder(root().resolve("logs")).resolve("umt.log");
  }

  Path settingsFile() {
    return root().resolve("settings.json");
  }

  Path rulesFile() {
    return root().resolve("rules.json");
  }

  Path stateFolder() {
    return Files2.ownerOnlyFolder(root().resolve("state"));
  }

  Path reportsFolder() {
    return Files2.ownerOnlyFolder(root().resolve("reports"));
  }

  Path globalOptionsFile() {
    String configured = section("umt").get("globalOptionsFile");
    return configured != null ? Path.of(configured) : root().resolve("global-options.json");
  }

  Secrets secrets() {
    if (secrets == null) {
      secrets = Secrets.open(root(), env, err);
    }
    return secrets;
  }

  /**
   * One section of settings.json ({@code directory}, {@code gotomypc}, {@code umt}); empty when
   * absent.
   */
  Map<String, String> section(String name) {
    Map<String, String> s = readSettings().get(name);
    return s == null ? new TreeMap<>() : new TreeMap<>(s);
  }

  /** Replaces one section of settings.json. */
  void saveSection(String name, Map<String, String> values) {
    Map<String, Map<String, String>> all = new TreeMap<>(readSettings());
    all.put(name, new TreeMap<>(values));
    Files2.writeOwnerOnly(settingsFile(), SETTINGS.indent("  ").toJson(all) + "\n");
  }

  private Map<String, Map<String, String>> readSettings() {
    Path f = settingsFile();
    try {
      Map<String, Map<String, String>> m = SETTINGS.fromJson(Files.readString(f));
      return m == null ? Map.of() : m;
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException | com.squareup.moshi.JsonDataException e) {
      throw new UserError(f + ": cannot read the settings: " + e.getMessage());
    }
  }

  static Map<String, String> copy(Map<String, String> m) {
    return new LinkedHashMap<>(m);
  }
}
