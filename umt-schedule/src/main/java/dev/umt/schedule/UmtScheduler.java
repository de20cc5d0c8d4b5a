package dev.umt.schedule;

import dev.umt.ConfigurationException;
import dev.umt.internal.Json;
import dev.umt.state.DataFolderLockedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.spi.TriggerFiredBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs schedules in this process on Quartz. By default Quartz keeps them in memory (the {@link
 * #defaultProperties() default properties}); give other Quartz properties to keep them in a JDBC
 * job store, clustered or not: each schedule is one durable job (one class of UMT's, never two
 * fires of one schedule at once) with one trigger per time it fires.
 *
 * <p>Each fire calls the {@link ScheduledRun}, which takes the data folder's lock by opening the
 * state store; a fire that finds it taken is recorded {@link RunResult.Outcome#SKIPPED} with the
 * holder, never queued. Every fire goes into the {@link FireHistory}. Misfires (the machine slept
 * through a fire) run once at wake-up, not once per missed slot, and a slot missed while no
 * scheduler ran runs once at {@link #schedule} time for a schedule that has fired before; see
 * {@code docs/schedules.md}.
 *
 * <p>Thread-safe. {@link #close()} asks a running fire to stop after its current step and waits for
 * it.
 *
 * <pre>{@code
 * FireHistory history = FireHistory.open(dataFolder.resolve(FireHistory.NAME));
 * try (UmtScheduler scheduler =
 *     UmtScheduler.create(UmtScheduler.defaultProperties(), run, history)) {
 *   scheduler.replaceAll(ScheduleFile.open(dataFolder.resolve(ScheduleFile.NAME)).load());
 *   scheduler.start();
 *   ... // until it is time to stop
 * }
 * }</pre>
 */
public final class UmtScheduler implements AutoCloseable {
  static final String CONTEXT_KEY = "dev.umt.schedule.UmtScheduler";
  private static final Logger log = LoggerFactory.getLogger(UmtScheduler.class);

  private final Scheduler quartz;
  private final ScheduledRun run;
  private final FireHistory history;
  private final Clock clock;
  private final AtomicBoolean stopping = new AtomicBoolean();

  private UmtScheduler(Scheduler quartz, ScheduledRun run, FireHistory history, Clock clock) {
    this.quartz = quartz;
    this.run = run;
    this.history = history;
    this.clock = clock;
  }

  /**
   * Quartz properties for an in-memory scheduler with its own name (so several can live in one
   * JVM), two threads (two schedules may fire at once; the data folder's lock lets one run) and a
   * misfire threshold of one minute.
   */
  public static Properties defaultProperties() {
    Properties p = new Properties();
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "umt-" + UUID.randomUUID());
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    return p;
  }

  /**
   * A scheduler, not yet started, over Quartz configured by {@code quartzProperties}.
   *
   * @throws ConfigurationException when Quartz refuses the properties
   */
  public static UmtScheduler create(
      Properties quartzProperties, ScheduledRun run, FireHistory history) {
    return create(quartzProperties, run, history, Clock.systemUTC());
  }

  static UmtScheduler create(
      Properties quartzProperties, ScheduledRun run, FireHistory history, Clock clock) {
    try {
      Scheduler q = new StdSchedulerFactory(quartzProperties).getScheduler();
      q.setJobFactory(UmtScheduler::newJob);
      UmtScheduler s = new UmtScheduler(q, run, history, clock);
      q.getContext().put(CONTEXT_KEY, s);
      return s;
    } catch (SchedulerException e) {
      throw new ConfigurationException(
          "the Quartz scheduler cannot be created: " + e.getMessage(), e);
    }
  }

  /**
   * Quartz's job factory for this scheduler: {@link ScheduledRunJob} is package-private, so
   * Quartz's default factory (reflection on a public class) cannot make it. A job stored by
   * something else in a shared JDBC job store is refused with its class named.
   */
  static Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) throws SchedulerException {
    Class<? extends Job> type = bundle.getJobDetail().getJobClass();
    if (type != ScheduledRunJob.class) {
      throw new SchedulerException(
          "job "
              + bundle.getJobDetail().getKey()
              + " has class "
              + type.getName()
              + "; this scheduler runs only UMT schedules ("
              + ScheduledRunJob.class.getName()
              + ")");
    }
    return new ScheduledRunJob();
  }

  /** Starts firing. */
  public void start() {
    try {
      quartz.start();
    } catch (SchedulerException e) {
      throw new ConfigurationException("the Quartz scheduler cannot start: " + e.getMessage(), e);
    }
  }

  /**
   * Adds {@code s}, or replaces the schedule with its id. A schedule whose time has passed (once,
   * or after its end) fires no more. When the job store already holds this very schedule (the same
   * definition), it is left as it is, triggers included: on a clustered store another node may have
   * run it already, and its triggers, not this node's fire history, say what is left to run.
   */
  public void schedule(Schedule s) {
    JobKey key = Triggers.jobKey(s.id());
    String definition = Json.write(ScheduleFile.toJson(s));
    try {
      JobDetail held = quartz.getJobDetail(key);
      if (held != null
          && definition.equals(held.getJobDataMap().getString(ScheduledRunJob.DEFINITION))) {
        log.debug("schedule {}: unchanged, kept as the job store holds it", s.id());
        return;
      }
    } catch (SchedulerException e) {
      throw new ConfigurationException(
          "schedule " + s.id() + " cannot be read: " + e.getMessage(), e);
    }
    JobDataMap data = new JobDataMap();
    data.put(ScheduledRunJob.DEFINITION, definition);
    data.put(ScheduledRunJob.SCHEDULE_ID, s.id());
    data.put(ScheduledRunJob.RULE_SET, s.ruleSet());
    data.put(
        ScheduledRunJob.EVERY,
        s.timing() instanceof Timing.Continuously c ? c.every().toString() : "");
    data.put(
        ScheduledRunJob.END,
        s.end() == null ? "" : s.end().atZone(s.zone()).toInstant().toString());
    data.put(ScheduledRunJob.LAST_STARTED, "");
    JobDetail job =
        JobBuilder.newJob(ScheduledRunJob.class)
            .withIdentity(key)
            .usingJobData(data)
            .storeDurably()
            .withDescription(s.describe())
            .build();
    List<Trigger> triggers = new ArrayList<>();
    Instant now = clock.instant();
    if (!(s.timing() instanceof Timing.Once o
        && onceDone(s.id(), o.at().atZone(s.zone()).toInstant()))) {
      Optional<FireRecord> last = history.lastOf(s.id());
      for (Trigger t : Triggers.of(s, key, now)) {
        if (s.timing() instanceof Timing.Continuously c && last.isPresent()) {
          // After a restart the next run still waits for the interval after the last one ended.
          Instant due = last.get().finishedAt().plus(c.every());
          if (due.isAfter(t.getStartTime().toInstant())) {
            t = Triggers.continuation(s.id(), key, due, t.getEndTime());
          }
        }
        if (t.getEndTime() == null || t.getEndTime().after(t.getStartTime())) {
          triggers.add(
              t); // a trigger that ends before it starts would be refused by Quartz: the schedule
          // is over
        }
      }
      missedWhileStopped(s, last, now)
          .ifPresent(
              missed -> {
                log.info(
                    "schedule {}: the fire due at {} was missed while no scheduler ran; it runs"
                        + " once now",
                    s.id(),
                    missed);
                triggers.add(Triggers.catchUp(s.id(), key, now));
              });
    }
    try {
      quartz.scheduleJob(job, new HashSet<>(triggers), true);
      log.info("schedule {}: {}", s.id(), s.describe());
    } catch (SchedulerException e) {
      throw new ConfigurationException(
          "schedule " + s.id() + " cannot be scheduled: " + e.getMessage(), e);
    }
  }

  /**
   * For a daily, weekly or custom schedule that has fired before: its first slot after that fire,
   * when that slot has passed (no scheduler ran then). One catch-up run covers every such slot, as
   * systemd's {@code Persistent=true} does. A schedule that never fired has nothing to catch up.
   */
  private static Optional<Instant> missedWhileStopped(
      Schedule s, Optional<FireRecord> last, Instant now) {
    if (last.isEmpty()
        || s.timing() instanceof Timing.Once
        || s.timing() instanceof Timing.Continuously) {
      return Optional.empty();
    }
    Optional<Instant> slot = s.firstFire(last.get().firedAt());
    Instant end = s.end() == null ? null : s.end().atZone(s.zone()).toInstant();
    return slot.filter(t -> t.isBefore(now) && (end == null || !t.isAfter(end)));
  }

  /**
   * Whether a once schedule has fired for its time (so a restart does not fire it again). Quartz
   * starts a trigger when less than 2 ms remain and keeps its time in whole milliseconds, so a fire
   * for {@code at} may be recorded a little before {@code at}: {@link #ONCE_EARLY} of slack covers
   * that, and is far shorter than any edit of a once schedule's time that should fire it again.
   */
  private boolean onceDone(String id, Instant at) {
    Instant earliest = at.minus(ONCE_EARLY);
    return history.lastOf(id).map(f -> !f.firedAt().isBefore(earliest)).orElse(false);
  }

  /** How long before its time a recorded fire of a once schedule still counts as its fire. */
  static final Duration ONCE_EARLY = Duration.ofSeconds(1);

  /**
   * Makes the scheduled set exactly {@code schedules}: adds or replaces each, removes the others.
   */
  public void replaceAll(List<Schedule> schedules) {
    Set<String> keep = new HashSet<>();
    schedules.forEach(s -> keep.add(s.id()));
    for (String id : ids()) {
      if (!keep.contains(id)) {
        unschedule(id);
      }
    }
    schedules.forEach(this::schedule);
  }

  /**
   * Removes schedule {@code id}; false when there was none. A fire of it already running goes on to
   * its end.
   */
  public boolean unschedule(String id) {
    try {
      return quartz.deleteJob(Triggers.jobKey(id));
    } catch (SchedulerException e) {
      throw new ConfigurationException(
          "schedule " + id + " cannot be removed: " + e.getMessage(), e);
    }
  }

  /** The ids of the scheduled schedules. */
  public Set<String> ids() {
    try {
      Set<String> out = new java.util.TreeSet<>();
      quartz
          .getJobKeys(GroupMatcher.jobGroupEquals(Triggers.GROUP))
          .forEach(k -> out.add(k.getName()));
      return out;
    } catch (SchedulerException e) {
      throw new ConfigurationException("the schedules cannot be listed: " + e.getMessage(), e);
    }
  }

  /** When schedule {@code id} fires next; empty when it fires no more or does not exist. */
  public Optional<Instant> nextFire(String id) {
    try {
      return quartz.getTriggersOfJob(Triggers.jobKey(id)).stream()
          .map(Trigger::getNextFireTime)
          .filter(java.util.Objects::nonNull)
          .min(Date::compareTo)
          .map(Date::toInstant);
    } catch (SchedulerException e) {
      throw new ConfigurationException("schedule " + id + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Whether {@link #close()} has been called: a running fire should stop after its current step.
   */
  public boolean stopRequested() {
    return stopping.get();
  }

  /**
   * Stops firing, asks a running fire to stop after its current step, and waits for it to end.
   * Idempotent.
   */
  @Override
  public void close() {
    stopping.set(true);
    try {
      quartz.shutdown(true);
    } catch (SchedulerException e) {
      log.warn("the Quartz scheduler did not shut down cleanly: {}", e.getMessage());
    }
  }

  Instant now() {
    return clock.instant();
  }

  /** One fire, from the job: skip a missed slot already covered, else run, and record it. */
  void fire(JobDataMap data, Instant scheduledAt) {
    String id = data.getString(ScheduledRunJob.SCHEDULE_ID);
    Instant firedAt = clock.instant();
    String last = data.getString(ScheduledRunJob.LAST_STARTED);
    RunResult result;
    if (last != null && !last.isEmpty() && !scheduledAt.isAfter(Instant.parse(last))) {
      // Two slots missed during one sleep (a weekly schedule on two days) both fire at wake-up: one
      // run covers them.
      result =
          RunResult.skipped(
              "the fire due at "
                  + scheduledAt
                  + " was missed and is covered by the run started at "
                  + last);
    } else {
      data.put(ScheduledRunJob.LAST_STARTED, firedAt.toString());
      result =
          runOnce(
              new ScheduledRun.Fire(
                  id, data.getString(ScheduledRunJob.RULE_SET), scheduledAt, firedAt));
    }
    FireRecord r =
        new FireRecord(
            id, firedAt, clock.instant(), result.outcome(), result.planId(), result.reason());
    if (result.outcome() == RunResult.Outcome.SKIPPED
        || result.outcome() == RunResult.Outcome.FAILED) {
      log.warn("schedule {}: {} {}", id, result.outcome(), result.reason());
    } else {
      log.info(
          "schedule {}: {} plan {} {}", id, result.outcome(), result.planId(), result.reason());
    }
    try {
      history.record(r);
    } catch (RuntimeException e) {
      log.error(
          "schedule {}: the fire could not be recorded in the schedule history: {}",
          id,
          e.getMessage());
    }
  }

  private RunResult runOnce(ScheduledRun.Fire fire) {
    try {
      RunResult r = run.run(fire, stopping::get);
      return r == null
          ? new RunResult(RunResult.Outcome.FAILED, "none", "the scheduled run returned no result")
          : r;
    } catch (DataFolderLockedException e) {
      return RunResult.skipped(
          "another run holds the data folder, so this fire is skipped, not queued: "
              + e.getMessage());
    } catch (RuntimeException e) {
      log.error("schedule {}: the run failed", fire.scheduleId(), e);
      return new RunResult(
          RunResult.Outcome.FAILED, "none", e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /**
   * Replaces a continuous schedule's trigger with one at {@code at}; null or stopping: no more
   * fires.
   */
  void continueAt(TriggerKey key, JobKey job, Instant at, String scheduleId, Date end) {
    if (at == null || stopping.get()) {
      return;
    }
    try {
      quartz.rescheduleJob(key, Triggers.continuation(scheduleId, job, at, end));
    } catch (SchedulerException e) {
      log.error(
          "schedule {}: the next continuous run cannot be scheduled: {}",
          scheduleId,
          e.getMessage());
    }
  }
}
