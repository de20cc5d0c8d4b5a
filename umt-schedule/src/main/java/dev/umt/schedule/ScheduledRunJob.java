package dev.umt.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.PersistJobDataAfterExecution;
import org.quartz.SchedulerException;

/**
 * The Quartz job of every schedule: one fire at a time per schedule (also across a cluster), its
 * data only strings (so a JDBC job store with {@code useProperties=true} can keep it): {@code
 * scheduleId}, {@code ruleSet}, {@code every} (ISO-8601, continuous schedules only), {@code end}
 * (ISO instant or empty) and {@code lastStarted} (the start of its last run). Not public: {@link
 * UmtScheduler} gives Quartz a job factory that makes it, so Quartz's own factory (which needs a
 * public class) never does.
 */
@DisallowConcurrentExecution
@PersistJobDataAfterExecution
final class ScheduledRunJob implements Job {
  static final String SCHEDULE_ID = "scheduleId";
  static final String RULE_SET = "ruleSet";
  static final String EVERY = "every";
  static final String END = "end";
  static final String LAST_STARTED = "lastStarted";

  /** The schedule as its file writes it: a job with the same one is the same schedule. */
  static final String DEFINITION = "definition";

  @Override
  public void execute(JobExecutionContext context) {
    UmtScheduler owner;
    try {
      owner = (UmtScheduler) context.getScheduler().getContext().get(UmtScheduler.CONTEXT_KEY);
    } catch (SchedulerException e) {
      throw new IllegalStateException("the scheduler context cannot be read", e);
    }
    JobDataMap data = context.getJobDetail().getJobDataMap();
    Date scheduled =
        context.getScheduledFireTime() != null
            ? context.getScheduledFireTime()
            : context.getFireTime();
    owner.fire(data, scheduled.toInstant());
    String every = data.getString(EVERY);
    if (every != null && !every.isEmpty()) {
      String end = data.getString(END);
      Instant next =
          Triggers.nextContinuation(
              Duration.parse(every),
              owner.now(),
              end == null || end.isEmpty() ? null : Instant.parse(end));
      owner.continueAt(
          context.getTrigger().getKey(),
          context.getJobDetail().getKey(),
          next,
          data.getString(SCHEDULE_ID),
          end == null || end.isEmpty() ? null : Date.from(Instant.parse(end)));
    }
  }
}
