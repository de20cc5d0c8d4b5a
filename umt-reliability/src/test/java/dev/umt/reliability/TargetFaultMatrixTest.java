package dev.umt.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.StepOutcome;
import dev.umt.SyncReport;
import dev.umt.reliability.FaultProxy.Fault;
import dev.umt.target.CreateResult;
import dev.umt.target.NewAccount;
import dev.umt.target.ProvisioningTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target side of the fault matrix: the real {@code gotomypc} target against the stand-in
 * through the {@link FaultProxy}. Every case runs the same story: a clean first run creates 40
 * accounts; the directory then hires 40 more (one of whom was invited by hand, so is adopted),
 * renames 10 and moves 5 to the other rule's group; that run meets the fault; then the fault stops.
 * Each run's report must match the stand-in step by step, no email may hold two accounts, nothing
 * may be deprovisioned, the runs must converge within two runs once the fault stops, and a further
 * run must write nothing.
 */
class TargetFaultMatrixTest {
  private static final int FIRST = 40;
  private static final int ALL = 80;
  private static final List<String> FIGURES = new CopyOnWriteArrayList<>();

  @TempDir Path folder;

  @AfterAll
  static void printFigures() {
    FIGURES.forEach(System.out::println);
  }

  /** A fault on a seeded fraction of the API requests. */
  static FaultProxy.Policy fraction(long seed, double p, Function<Random, Fault> fault) {
    Random r = new Random(seed);
    return (n, method, path) -> r.nextDouble() < p ? fault.apply(r) : null;
  }

  @Test
  void a429StormOfTwentyCallsInARow() {
    story(
        "429 storm (calls 15 to 34 of the run, all of them)",
        counted((n, method, path) -> n >= 15 && n < 35 ? Fault.status(429, false) : null),
        w -> {},
        200);
  }

  @Test
  void a429OnHalfTheCalls() {
    story("429 on half the calls", fraction(429, 0.5, r -> Fault.status(429, false)), w -> {}, 200);
  }

  /** A policy that numbers the calls of the run it is given to from 1, not the world's. */
  static FaultProxy.Policy counted(FaultProxy.Policy p) {
    int[] calls = new int[1];
    return (n, method, path) -> p.decide(++calls[0], method, path);
  }

  @Test
  void internalServerErrors() {
    story(
        "500 (25 %, half after the stand-in applied it)",
        fraction(500, 0.25, r -> Fault.status(500, r.nextBoolean())), w -> {}, 200);
  }

  @Test
  void badGateways() {
    story(
        "502 (25 %, half after the stand-in applied it)",
        fraction(502, 0.25, r -> Fault.status(502, r.nextBoolean())), w -> {}, 200);
  }

  @Test
  void serviceUnavailable() {
    story("503 (25 %)", fraction(503, 0.25, r -> Fault.status(503, false)), w -> {}, 200);
  }

  @Test
  void gatewayTimeouts() {
    story(
        "504 (25 %, half after the stand-in applied it)",
        fraction(504, 0.25, r -> Fault.status(504, r.nextBoolean())), w -> {}, 200);
  }

  @Test
  void connectionResets() {
    story(
        "connection reset (25 %, half after the stand-in applied it)",
        fraction(104, 0.25, r -> Fault.reset(r.nextBoolean())), w -> {}, 200);
  }

  @Test
  void slowResponsesPastTheRequestTimeout() {
    story(
        "slow answer, 1.5 s past a 1 s request timeout (15 %, half applied first)",
        fraction(1500, 0.15, r -> Fault.slow(Duration.ofMillis(1500), r.nextBoolean())),
        w -> {},
        200);
  }

  @Test
  void malformedJson() {
    story(
        "malformed JSON answer after the stand-in applied the call (20 %)",
        fraction(200, 0.2, r -> Fault.malformed()), w -> {}, 200);
  }

  @Test
  void aTokenRevokedMidRun() {
    World[] world = new World[1];
    FaultProxy.Policy revokeAt30 =
        counted(
            (n, method, path) -> {
              if (n == 30) {
                world[0].standIn.revokeRefreshTokens();
                world[0].standIn.expireAccessTokens();
              }
              return null;
            });
    World.Run faulty =
        story(
            "refresh token revoked and access token expired at the 30th call of the run",
            revokeAt30,
            World::reconsent,
            200,
            w -> world[0] = w,
            w -> {});
    assertThat(faulty.reportOrFail().status())
        .as("a run whose credentials were revoked")
        .isNotEqualTo(SyncReport.Status.COMPLETED);
    assertThat(faulty.requests().stream().filter(s -> s.upstreamStatus() == 401).count())
        .as(
            "calls refused with 401 after the revocation: the apply stops instead of failing every"
                + " step one by one")
        .isLessThanOrEqualTo(8);
  }

