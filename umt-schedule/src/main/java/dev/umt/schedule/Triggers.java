package dev.umt.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CalendarIntervalScheduleBuilder;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobKey;
import org.quartz.ScheduleBuilder;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * The Quartz triggers of a schedule, with the misfire policy: a fire missed while the machine was
 * asleep or the scheduler stopped runs once at wake-up, not once per missed slot.
 *
 * <ul>
 *   <li>once: a simple trigger, misfire FIRE_NOW;
 *   <li>daily: a calendar-interval trigger of one day in the schedule's zone that keeps the hour of
 *       day across daylight-saving changes and does not skip a day whose hour does not exist (it
 *       fires at the first valid time after it: 03:30 on the spring-forward day for 02:30 in
 *       Europe/Berlin; on the fall-back day once, at the first 02:30); misfire FIRE_AND_PROCEED
 *       (one fire now);
 *   <li>weekly: one such trigger of one week per chosen day;
 *   <li>continuously: a one-shot simple trigger, replaced by the job after each run with one at the
 *       run's end plus the interval; misfire FIRE_NOW;
 *   <li>custom: a cron trigger in the zone, misfire FIRE_ONCE_NOW. Quartz cron skips a time that
 *       does not exist on the spring-forward day (documented in docs/schedules.md).
 * </ul>
 */
final class Triggers {
  static final String GROUP = "umt";

  private Triggers() {}

  static JobKey jobKey(String scheduleId) {
    return JobKey.jobKey(scheduleId, GROUP);
  }

  /**
   * The triggers of {@code s} for job {@code job}; none when the schedule can no longer fire after
   * {@code now}.
   */
  static List<Trigger> of(Schedule s, JobKey job, Instant now) {
    TimeZone tz = TimeZone.getTimeZone(s.zone());
    Date end = s.end() == null ? null : Date.from(s.end().atZone(s.zone()).toInstant());
    Instant start = s.start().atZone(s.zone()).toInstant();
    // Recurring triggers start now at the earliest: a start in the past would be a misfire, fired
    // at once on every (re)start.
    LocalDateTime from = start.isAfter(now) ? s.start() : LocalDateTime.ofInstant(now, s.zone());
    List<Trigger> out = new ArrayList<>();
    if (s.timing() instanceof Timing.Once o) {
      LocalDateTime at = o.at().isBefore(s.start()) ? s.start() : o.at();
      out.add(
          trigger(
              s,
              job,
              "once",
              Date.from(at.atZone(s.zone()).toInstant()),
              end,
              SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()));
    } else if (s.timing() instanceof Timing.Daily d) {
      out.add(
          trigger(
              s,
              job,
              "daily",
              Date.from(firstAt(from, s.zone(), d.at(), null)),
              end,
              calendar(tz, 1)));
    } else if (s.timing() instanceof Timing.Weekly w) {
      for (DayOfWeek day : w.days()) {
        out.add(
            trigger(
                s,
                job,
                "weekly-" + day.name(),
                Date.from(firstAt(from, s.zone(), w.at(), day)),
                end,
                calendar(tz, 7)));
      }
    } else if (s.timing() instanceof Timing.Continuously) {
      Instant first = start.isAfter(now) ? start : now;
      out.add(continuation(s.id(), job, first, end));
    } else {
      Timing.Custom c = (Timing.Custom) s.timing();
      out.add(
          trigger(
              s,
              job,
              "cron",
              Date.from(start.isAfter(now) ? start : now),
              end,
              CronScheduleBuilder.cronSchedule(c.cron())
                  .inTimeZone(tz)
                  .withMisfireHandlingInstructionFireAndProceed()));
    }
    return out;
  }

  /** The one-shot trigger of a continuous schedule at {@code at}. */
  static Trigger continuation(String scheduleId, JobKey job, Instant at, Date end) {
    TriggerBuilder<org.quartz.SimpleTrigger> b =
        TriggerBuilder.newTrigger()
            .withIdentity(TriggerKey.triggerKey(scheduleId + "/continuously", GROUP))
            .forJob(job)
            .startAt(Date.from(at))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow());
    if (end != null) {
      b.endAt(end);
    }
    return b.build();
  }

  /** A one-shot trigger firing now, for a slot missed while no scheduler ran. */
  static Trigger catchUp(String scheduleId, JobKey job, Instant now) {
    return TriggerBuilder.newTrigger()
        .withIdentity(TriggerKey.triggerKey(scheduleId + "/catch-up", GROUP))
        .forJob(job)
        .startAt(Date.from(now))
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
  }

  /**
   * The next continuation of a continuous schedule after a run that ended at {@code ended}, or null
   * after its end.
   */
  static Instant nextContinuation(Duration every, Instant ended, Instant end) {
    Instant next = ended.plus(every);
    return end != null && next.isAfter(end) ? null : next;
  }

  private static CalendarIntervalScheduleBuilder calendar(TimeZone tz, int days) {
    return CalendarIntervalScheduleBuilder.calendarIntervalSchedule()
        .withIntervalInDays(days)
        .inTimeZone(tz)
        .preserveHourOfDayAcrossDaylightSavings(true)
        .skipDayIfHourDoesNotExist(false)
        .withMisfireHandlingInstructionFireAndProceed();
  }

  private static <T extends Trigger> Trigger trigger(
      Schedule s, JobKey job, String name, Date start, Date end, ScheduleBuilder<T> schedule) {
    TriggerBuilder<T> b =
        TriggerBuilder.newTrigger()
            .withIdentity(TriggerKey.triggerKey(s.id() + "/" + name, GROUP))
            .forJob(job)
            .startAt(start)
            .withSchedule(schedule);
    if (end != null) {
      b.endAt(end);
    }
    return b.build();
  }

  /**
   * The first moment at or after {@code from} with wall time {@code time} (on {@code day}, when
   * given) that exists in the zone: a calendar-interval trigger takes its hour of day from its
   * start, so the start must not fall in a daylight-saving gap.
   */
  private static Instant firstAt(
      LocalDateTime from, java.time.ZoneId zone, LocalTime time, DayOfWeek day) {
    LocalDate date = from.toLocalDate();
    if (day != null) {
      date = date.with(TemporalAdjusters.nextOrSame(day));
    }
    int step = day == null ? 1 : 7;
    while (true) {
      LocalDateTime candidate = date.atTime(time);
      ZonedDateTime z = candidate.atZone(zone);
      if (!candidate.isBefore(from) && z.toLocalDateTime().equals(candidate)) {
        return z.toInstant();
      }
      date = date.plusDays(step);
    }
  }
}
