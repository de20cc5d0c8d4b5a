package dev.umt.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.state.JsonFileStateStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobDataMap;

/**
 * A real in-memory Quartz scheduler with triggers a few hundred milliseconds ahead: a run takes the
 * data folder's lock through the state store, and a fire that finds it taken, in this process or in
 * another, is recorded SKIPPED with the holder and not queued.
 */
class UmtSchedulerTest {
  static final ZoneId UTC = ZoneId.of("UTC");
  @TempDir Path data;

  /** A run as a real one would: open the state store (the lock), then report. */
  ScheduledRun lockingRun(BlockingQueue<ScheduledRun.Fire> fires) {
    return (fire, stop) -> {
      try (JsonFileStateStore store = JsonFileStateStore.open(data.resolve("state"))) {
        fires.add(fire);
        return new RunResult(RunResult.Outcome.COMPLETED, "plan-" + fires.size(), "");
      }
    };
  }

  static Schedule onceSoon(String id) {
    LocalDateTime at = LocalDateTime.ofInstant(Instant.now().plusMillis(300), UTC);
    return new Schedule(id, new Timing.Once(at), at.minusMinutes(1), null, UTC, "team-rules.json");
  }

  FireRecord awaitFire(FireHistory history, String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      var last = history.lastOf(id);
      if (last.isPresent()) {
        return last.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("schedule " + id + " did not fire");
  }

  @Test
  void aOnceScheduleFiresOnceWithItsRuleSetAndIsRecordedAndNotFiredAgainAfterARestart()
      throws Exception {
    java.nio.file.Files.createDirectories(data.resolve("state"));
    BlockingQueue<ScheduledRun.Fire> fires = new LinkedBlockingQueue<>();
    FireHistory history = FireHistory.open(data.resolve(FireHistory.NAME));
    Schedule s = onceSoon("go-live");
    try (UmtScheduler scheduler =
        UmtScheduler.create(UmtScheduler.defaultProperties(), lockingRun(fires), history)) {
      scheduler.schedule(s);
      scheduler.start();
      FireRecord r = awaitFire(history, "go-live");
      assertThat(r.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
      assertThat(r.planId()).isEqualTo("plan-1");
      ScheduledRun.Fire fire = fires.poll(5, TimeUnit.SECONDS);
      assertThat(fire.scheduleId()).isEqualTo("go-live");
      assertThat(fire.ruleSet()).isEqualTo("team-rules.json");
    }
    // A restart (the daemon again) does not fire a once schedule that has fired.
    try (UmtScheduler again =
        UmtScheduler.create(UmtScheduler.defaultProperties(), lockingRun(fires), history)) {
      again.replaceAll(List.of(s));
      assertThat(again.nextFire("go-live")).isEmpty();
    }
  }

  @Test
  void aOnceFireRecordedMillisecondsBeforeItsTimeCountsAndOneFromBeforeAnEditDoesNot()
      throws Exception {
    // Quartz starts a trigger when less than 2 ms remain, on whole milliseconds: the recorded
    // fire of a once schedule may precede its time by a few milliseconds, and is still its fire.
    FireHistory history = FireHistory.open(data.resolve(FireHistory.NAME));
    LocalDateTime at = LocalDateTime.of(2031, 3, 1, 9, 0, 0, 700_000);
    Instant atInstant = at.atZone(UTC).toInstant();
    history.record(
        new FireRecord(
            "go-live",
            atInstant.minusMillis(2),
            atInstant.plusSeconds(3),
            RunResult.Outcome.COMPLETED,
            "plan-1",
            ""));
    history.record(
        new FireRecord(
            "moved",
            atInstant.minus(Duration.ofMinutes(5)),
            atInstant.minus(Duration.ofMinutes(4)),
            RunResult.Outcome.COMPLETED,
            "plan-2",
            ""));
    try (UmtScheduler scheduler =
        UmtScheduler.create(
            UmtScheduler.defaultProperties(), lockingRun(new LinkedBlockingQueue<>()), history)) {
      scheduler.replaceAll(
          List.of(
              new Schedule("go-live", new Timing.Once(at), at.minusDays(1), null, UTC, null),
              new Schedule("moved", new Timing.Once(at), at.minusDays(1), null, UTC, null)));
      assertThat(scheduler.nextFire("go-live")).isEmpty();
      // "moved" fired five minutes before its time: its time was edited since, so it fires again.
      assertThat(scheduler.nextFire("moved")).contains(atInstant.minusNanos(700_000));
    }
  }

  @Test
  void aContinuousScheduleIsRescheduledAnIntervalAfterTheRunEnded() throws Exception {
    java.nio.file.Files.createDirectories(data.resolve("state"));
    FireHistory history = FireHistory.open(data.resolve(FireHistory.NAME));
    Schedule s =
        new Schedule(
            "often",
            new Timing.Continuously(Duration.ofMinutes(15)),
            LocalDateTime.ofInstant(Instant.now().plusMillis(300), UTC),
            null,
            UTC,
            null);
    try (UmtScheduler scheduler =
        UmtScheduler.create(
            UmtScheduler.defaultProperties(), lockingRun(new LinkedBlockingQueue<>()), history)) {
      scheduler.schedule(s);
      scheduler.start();
      FireRecord r = awaitFire(history, "often");
      assertThat(r.outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (scheduler.nextFire("often").isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      // The job reads the end of the run after recording it, so the next start is at least the
      // interval after the recorded end.
      assertThat(scheduler.nextFire("often"))
          .hasValueSatisfying(
              next ->
                  assertThat(next)
                      .isBetween(
                          r.finishedAt().plus(Duration.ofMinutes(15)),
                          r.finishedAt().plus(Duration.ofMinutes(15)).plusSeconds(5)));
    }
  }

  @Test
  void aFireThatFindsTheDataFolderLockedInThisProcessIsSkippedWithTheHolder() throws Exception {
    java.nio.file.Files.createDirectories(data.resolve("state"));
    FireHistory history = FireHistory.open(data.resolve(FireHistory.NAME));
    BlockingQueue<ScheduledRun.Fire> fires = new LinkedBlockingQueue<>();
    try (JsonFileStateStore manualRun = JsonFileStateStore.open(data.resolve("state"));
        UmtScheduler scheduler =
            UmtScheduler.create(UmtScheduler.defaultProperties(), lockingRun(fires), history)) {
      scheduler.schedule(onceSoon("nightly"));
      scheduler.start();
      FireRecord r = awaitFire(history, "nightly");
      assertThat(r.outcome()).isEqualTo(RunResult.Outcome.SKIPPED);
      assertThat(r.reason())
          .startsWith(
              "another run holds the data folder, so this fire is skipped, not queued: data folder"
                  + " ")
          .contains(
              "is already open in this process (pid "
                  + ProcessHandle.current().pid()
                  + " on host ");
      assertThat(fires).isEmpty();
      assertThat(scheduler.nextFire("nightly")).isEmpty();
    }
  }

  @Test
  void aFireThatFindsTheDataFolderLockedByAnotherProcessIsSkippedWithThatProcess()
      throws Exception {
    Path state = java.nio.file.Files.createDirectories(data.resolve("state"));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                state.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("locked")) {
        // the child's start-up output
      }
      assertThat(line).isEqualTo("locked");
      FireHistory history = FireHistory.open(data.resolve(FireHistory.NAME));
      BlockingQueue<ScheduledRun.Fire> fires = new LinkedBlockingQueue<>();
      try (UmtScheduler scheduler =
          UmtScheduler.create(UmtScheduler.defaultProperties(), lockingRun(fires), history)) {
        scheduler.schedule(onceSoon("nightly"));
        scheduler.start();
        FireRecord r = awaitFire(history, "nightly");
        assertThat(r.outcome()).isEqualTo(RunResult.Outcome.SKIPPED);
        assertThat(r.reason())
            .contains("is in use by another UMT process (pid " + child.pid() + " on host ");
        assertThat(fires).isEmpty();
      }
    } finally {
      child.getOutputStream().close();
      assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void twoSlotsMissedInOneSleepRunOnceAtWakeUp() throws Exception {
    FireHistory history = FireHistory.open(data.resolve(FireHistory.NAME));
    int[] runs = {0};
    try (UmtScheduler scheduler =
        UmtScheduler.create(
            UmtScheduler.defaultProperties(),
            (fire, stop) -> {
              runs[0]++;
              return new RunResult(RunResult.Outcome.COMPLETED, "p" + runs[0], "");
            },
            history)) {
      JobDataMap data = new JobDataMap();
      data.put(ScheduledRunJob.SCHEDULE_ID, "weekdays");
      data.put(ScheduledRunJob.RULE_SET, "rules.json");
      Instant wake = Instant.now();
      // Monday's and Friday's triggers both misfired; the job store fires each once, "now", one
      // after the other.
      scheduler.fire(data, wake);
      scheduler.fire(data, wake.minusMillis(5));
      assertThat(runs[0]).isEqualTo(1);
      List<FireRecord> last = history.last(2);
      assertThat(last.get(0).outcome()).isEqualTo(RunResult.Outcome.SKIPPED);
      assertThat(last.get(0).reason())
          .startsWith(
              "the fire due at "
                  + wake.minusMillis(5)
                  + " was missed and is covered by the run started at ");
      assertThat(last.get(1).outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
    }
  }

  /** A job that is not UMT's, as another application could store in a shared JDBC job store. */
  public static final class ForeignJob implements org.quartz.Job {
    @Override
    public void execute(org.quartz.JobExecutionContext context) {}
  }

  @Test
  void theJobFactoryMakesUmtsPackagePrivateJobAndRefusesAnyOtherWithItsClassNamed()
      throws Exception {
    org.quartz.JobDetail ours =
        org.quartz.JobBuilder.newJob(ScheduledRunJob.class).withIdentity("nightly", "umt").build();
    org.quartz.JobDetail foreign =
        org.quartz.JobBuilder.newJob(ForeignJob.class).withIdentity("report", "other").build();
    java.util.Date now = new java.util.Date();
    org.quartz.spi.OperableTrigger trigger =
        (org.quartz.spi.OperableTrigger)
            org.quartz.TriggerBuilder.newTrigger().withIdentity("t").startAt(now).build();

    assertThat(
            UmtScheduler.newJob(
                new org.quartz.spi.TriggerFiredBundle(
                    ours, trigger, null, false, now, now, null, null),
                null))
        .isInstanceOf(ScheduledRunJob.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                UmtScheduler.newJob(
                    new org.quartz.spi.TriggerFiredBundle(
                        foreign, trigger, null, false, now, now, null, null),
                    null))
        .isInstanceOf(org.quartz.SchedulerException.class)
        .hasMessage(
            "job other.report has class dev.umt.schedule.UmtSchedulerTest$ForeignJob; this"
                + " scheduler runs only UMT schedules (dev.umt.schedule.ScheduledRunJob)");
  }

  @Test
  void aRunThatThrowsIsRecordedFailedAndTheScheduleStays() throws Exception {
    FireHistory history = FireHistory.open(data.resolve(FireHistory.NAME));
    try (UmtScheduler scheduler =
        UmtScheduler.create(
            UmtScheduler.defaultProperties(),
            (fire, stop) -> {
              throw new dev.umt.ConfigurationException("rules.json: no such file");
            },
            history)) {
      Schedule s =
          new Schedule(
              "nightly",
              new Timing.Daily(java.time.LocalTime.of(2, 30)),
              LocalDateTime.of(2026, 1, 1, 0, 0),
              null,
              UTC,
              null);
      scheduler.schedule(s);
      JobDataMap data = new JobDataMap();
      data.put(ScheduledRunJob.SCHEDULE_ID, "nightly");
      scheduler.fire(data, Instant.now());
      assertThat(history.lastOf("nightly"))
          .hasValueSatisfying(
              r -> {
                assertThat(r.outcome()).isEqualTo(RunResult.Outcome.FAILED);
                assertThat(r.reason()).isEqualTo("rules.json: no such file");
              });
      assertThat(scheduler.ids()).containsExactly("nightly");
      assertThat(scheduler.nextFire("nightly")).isPresent();
    }
  }

  @Test
  void aSlotMissedWhileNoSchedulerRanRunsOnceAtStartAndANewScheduleCatchesNothingUp()
      throws Exception {
    FireHistory history = FireHistory.open(data.resolve(FireHistory.NAME));
    Instant now = Instant.now();
    Schedule nightly =
        new Schedule(
            "nightly",
            new Timing.Daily(java.time.LocalTime.of(2, 30)),
            LocalDateTime.of(2026, 1, 1, 0, 0),
            null,
            UTC,
            null);
    Schedule fresh = nightly.withId("fresh");
    Schedule often =
        new Schedule(
            "often",
            new Timing.Continuously(Duration.ofMinutes(15)),
            LocalDateTime.of(2026, 1, 1, 0, 0),
            null,
            UTC,
            null);
    history.record(
        new FireRecord(
            "nightly",
            now.minus(Duration.ofDays(3)),
            now.minus(Duration.ofDays(3)),
            RunResult.Outcome.COMPLETED,
            "p1",
            ""));
    Instant ended = now.minus(Duration.ofMinutes(5));
    history.record(
        new FireRecord(
            "often", ended.minusSeconds(30), ended, RunResult.Outcome.COMPLETED, "p2", ""));
    try (UmtScheduler scheduler =
        UmtScheduler.create(
            UmtScheduler.defaultProperties(),
            (fire, stop) -> RunResult.skipped("not started"),
            history)) {
      scheduler.replaceAll(List.of(nightly, fresh, often));
      // Three 02:30 slots passed since its last fire: one catch-up run now, not three.
      assertThat(scheduler.nextFire("nightly"))
          .hasValueSatisfying(
              t -> assertThat(t).isBetween(now.minusSeconds(1), Instant.now().plusSeconds(1)));
      assertThat(scheduler.nextFire("fresh"))
          .hasValue(fresh.firstFire(Instant.now()).orElseThrow());
      assertThat(scheduler.nextFire("fresh").orElseThrow()).isAfter(Instant.now());
      // A continuous schedule restarted 5 minutes after its last run ended waits the other 10.
      assertThat(scheduler.nextFire("often"))
          .hasValue(
              ended.plus(Duration.ofMinutes(15)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
  }
}