  @Test
  void licenseSeatsExhausted() {
    List<String> holders = new ArrayList<>();
    story(
        "license seats exhausted (20 seats held by accounts UMT does not manage; 15 users short)",
        FaultProxy.Policy.NONE,
        w ->
            holders.forEach(
                k ->
                    otherTarget(
                        w,
                        t -> {
                          t.delete(k);
                          return null;
                        })),
        ALL + 20 - 15,
        w -> {},
        w ->
            holders.addAll(
                otherTarget(
                    w,
                    t ->
                        t
                            .create(
                                IntStream.range(0, 20)
                                    .mapToObj(
                                        i ->
                                            new NewAccount(
                                                "other" + i + "@example.test",
                                                "Other",
                                                "Holder" + i,
                                                null,
                                                true,
                                                false))
                                    .toList())
                            .stream()
                            .map(CreateResult::key)
                            .toList())));
  }

  /** Uses a target of its own, as another administrator's tool would. */
  private static <T> T otherTarget(World w, Function<ProvisioningTarget, T> use) {
    try (ProvisioningTarget t =
        Providers.load(TargetFaultMatrixTest.class.getClassLoader())
            .target("gotomypc")
            .create(Settings.of("another tool", w.settings()))) {
      return use.apply(t);
    }
  }

  private void story(String name, FaultProxy.Policy fault, Consumer<World> stopFault, int seats) {
    story(name, fault, stopFault, seats, w -> {}, w -> {});
  }

  /** Runs the story; returns the faulty run. */
  private World.Run story(
      String name,
      FaultProxy.Policy fault,
      Consumer<World> stopFault,
      int seats,
      Consumer<World> started,
      Consumer<World> beforeFault) {
    try (World w = World.start(folder, FIRST, ALL - FIRST, seats, 0, true, World.quickSettings())) {
      started.accept(w);
      World.Run first = w.run();
      assertThat(first.reportOrFail().status())
          .as("the clean first run")
          .isEqualTo(SyncReport.Status.COMPLETED);
      Truth.converged(w, first, FIRST);

      w.standIn.addUser(
          w.company,
          World.login(ALL - 1).toUpperCase(Locale.ROOT) + "@EXAMPLE.TEST",
          "Invited",
          "ByHand");
      w.hire(FIRST, ALL);
      for (int i = 0; i < 10; i++) {
        w.rename(i, "Renamed" + i);
      }
      for (int i = 10; i < 15; i++) {
        w.transfer(i);
      }
      beforeFault.accept(w);

      w.proxy.policy(fault);
      World.Run faulty = w.run();
      w.proxy.policy(FaultProxy.Policy.NONE);
      stopFault.accept(w);
      Map<String, Long> failed = new HashMap<>();
      if (faulty.report() != null) {
        faulty.report().outcomes().stream()
            .filter(o -> o.result() != StepOutcome.Result.DONE)
            .forEach(o -> failed.merge(o.result().name(), 1L, Long::sum));
      }
      long wrongful = Truth.deprovisions(w, faulty);
      long duplicates = Truth.duplicates(w);
      String figures =
          String.format(
              Locale.ROOT,
              "%-95s faults injected %3d of %3d calls, faulty run %s %s, ",
              name,
              faulty.faults(),
              faulty.requests().size(),
              faulty.report() == null ? "threw " + faulty.thrown() : faulty.report().status(),
              failed);
      FIGURES.add(figures + "...");
      Truth.reportMatchesStandIn(w, faulty);
      Truth.noDuplicates(w);
      Truth.noDeprovisioning(w, faulty);

      World.Run last = null;
      int runs = 0;
      while (runs < 2) {
        last = w.run();
        runs++;
        Truth.reportMatchesStandIn(w, last);
        Truth.noDuplicates(w);
        Truth.noDeprovisioning(w, last);
        if (last.report().status() == SyncReport.Status.COMPLETED) {
          break;
        }
      }
      assertThat(last.report().status())
          .as("within two runs once the fault stopped: %s", last.report().summary())
          .isEqualTo(SyncReport.Status.COMPLETED);
      Truth.converged(w, last, ALL);
      Truth.ledgerMatchesStandIn(w, last);
      World.Run quiet = w.run();
      assertThat(quiet.writes()).as("writes of a further run").isZero();
      assertThat(quiet.report().status()).isEqualTo(SyncReport.Status.COMPLETED);
      FIGURES.set(
          FIGURES.indexOf(figures + "..."),
          figures
              + String.format(
                  Locale.ROOT,
                  "converged in %d run(s), wrongful deprovisions %d, duplicates %d",
                  runs,
                  wrongful + Truth.deprovisions(w, last),
                  duplicates));
      return faulty;
    }
  }
}
