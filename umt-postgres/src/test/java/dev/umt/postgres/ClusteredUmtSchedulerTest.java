package dev.umt.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.schedule.FireHistory;
import dev.umt.schedule.FireRecord;
import dev.umt.schedule.RunResult;
import dev.umt.schedule.Schedule;
import dev.umt.schedule.ScheduledRun;
import dev.umt.schedule.Timing;
import dev.umt.schedule.UmtScheduler;
import dev.umt.testkit.postgres.PostgresTestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UmtScheduler} on the clustered job store in PostgreSQL, as {@code umt daemon --cluster}
 * runs it on every node: each node has its own data folder (its own fire history) and hands the
 * same schedules to the one shared store when it starts. A node that starts after another node ran
 * a schedule must not start that schedule over; a changed schedule replaces the one stored.
 */
class ClusteredUmtSchedulerTest {
  static final ZoneId UTC = ZoneId.of("UTC");
  static PostgresTestServer.Database database;
  static PostgresDatabase db;
  static Properties quartz;

  @TempDir Path folder;

  @BeforeAll
  static void database() {
    database = PostgresTestServer.find().createDatabase("umt-scheduler-cluster");
    PostgresConfig config =
        PostgresConfig.builder().jdbcUrl(database.jdbcUrl()).user(database.server().user()).build();
    db = PostgresDatabase.open(config); // creates the qrtz_* tables
    quartz = PostgresQuartz.clusteredProperties(config, "umt-scheduler-cluster");
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
    if (database != null) {
      database.close();
    }
  }

  static ScheduledRun recording(String node, BlockingQueue<String> fires) {
    return (fire, stop) -> {
      fires.add(node + " " + fire.scheduleId());
      return new RunResult(RunResult.Outcome.COMPLETED, "plan-" + node, "");
    };
  }

  static FireRecord awaitFire(FireHistory history, String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      var last = history.lastOf(id);
      if (last.isPresent()) {
        return last.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("schedule " + id + " did not fire");
  }

  @Test
  void aOnceScheduleThatRanOnOneNodeIsNotRunAgainWhenAnotherNodeStarts() throws Exception {
    LocalDateTime at = LocalDateTime.ofInstant(Instant.now().plusSeconds(2), UTC);
    Schedule once =
        new Schedule("go-live", new Timing.Once(at), at.minusMinutes(1), null, UTC, null);
    BlockingQueue<String> fires = new LinkedBlockingQueue<>();
    FireHistory historyA = FireHistory.open(folder.resolve("a-" + FireHistory.NAME));
    try (UmtScheduler a = UmtScheduler.create(quartz, recording("a", fires), historyA)) {
      a.replaceAll(List.of(once));
      a.start();
      assertThat(awaitFire(historyA, "go-live").outcome()).isEqualTo(RunResult.Outcome.COMPLETED);
      assertThat(fires.poll(5, TimeUnit.SECONDS)).isEqualTo("a go-live");
    }

    // Node b: its own data folder, so its own (empty) fire history, the same schedule file.
    FireHistory historyB = FireHistory.open(folder.resolve("b-" + FireHistory.NAME));
    try (UmtScheduler b = UmtScheduler.create(quartz, recording("b", fires), historyB)) {
      b.replaceAll(List.of(once));
      b.start();
      assertThat(b.nextFire("go-live")).isEmpty();
      assertThat(fires.poll(3, TimeUnit.SECONDS)).isNull();

      // The schedule changed (a new time): the changed one replaces it and runs.
      LocalDateTime later = LocalDateTime.ofInstant(Instant.now().plusSeconds(2), UTC);
      b.replaceAll(
          List.of(
              new Schedule(
                  "go-live", new Timing.Once(later), later.minusMinutes(1), null, UTC, null)));
      assertThat(b.nextFire("go-live")).isPresent();
      assertThat(fires.poll(30, TimeUnit.SECONDS)).isEqualTo("b go-live");
    }
  }
}
