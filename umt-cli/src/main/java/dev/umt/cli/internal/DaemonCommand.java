package dev.umt.cli.internal;

import dev.umt.cli.Umt;
import dev.umt.schedule.FireHistory;
import dev.umt.schedule.Schedule;
import dev.umt.schedule.ScheduleFile;
import dev.umt.schedule.UmtScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code umt daemon}: the data folder's schedules on Quartz in the foreground until SIGTERM or
 * Ctrl-C, which stop it after the current user step of a run in progress (the rest of that run is
 * NOT_ATTEMPTED, and the run ends FAILED saying so). Logs to the data folder's log. Re-reads
 * schedules.json when it changes.
 */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    description = {
      "Run the schedules in the foreground until SIGTERM or Ctrl-C.",
      "",
      "Each schedule runs its rules as 'umt run' would; a run that finds another run on the data"
          + " folder is skipped, not queued. Changes made with 'umt schedule add/remove' take"
          + " effect within seconds. On SIGTERM a run in progress stops after its current step and"
          + " the daemon exits (status 143). It logs to the data folder's logs/umt.log ('-v' also"
          + " to the console).",
      ""
    })
final class DaemonCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(DaemonCommand.class);

  /** How often schedules.json is checked for changes. */
  static final long RELOAD_MILLIS = 2_000;

  /** How long SIGTERM waits for a run in progress to reach the end of its step. */
  static final long STOP_WAIT_MINUTES = 10;

  /** The clustered scheduler's name: the same on every node. */
  static final String SCHEDULER_NAME = "umt";

  private final Cli cli;

  DaemonCommand(Cli cli) {
    this.cli = cli;
  }

  @Option(
      names = "--quartz-properties",
      paramLabel = "FILE",
      description =
          "Quartz properties (such as a clustered JDBC job store) instead of the in-memory default")
  @Nullable Path quartzProperties;

  @Option(
      names = "--cluster",
      description =
          "run the schedules on Quartz's clustered job store in the PostgreSQL database of the"
              + " local options (stateStore postgres): every node runs 'umt daemon --cluster', each"
              + " fire time runs on one node")
  boolean cluster;

  @Override
  public Integer call() throws InterruptedException {
    DataFolder data = cli.data();
    Properties quartz = properties(data);
    ScheduleFile file = ScheduleFile.open(data.root().resolve(ScheduleFile.NAME));
    List<Schedule> schedules = file.load();
    if (schedules.isEmpty()) {
      throw new UserError("no schedules in " + file.file() + ": add one with 'umt schedule add'");
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              log.info("umt daemon: asked to stop; a run in progress stops after its current step");
              stop.countDown();
              try {
                stopped.await(STOP_WAIT_MINUTES, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "umt-daemon-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    UmtScheduler scheduler =
        UmtScheduler.create(
            quartz,
            new ScheduledSync(data.root(), cli.env, cli.err),
            FireHistory.open(data.root().resolve(FireHistory.NAME)));
    try {
      scheduler.replaceAll(schedules);
      scheduler.start();
      cli.out.println(
          "umt daemon: "
              + schedules.size()
              + " schedule(s) on "
              + data.root()
              + (cluster ? ", clustered" : "")
              + "; stop with SIGTERM or Ctrl-C");
      schedules.forEach(
          s ->
              cli.out.println(
                  "  "
                      + s.id()
                      + ": next run "
                      + ScheduleCommands.when(scheduler.nextFire(s.id()), s.zone())));
      cli.out.flush();
      log.info("umt daemon started with {} schedule(s) on {}", schedules.size(), data.root());
      FileTime seen = modified(file.file());
      while (!stop.await(RELOAD_MILLIS, TimeUnit.MILLISECONDS)) {
        FileTime now = modified(file.file());
        if (!Objects.equals(now, seen)) {
          seen = now;
          try {
            List<Schedule> changed = file.load();
            scheduler.replaceAll(changed);
            log.info("umt daemon: {} changed; now {} schedule(s)", file.file(), changed.size());
          } catch (RuntimeException e) {
            log.error(
                "umt daemon: {} changed but cannot be used, keeping the schedules as they were: {}",
                file.file(),
                e.getMessage());
          }
        }
      }
    } finally {
      scheduler.close();
      log.info("umt daemon stopped at {}", Instant.now());
      cli.out.println("umt daemon: stopped");
      cli.out.flush();
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down already (SIGTERM): the hook is running
      }
    }
    return Umt.OK;
  }

  private Properties properties(DataFolder data) {
    if (cluster && quartzProperties != null) {
      throw new UserError("--cluster and --quartz-properties: give one of them");
    }
    if (cluster) {
      try (Session session = new Session(data)) {
        dev.umt.rules.LocalOptions local = session.localOptions();
        if (!local.usesPostgres()) {
          throw new UserError(
              "--cluster: needs the local option stateStore postgres (with postgres.url and"
                  + " postgres.user): the schedule is shared through the database");
        }
        session.database(); // creates or migrates the qrtz_* tables before Quartz looks for them
        return dev.umt.postgres.PostgresQuartz.clusteredProperties(
            Session.postgresConfig(local, data), SCHEDULER_NAME);
      }
    }
    if (quartzProperties == null) {
      return UmtScheduler.defaultProperties();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(quartzProperties)) {
      p.load(in);
    } catch (IOException e) {
      throw new UserError(
          "cannot read the Quartz properties " + quartzProperties + ": " + e.getMessage());
    }
    return p;
  }

  private static @Nullable FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }
}
