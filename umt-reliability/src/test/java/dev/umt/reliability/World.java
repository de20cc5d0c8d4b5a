package dev.umt.reliability;

import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.directory.Scope;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.state.JsonFileStateStore;
import dev.umt.state.LedgerEntry;
import dev.umt.state.StateStore;
import dev.umt.target.ProvisioningTarget;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One organisation in memory, the GoToMyPC stand-in behind a {@link FaultProxy}, the real {@code
 * gotomypc} target found through {@link Providers}, and a data folder: what every case of the fault
 * matrix runs against. The organisation is generated from its size alone, so a child JVM given the
 * same size builds the same directory with the same ids.
 *
 * <p>Users {@code u00000...} sit in {@code ou=Sales} (even numbers) and {@code ou=Engineering}
 * (odd), each OU a rule whose target group is {@code Staff/Sales} or {@code Staff/Engineering}; the
 * last {@code later} users sit in {@code ou=Later}, which no rule reads, until a test moves them
 * in.
 */
final class World implements AutoCloseable {
  static final String BASE_DN = "dc=example,dc=test";
  private static final String STAFF_DN = "ou=Staff," + BASE_DN;

  final GoToMyPcStandIn standIn;
  final FaultProxy proxy;
  final Organisation org;
  final InMemoryDirectory directory;
  final String company;
  final String license;
  final String salesGroup;
  final String engineeringGroup;
  final Path state;
  final Path tokenFile;
  final List<Rule> rules;
  private final Map<String, String> settings;

  private World(
      GoToMyPcStandIn standIn,
      FaultProxy proxy,
      Organisation org,
      int seats,
      Path folder,
      Map<String, String> extra) {
    this.standIn = standIn;
    this.proxy = proxy;
    this.org = org;
    this.directory = InMemoryDirectory.of(org);
    this.company = standIn.addCompany("Example Corp");
    String staff = standIn.addGroup(company, "Staff", null);
    this.salesGroup = standIn.addGroup(company, "Sales", staff);
    this.engineeringGroup = standIn.addGroup(company, "Engineering", staff);
    this.license = standIn.addLicense(company, "GoToMyPC Corporate", List.of("G2PC"), seats);
    this.state = folder.resolve("state");
    this.tokenFile = folder.resolve("gotomypc-refresh-token");
    this.rules = rules(directory, org);
    settings = new LinkedHashMap<>(standIn.targetSettings(company, tokenFile));
    settings.put("baseUrl", proxy.baseUrl());
    settings.put("licenseKey", license);
    settings.putAll(extra);
  }

  /**
   * A world without stand-in or proxy, for a child JVM: the same directory and rules, runs against
   * {@code settings}.
   */
  private World(Map<String, String> settings, Organisation org, Path folder) {
    this.standIn = null;
    this.proxy = null;
    this.org = org;
    this.directory = InMemoryDirectory.of(org);
    this.company = settings.get("company");
    this.license = settings.get("licenseKey");
    this.salesGroup = null;
    this.engineeringGroup = null;
    this.state = folder.resolve("state");
    this.tokenFile = folder.resolve("gotomypc-refresh-token");
    this.rules = rules(directory, org);
    this.settings = new LinkedHashMap<>(settings);
  }

  /**
   * The world a child JVM sees: {@code settings} as {@link #settings()} gave them, the organisation
   * of that size, the same folder.
   */
  static World attach(Map<String, String> settings, Path folder, int users, int later) {
    return new World(settings, organisation(users, later), folder);
  }

