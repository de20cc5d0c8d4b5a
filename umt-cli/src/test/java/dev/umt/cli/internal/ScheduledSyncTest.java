package dev.umt.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.umt.cli.CliFixture;
import dev.umt.schedule.FireHistory;
import dev.umt.schedule.FireRecord;
import dev.umt.schedule.RunResult;
import dev.umt.schedule.Schedule;
import dev.umt.schedule.ScheduleFile;
import dev.umt.schedule.ScheduledRun;
import dev.umt.schedule.Timing;
import dev.umt.schedule.UmtScheduler;
import dev.umt.state.JsonFileStateStore;
import dev.umt.testkit.gotomypc.StandInUser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a schedule does when it fires in {@code umt daemon}, against the embedded directory and the
 * GoToMyPC stand-in: it runs the schedule's rule set read at fire time, never applies a held plan
 * (it plans again and holds again, or pauses under {@code afterHeldRun PAUSE_UNTIL_APPROVED}), and
 * a fire through the real scheduler is recorded for {@code umt status}.
 */
class ScheduledSyncTest {
  @TempDir Path tmp;
  CliFixture f;

  /** As umt daemon makes it (the fixture keeps secrets unencrypted: no key in the environment). */
  ScheduledSync sync() {
    return new ScheduledSync(f.data, Map.of(), new PrintStream(new ByteArrayOutputStream()));
  }

  @BeforeEach
  void setUp() {
    f = new CliFixture(tmp.resolve("data"));
    assertThat(f.login().exit()).isZero();
    assertThat(f.connect().exit()).isZero();
    assertThat(
            f.run(
                    "rules",
                    "add",
                    "eng",
                    "--dn",
                    CliFixture.dn(CliFixture.ORG.group("Engineers").dn()),
                    "--group",
                    "Staff/Engineering")
                .exit())
        .isZero();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  static ScheduledRun.Fire fire(String ruleSet) {
    return new ScheduledRun.Fire("nightly", ruleSet, Instant.now(), Instant.now());
  }

  /**
   * The first run creates the accounts; then gina is disabled and the threshold is 0, so every run
   * would be held.
   */
  void createAccountsThenMakeEveryRunHeld() throws Exception {
    RunResult first = sync().run(fire("rules.json"), () -> false);
    assertThat(first.outcome()).as(first.reason()).isEqualTo(RunResult.Outcome.COMPLETED);
    f.run("settings", "set", "threshold.maxCount", "0");
    f.run("settings", "set", "threshold.maxPercent", "0");
    f.ad
        .server()
        .modify(
            CliFixture.dn(CliFixture.ORG.user("gina").dn()),
            new Modification(ModificationType.REPLACE, "userAccountControl", "514"));
  }

  String ginaStatus() {
    return f.gotomypc.users(f.company).stream()
        .filter(u -> u.email().equals("gina@example.test"))
        .map(StandInUser::status)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theNextScheduledRunOfAHeldPlanPlansAndHoldsAgainAndNeverAppliesIt() throws Exception {
    createAccountsThenMakeEveryRunHeld();
    String before = ginaStatus();
    RunResult held = sync().run(fire("rules.json"), () -> false);
    assertThat(held.outcome()).isEqualTo(RunResult.Outcome.HELD);
    RunResult again = sync().run(fire("rules.json"), () -> false);
    assertThat(again.outcome()).isEqualTo(RunResult.Outcome.HELD);
    assertThat(again.planId()).isNotEqualTo(held.planId());
    assertThat(again.reason()).startsWith("held for approval of plan " + again.planId() + ": ");
    assertThat(ginaStatus()).as("gina is not suspended by a scheduled run").isEqualTo(before);
    assertThat(f.run("held").out()).contains(held.planId(), again.planId());
    assertThat(f.run("history").out()).contains(held.planId() + " HELD", again.planId() + " HELD");
  }

  @Test
  void underPauseUntilApprovedAFireWhileAPlanIsHeldIsSkippedNamingThePlan() throws Exception {
    createAccountsThenMakeEveryRunHeld();
    assertThat(f.run("settings", "set", "afterHeldRun", "PAUSE_UNTIL_APPROVED").exit()).isZero();
    RunResult held = sync().run(fire("rules.json"), () -> false);
    assertThat(held.outcome()).isEqualTo(RunResult.Outcome.HELD);
    RunResult paused = sync().run(fire("rules.json"), () -> false);
    assertThat(paused.outcome()).isEqualTo(RunResult.Outcome.SKIPPED);
    assertThat(paused.reason())
        .isEqualTo(
            "paused while plan "
                + held.planId()
                + " waits for approval (global option afterHeldRun is "
                + "PAUSE_UNTIL_APPROVED): review it with 'umt report "
                + held.planId()
                + "', then 'umt approve "
                + held.planId()
                + "'");
    assertThat(f.run("approve", held.planId()).exit()).isZero();
    assertThat(sync().run(fire("rules.json"), () -> false).outcome())
        .isEqualTo(RunResult.Outcome.COMPLETED);
  }

  @Test
  void theRuleSetIsReadWhenTheScheduleFiresAndAMissingOneFailsTheFire() {
    assertThat(f.run("rules", "deactivate", "eng").exit()).isZero();
    RunResult none = sync().run(fire("rules.json"), () -> false);
    assertThat(none.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
    assertThat(f.gotomypc.users(f.company)).isEmpty();
    assertThat(f.run("rules", "activate", "eng").exit()).isZero();
    assertThat(sync().run(fire("rules.json"), () -> false).outcome())
        .isEqualTo(RunResult.Outcome.COMPLETED);
    assertThat(f.gotomypc.users(f.company)).isNotEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> sync().run(fire("team.json"), () -> false))
        .hasMessage(
            "no rules in "
                + f.data.resolve("team.json")
                + ": add one with 'umt rules add', or give the schedule another rule set");
  }

  @Test
  void aFireThroughTheSchedulerThatFindsAManualRunOnTheFolderIsSkippedAndStatusShowsIt()
      throws Exception {
    LocalDateTime at = LocalDateTime.ofInstant(Instant.now().plusMillis(300), ZoneId.of("UTC"));
    Schedule s =
        new Schedule(
            "nightly", new Timing.Once(at), at.minusMinutes(1), null, ZoneId.of("UTC"), null);
    ScheduleFile.open(f.data.resolve(ScheduleFile.NAME)).save(List.of(s));
    FireHistory history = FireHistory.open(f.data.resolve(FireHistory.NAME));
    try (JsonFileStateStore manual = JsonFileStateStore.open(f.data.resolve("state"));
        UmtScheduler scheduler =
            UmtScheduler.create(UmtScheduler.defaultProperties(), sync(), history)) {
      scheduler.schedule(s);
      scheduler.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (history.lastOf("nightly").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    FireRecord r = history.lastOf("nightly").orElseThrow();
    assertThat(r.outcome()).isEqualTo(RunResult.Outcome.SKIPPED);
    assertThat(f.gotomypc.users(f.company)).isEmpty();
    assertThat(f.run("status").out())
        .contains(
            "Schedules\n  nightly  once at ",
            " SKIPPED (another run holds the data folder, so this fire is "
                + "skipped, not queued: data folder "
                + f.data.resolve("state")
                + " is already open in this process (pid "
                + ProcessHandle.current().pid());
  }
}
