package dev.umt.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.SyncOptions;
import dev.umt.SyncOptions.RuleFailurePolicy;
import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.Threshold;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptionsTest {
  @TempDir Path dir;

  static final GlobalOptions CUSTOM_GLOBAL =
      GlobalOptions.builder()
          .deprovisionUncovered(true)
          .uncoveredAction(DeprovisionAction.REVOKE_LICENSE)
          .onRuleFailure(RuleFailurePolicy.CONTINUE)
          .threshold(new Threshold(30, 5))
          .protectedAccounts(Set.of(" Admin@Example.com ", "key-42"))
          .manageUnledgeredAccounts(true)
          .afterHeldRun(GlobalOptions.AfterHeldRun.PAUSE_UNTIL_APPROVED)
          .build();

  @Test
  void globalOptionsDefaultWhenNothingIsStoredAndRoundTrip() throws Exception {
    Path file = dir.resolve("share/umt/global-options.json");
    GlobalOptionsStore store = JsonFileGlobalOptionsStore.open(file);
    assertThat(store.load()).isEqualTo(GlobalOptions.defaults());
    assertThat(GlobalOptions.defaults().deprovisionUncovered()).isFalse();
    assertThat(GlobalOptions.defaults().onRuleFailure()).isEqualTo(RuleFailurePolicy.ABORT);
    assertThat(GlobalOptions.defaults().afterHeldRun())
        .isEqualTo(GlobalOptions.AfterHeldRun.KEEP_FIRING);

    store.save(CUSTOM_GLOBAL);
    assertThat(CUSTOM_GLOBAL.protectedAccounts()).containsExactly("admin@example.com", "key-42");
    assertThat(Files.readString(file))
        .isEqualTo(
            """
            {
              "version": 1,
              "deprovisionUncovered": true,
              "uncoveredAction": "REVOKE_LICENSE",
              "onRuleFailure": "CONTINUE",
              "threshold": {
                "maxCount": 30,
                "maxPercent": 5
              },
              "protectedAccounts": [
                "admin@example.com",
                "key-42"
              ],
              "accountMatching": "EMAIL",
              "manageUnledgeredAccounts": true,
              "afterHeldRun": "PAUSE_UNTIL_APPROVED"
            }
            """);
    assertThat(JsonFileGlobalOptionsStore.open(file).load()).isEqualTo(CUSTOM_GLOBAL);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).as("no temporary file left").containsExactly(file);
    }
  }

  @Test
  void absentFieldsTakeTheirDefaults() throws Exception {
    Path file = dir.resolve("global.json");
    Files.writeString(file, "{\"version\": 1, \"protectedAccounts\": [\"boss@example.com\"]}");
    assertThat(JsonFileGlobalOptionsStore.open(file).load())
        .isEqualTo(GlobalOptions.builder().protectedAccounts(Set.of("boss@example.com")).build());
  }

  static Stream<Arguments> badGlobalFiles() {
    return Stream.of(
        Arguments.of(
            "{\"version\": 1, \"threshold\": {\"maxCount\": 10, \"maxPercent\": 150}}",
            List.of("threshold.maxPercent: must be 0 to 100, not 150")),
        Arguments.of(
            "{\"version\": 1, \"threshold\": {\"maxCount\": -1, \"maxPercent\": -2},"
                + " \"protectedAccounts\": [\"a@x\", \" \"]}",
            List.of(
                "threshold.maxCount: must not be negative, not -1",
                "threshold.maxPercent: must be 0 to 100, not -2",
                "protectedAccounts[1]: must not be blank")),
        Arguments.of(
            "{\"version\": 1, \"deprovisionUncovered\": \"yes\", \"uncoveredAction\": \"ARCHIVE\","
                + " \"onRuleFailure\": \"RETRY\", \"accountMatching\": \"LOGIN\", \"threshold\":"
                + " {\"maxCount\": 5}, \"protectedAccounts\": \"admin\", \"colour\": 1}",
            List.of(
                "colour: unknown field; known fields: version, deprovisionUncovered,"
                    + " uncoveredAction, onRuleFailure, threshold, protectedAccounts,"
                    + " accountMatching, manageUnledgeredAccounts, afterHeldRun",
                "deprovisionUncovered: must be true or false, not \"yes\"",
                "uncoveredAction: must be one of NOTHING, SUSPEND, REVOKE_LICENSE, DELETE, not"
                    + " \"ARCHIVE\"",
                "onRuleFailure: must be one of ABORT, CONTINUE, not \"RETRY\"",
                "threshold.maxPercent: is required",
                "protectedAccounts: must be a list, not \"admin\"",
                "accountMatching: must be one of EMAIL, not \"LOGIN\"")),
        Arguments.of("{\"deprovisionUncovered\": true}", List.of("version: is required")),
        Arguments.of(
            "{\"version\": 3}",
            List.of("version: unsupported version 3; this UMT reads version 1")),
        Arguments.of(
            "{\"version\": 1,}",
            List.of("not valid JSON at line 1 column 15: Expected name at path $.version")),
        Arguments.of("null", List.of("the document: must be an object, not null")));
  }

  @ParameterizedTest
  @MethodSource("badGlobalFiles")
  void aBadGlobalValueNamesTheFieldAndTheFile(String json, List<String> problems) throws Exception {
    Path file = dir.resolve("global.json");
    Files.writeString(file, json);
    assertThatThrownBy(() -> JsonFileGlobalOptionsStore.open(file).load())
        .isInstanceOfSatisfying(
            OptionsException.class,
            e -> {
              assertThat(e.problems()).containsExactlyElementsOf(problems);
              assertThat(e.origin()).isEqualTo(file.toString());
              assertThat(e.getMessage())
                  .isEqualTo(
                      problems.size() == 1
                          ? file + ": " + problems.get(0)
                          : file
                              + ": "
                              + problems.size()
                              + " problems:\n  "
                              + String.join("\n  ", problems));
            });
  }

  @Test
  void localOptionsLiveInTheDataFolder() throws Exception {
    Path data = dir.resolve("data");
    LocalOptionsStore store = LocalOptionsStore.open(data);
    assertThat(store.dataFolder()).isEqualTo(data);
    assertThat(store.file()).isEqualTo(data.resolve("local-options.json"));
    assertThat(store.load()).isEqualTo(LocalOptions.defaults());
    assertThat(LocalOptions.defaults())
        .isEqualTo(
            new LocalOptions(false, false, 500, 4, null, null, "json", LocalOptions.Postgres.NONE));

    LocalOptions mine =
        LocalOptions.builder()
            .detailedRuleLogging(true)
            .detailedDirectoryLogging(true)
            .pageSize(200)
            .concurrency(8)
            .rateLimitPerSecond(2.5)
            .proxy(" proxy.example.com:3128 ")
            .build();
    store.save(mine);
    assertThat(Files.readString(store.file()))
        .isEqualTo(
            """
            {
              "version": 1,
              "detailedRuleLogging": true,
              "detailedDirectoryLogging": true,
              "pageSize": 200,
              "concurrency": 8,
              "rateLimitPerSecond": 2.5,
              "proxy": "proxy.example.com:3128"
            }
            """);
    LocalOptions loaded = LocalOptionsStore.open(data).load();
    assertThat(loaded).isEqualTo(mine);
    assertThat(loaded.proxyAddress())
        .hasValue(InetSocketAddress.createUnresolved("proxy.example.com", 3128));
    assertThat(LocalOptions.builder().proxy("[::1]:8080").build().proxyAddress())
        .hasValue(InetSocketAddress.createUnresolved("::1", 8080));
    assertThat(LocalOptions.defaults().proxyAddress()).isEmpty();
  }

  @Test
  void thePostgresStateStoreChoiceRoundTripsWithoutAPassword() throws Exception {
    LocalOptionsStore store = LocalOptionsStore.open(dir);
    LocalOptions pg =
        LocalOptions.builder()
            .stateStore("postgres")
            .postgres(
                new LocalOptions.Postgres(
                    "jdbc:postgresql://db.example.com:5432/umt",
                    "umt",
                    "UMT_PG_PASSWORD",
                    " ",
                    "verify-full"))
            .build();
    assertThat(pg.usesPostgres()).isTrue();
    assertThat(pg.postgres().company()).as("blank is unset").isNull();
    store.save(pg);
    assertThat(Files.readString(store.file()))
        .endsWith(
            """
              "stateStore": "postgres",
              "postgres": {
                "url": "jdbc:postgresql://db.example.com:5432/umt",
                "user": "umt",
                "passwordEnv": "UMT_PG_PASSWORD",
                "sslMode": "verify-full"
              }
            }
            """);
    assertThat(store.load()).isEqualTo(pg);
    assertThat(LocalOptions.defaults().usesPostgres()).isFalse();
    assertThatThrownBy(() -> LocalOptions.builder().stateStore("postgres").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "postgres.url: must be set when stateStore is postgres (such as"
                + " jdbc:postgresql://db.example.com:5432/umt); postgres.user: must be set when"
                + " stateStore is postgres");
  }

  static Stream<Arguments> badLocalFiles() {
    return Stream.of(
        Arguments.of(
            "{\"version\": 1, \"concurrency\": 0}", List.of("concurrency: must be 1 to 64, not 0")),
        Arguments.of(
            "{\"version\": 1, \"pageSize\": 20000, \"rateLimitPerSecond\": 0, \"proxy\":"
                + " \"http://proxy:3128\"}",
            List.of(
                "pageSize: must be 1 to 10000, not 20000",
                "rateLimitPerSecond: must be more than 0 and at most 1000, not 0",
                "proxy: \"http://proxy:3128\" is not host:port, such as proxy.example.com:3128")),
        Arguments.of(
            "{\"version\": 1, \"proxy\": \"proxy:99999\"}",
            List.of("proxy: port 99999 in \"proxy:99999\" is not 1 to 65535")),
        Arguments.of(
            "{\"version\": 1, \"proxy\": \"::1:3128\"}",
            List.of(
                "proxy: \"::1:3128\" is not host:port, such as proxy.example.com:3128 (write an"
                    + " IPv6 address in brackets)")),
        Arguments.of(
            "{\"version\": 1, \"proxy\": \"proxy\"}",
            List.of("proxy: \"proxy\" is not host:port, such as proxy.example.com:3128")),
        Arguments.of(
            "{\"version\": 1, \"stateStore\": \"postgres\", \"postgres\": {\"sslMode\":"
                + " \"verify_full\", \"port\": 5432}}",
            List.of(
                "postgres.port: unknown field; known fields: url, user, passwordEnv, company,"
                    + " sslMode")),
        Arguments.of(
            "{\"version\": 1, \"stateStore\": \"postgres\", \"postgres\": {\"sslMode\":"
                + " \"verify_full\", \"passwordEnv\": \"pw=x\"}}",
            List.of(
                "postgres.url: must be set when stateStore is postgres (such as"
                    + " jdbc:postgresql://db.example.com:5432/umt)",
                "postgres.user: must be set when stateStore is postgres",
                "postgres.passwordEnv: must be the name of an environment variable (letters, digits"
                    + " and _, such as UMT_PG_PASSWORD), not the password itself",
                "postgres.sslMode: \"verify_full\" is not one of disable, allow, prefer, require,"
                    + " verify-ca, verify-full")),
        Arguments.of(
            "{\"version\": 1, \"stateStore\": \"sqlite\", \"postgres\": {\"url\":"
                + " \"mysql://db/umt\"}}",
            List.of(
                "stateStore: must be json or postgres, not \"sqlite\"",
                "postgres.url: must start with jdbc:postgresql://, not \"mysql://db/umt\"")),
        Arguments.of(
            "{\"version\": 1, \"pageSize\": \"big\", \"concurrency\": 2.5, \"dataFolder\":"
                + " \"/tmp\"}",
            List.of(
                "dataFolder: unknown field; known fields: version, detailedRuleLogging,"
                    + " detailedDirectoryLogging, pageSize, concurrency, rateLimitPerSecond, proxy,"
                    + " stateStore, postgres",
                "pageSize: must be a whole number, not \"big\"",
                "concurrency: must be a whole number, not 2.5")));
  }

  @ParameterizedTest
  @MethodSource("badLocalFiles")
  void aBadLocalValueNamesTheFieldAndTheFile(String json, List<String> problems) throws Exception {
    LocalOptionsStore store = LocalOptionsStore.open(dir);
    Files.writeString(store.file(), json);
    assertThatThrownBy(store::load)
        .isInstanceOfSatisfying(
            OptionsException.class,
            e -> {
              assertThat(e.problems()).containsExactlyElementsOf(problems);
              assertThat(e.getMessage()).startsWith(store.file() + ": ");
            });
  }

  @Test
  void badValuesInCodeAreRefusedToo() {
    assertThatThrownBy(() -> LocalOptions.builder().concurrency(100).pageSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pageSize: must be 1 to 10000, not 0; concurrency: must be 1 to 64, not 100");
    assertThatThrownBy(() -> GlobalOptions.builder().protectedAccounts(Set.of(" ")).build())
        .hasMessage("protectedAccounts: an entry is blank");
  }

  @Test
  void anUnwritableFileIsAConfigurationErrorNamingIt() throws Exception {
    // Tests run as root, whom permission bits do not stop: a file where the folder should be does.
    Path notAFolder = Files.writeString(dir.resolve("not-a-folder"), "");
    Path file = notAFolder.resolve("global.json");
    assertThatThrownBy(() -> JsonFileGlobalOptionsStore.open(file).save(GlobalOptions.defaults()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            file
                + ": cannot write the options: java.nio.file.FileAlreadyExistsException: "
                + notAFolder);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(notAFolder);
    }
  }

  @Test
  void anOptionsPathThatIsAFolderIsAnOptionsErrorNamingIt() throws Exception {
    Path file = Files.createDirectories(dir.resolve("global.json"));
    String message =
        file + ": is a folder, not an options file; give the path of the JSON file in it";
    assertThatThrownBy(() -> JsonFileGlobalOptionsStore.open(file).load())
        .isInstanceOf(OptionsException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> JsonFileGlobalOptionsStore.open(file).save(GlobalOptions.defaults()))
        .isInstanceOf(OptionsException.class)
        .hasMessage(message);
  }

  /**
   * A reader polling the file while another installation rewrites it must always find a whole,
   * valid document: the write is a rename, never a truncate-and-fill.
   */
  @Test
  void readersNeverSeeHalfAFile() throws Exception {
    Path file = dir.resolve("global.json");
    JsonFileGlobalOptionsStore store = JsonFileGlobalOptionsStore.open(file);
    store.save(CUSTOM_GLOBAL);
    List<String> seen = new ArrayList<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread reader =
        new Thread(
            () -> {
              JsonFileGlobalOptionsStore other = JsonFileGlobalOptionsStore.open(file);
              while (writing.get()) {
                try {
                  GlobalOptions o = other.load();
                  if (!o.equals(CUSTOM_GLOBAL)
                      && !o.equals(
                          GlobalOptions.defaults().toBuilder()
                              .protectedAccounts(bigSet())
                              .build())) {
                    seen.add("unexpected options " + o);
                  }
                } catch (RuntimeException e) {
                  seen.add(e.toString());
                }
              }
            });
    reader.start();
    GlobalOptions big = GlobalOptions.defaults().toBuilder().protectedAccounts(bigSet()).build();
    for (int i = 0; i < 150; i++) {
      store.save(i % 2 == 0 ? big : CUSTOM_GLOBAL);
    }
    writing.set(false);
    reader.join();
    assertThat(seen).isEmpty();
    assertThat(store.load()).isEqualTo(CUSTOM_GLOBAL);
  }

  private static Set<String> bigSet() {
    java.util.TreeSet<String> s = new java.util.TreeSet<>();
    for (int i = 0; i < 2000; i++) {
      s.add("manager" + i + "@example.com");
    }
    return s;
  }

  @Test
  void syncOptionsPrecedence() {
    LocalOptions local =
        LocalOptions.builder().pageSize(250).concurrency(2).rateLimitPerSecond(3.0).build();
    SyncOptions combined = Options.syncOptions(CUSTOM_GLOBAL, local).build();
    assertThat(combined)
        .isEqualTo(
            SyncOptions.builder()
                .dryRun(false)
                .pageSize(250)
                .concurrency(2)
                .deprovisionUncovered(true)
                .uncoveredAction(DeprovisionAction.REVOKE_LICENSE)
                .onRuleFailure(RuleFailurePolicy.CONTINUE)
                .threshold(new Threshold(30, 5))
                .protectedAccounts(Set.of("admin@example.com", "key-42"))
                .manageUnledgeredAccounts(true)
                .build());
    // Explicit arguments win over stored options.
    SyncOptions explicit =
        Options.syncOptions(CUSTOM_GLOBAL, local).dryRun(true).pageSize(50).build();
    assertThat(explicit.dryRun()).isTrue();
    assertThat(explicit.pageSize()).isEqualTo(50);
    assertThat(explicit.concurrency()).isEqualTo(2);
    assertThat(explicit.detailedLogging()).isFalse();
    assertThat(
            Options.syncOptions(
                    CUSTOM_GLOBAL, LocalOptions.builder().detailedRuleLogging(true).build())
                .build()
                .detailedLogging())
        .as("detailed rule logging turns on the engine's step log")
        .isTrue();
    // Nothing stored: the engine's defaults.
    assertThat(Options.syncOptions(GlobalOptions.defaults(), LocalOptions.defaults()).build())
        .isEqualTo(SyncOptions.defaults());
  }
}