  /**
   * A started world of {@code users} users in the rules' OUs plus {@code later} outside them, a
   * license of {@code seats} seats, and the data folder under {@code folder}. The stand-in has no
   * rate limit unless {@code requestsPerSecond} is above 0; {@code extra} adds or overrides target
   * settings.
   */
  static World start(
      Path folder,
      int users,
      int later,
      int seats,
      int requestsPerSecond,
      boolean rotateRefreshTokens,
      Map<String, String> extra) {
    GoToMyPcStandIn standIn =
        GoToMyPcStandIn.builder()
            .requestsPerSecond(requestsPerSecond)
            .rotateRefreshTokens(rotateRefreshTokens)
            .build()
            .start();
    try {
      FaultProxy proxy = new FaultProxy(standIn.baseUrl()).start();
      return new World(standIn, proxy, organisation(users, later), seats, folder, extra);
    } catch (IOException e) {
      standIn.close();
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fast target settings for the matrix: no client-side pacing to speak of, short timeouts and
   * backoffs.
   */
  static Map<String, String> quickSettings() {
    return Map.of(
        "requestsPerSecond",
        "200",
        "requestTimeout",
        "PT1S",
        "retry.maxAttempts",
        "3",
        "retry.initialBackoff",
        "PT0.01S",
        "retry.maxBackoff",
        "PT0.05S",
        "circuitBreaker.openDuration",
        "PT0.2S",
        "maxUsersPerCreate",
        "20");
  }

  /**
   * The generated organisation: {@code users} users in the rules' OUs, then {@code later} in {@code
   * ou=Later}.
   */
  static Organisation organisation(int users, int later) {
    List<Organisation.Unit> units =
        List.of(
            new Organisation.Unit("Staff", BASE_DN),
            new Organisation.Unit("Sales", STAFF_DN),
            new Organisation.Unit("Engineering", STAFF_DN),
            new Organisation.Unit("Later", BASE_DN));
    List<Organisation.User> list = new ArrayList<>();
    for (int i = 0; i < users + later; i++) {
      String login = login(i);
      String unit =
          i >= users
              ? "ou=Later," + BASE_DN
              : (i % 2 == 0 ? "ou=Sales," : "ou=Engineering,") + STAFF_DN;
      list.add(
          new Organisation.User(
              login,
              "User " + i,
              "Given" + i,
              "Family" + i,
              login + "@example.test",
              "Clerk",
              "Dept",
              "+1 555 0100",
              false,
              false,
              unit));
    }
    return new Organisation(BASE_DN, units, list, List.of());
  }

  static String login(int i) {
    return String.format("u%05d", i);
  }

  private static List<Rule> rules(InMemoryDirectory directory, Organisation org) {
    String sales = org.unit("Sales").dn();
    String engineering = org.unit("Engineering").dn();
    return List.of(
        Rule.builder("sales", "Sales", Scope.container(directory.idOf(sales), sales, true))
            .priority(10)
            .group(GroupRef.path("Staff/Sales"))
            .build(),
        Rule.builder(
                "engineering",
                "Engineering",
                Scope.container(directory.idOf(engineering), engineering, true))
            .priority(20)
            .group(GroupRef.path("Staff/Engineering"))
            .build());
  }

  /** The target settings a run uses (a copy). */
  Map<String, String> settings() {
    return new LinkedHashMap<>(settings);
  }

  /**
   * Sets a target setting for the runs from now on; a null value removes it (so the provider's
   * default applies).
   */
  void setting(String name, String value) {
    if (value == null) {
      settings.remove(name);
    } else {
      settings.put(name, value);
    }
  }

  /**
   * A manager consents again after the refresh token was revoked: a fresh token replaces the stored
   * one.
   */
  void reconsent() {
    try {
      Files.deleteIfExists(tokenFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    settings.put("refreshToken", standIn.issueRefreshToken());
  }

  /**
   * Moves users {@code from} (inclusive) to {@code to} (exclusive) into the rules' OUs, as {@link
   * #organisation} would place them.
   */
  void hire(int from, int to) {
    for (int i = from; i < to; i++) {
      String unit = (i % 2 == 0 ? "ou=Sales," : "ou=Engineering,") + STAFF_DN;
      directory.moveUser(userId(i), directory.idOf(unit));
    }
  }

  /** Changes user {@code i}'s surname. */
  void rename(int i, String surname) {
    change(i, b -> b.surname(surname));
  }

  void change(int i, UnaryOperator<dev.umt.directory.DirectoryUser.Builder> change) {
    directory.updateUser(userId(i), change);
  }

  /** Moves user {@code i} to the other rule's OU (so to the other GoToMyPC group). */
  void transfer(int i) {
    String now =
        directory.userByLogin(login(i)).dn().contains("ou=Sales,") ? "Engineering" : "Sales";
    directory.moveUser(userId(i), directory.idOf("ou=" + now + "," + STAFF_DN));
  }

  String userId(int i) {
    return directory.userByLogin(login(i)).id();
  }

  /**
   * One sync run as a program would make it: a new target from settings, the data folder opened,
   * the rules run, all closed.
   */
  Run run() {
    return run(SyncOptions.defaults(), s -> s);
  }

  /**
   * A run whose state store is wrapped by {@code wrap} (the crash child marks its writes this way).
   */
  Run run(SyncOptions o, UnaryOperator<StateStore> wrap) {
    int before = proxy == null ? 0 : proxy.count();
    SyncReport report = null;
    RuntimeException thrown = null;
    Map<String, LedgerEntry> ledger;
    try (JsonFileStateStore store = JsonFileStateStore.open(state)) {
      try (ProvisioningTarget target =
          Providers.load(World.class.getClassLoader())
              .target("gotomypc")
              .create(Settings.of("fault matrix gotomypc", settings))) {
        SyncEngine engine =
            SyncEngine.builder()
                .source(directory)
                .evaluator(DefaultRuleEvaluator.create())
                .target(target)
                // Every run full: the oracle (Truth) expects a step for every user in a rule's
                // scope, which only a full run plans.
                .stateStore(wrap.apply(store))
                .options(o.toBuilder().fullRunEveryRuns(0).build())
                .build();
        report = engine.run(rules);
      } catch (RuntimeException e) {
        thrown = e;
      }
      ledger = store.ledger();
    }
    return new Run(report, thrown, ledger, proxy == null ? List.of() : proxy.seenAfter(before));
  }

  @Override
  public void close() {
    if (proxy != null) {
      proxy.close();
      standIn.close();
    }
  }

  /**
   * What one run left behind.
   *
   * @param report the report, or null when {@code run} threw
   * @param thrown what {@code run} threw, or null
   * @param ledger the ledger after the run
   * @param requests the API requests the run made, as the proxy saw them
   */
  record Run(
      SyncReport report,
      RuntimeException thrown,
      Map<String, LedgerEntry> ledger,
      List<FaultProxy.Seen> requests) {
    /** The report; fails naming what {@code run} threw when there is none. */
    SyncReport reportOrFail() {
      if (report == null) {
        throw new AssertionError(
            "SyncEngine.run threw instead of returning a recorded report: " + thrown, thrown);
      }
      return report;
    }

    long writes() {
      return requests.stream().filter(FaultProxy.Seen::writes).count();
    }

    long faults() {
      return requests.stream().filter(s -> s.fault() != null).count();
    }
  }
}
