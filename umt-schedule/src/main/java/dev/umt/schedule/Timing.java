package dev.umt.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When a schedule fires: the five kinds of the original tool. Times are wall-clock times in the
 * schedule's {@link Schedule#zone() zone}. Each record checks its own values and throws {@link
 * ScheduleException} naming the field and value.
 */
public sealed interface Timing
    permits Timing.Once, Timing.Daily, Timing.Weekly, Timing.Continuously, Timing.Custom {

  /**
   * The kind's name in files and on the command line: {@code once}, {@code daily}, {@code weekly},
   * {@code continuously}, {@code custom}.
   */
  String kind();

  /** Once, at {@code at}. */
  record Once(LocalDateTime at) implements Timing {
    public Once {
      Objects.requireNonNull(at, "once.at");
    }

    @Override
    public String kind() {
      return "once";
    }
  }

  /** Every day at {@code at}. */
  record Daily(LocalTime at) implements Timing {
    public Daily {
      Objects.requireNonNull(at, "daily.at");
    }

    @Override
    public String kind() {
      return "daily";
    }
  }

  /** On each of {@code days} at {@code at}. */
  record Weekly(Set<DayOfWeek> days, LocalTime at) implements Timing {
    public Weekly {
      Objects.requireNonNull(at, "weekly.at");
      if (days == null || days.isEmpty()) {
        throw new ScheduleException(
            "weekly schedule", java.util.List.of("weekly.days: no day given"));
      }
      days = java.util.Collections.unmodifiableSet(EnumSet.copyOf(days));
    }

    @Override
    public String kind() {
      return "weekly";
    }
  }

  /**
   * Over and over: the next run starts {@code every} after the last one ended (so runs never pile
   * up, however long one takes). At least one minute.
   */
  record Continuously(Duration every) implements Timing {
    /**
     * The shortest interval: a run reads the whole directory, so more often than this only loads
     * the servers.
     */
    public static final Duration MIN = Duration.ofMinutes(1);

    public Continuously {
      Objects.requireNonNull(every, "continuously.every");
      if (every.compareTo(MIN) < 0) {
        throw new ScheduleException(
            "continuous schedule",
            java.util.List.of(
                "continuously.every: '"
                    + ScheduleText.format(every)
                    + "' is shorter than the minimum of 1m"));
      }
    }

    @Override
    public String kind() {
      return "continuously";
    }
  }

  /**
   * A Quartz cron expression: seconds, minutes, hours, day of month, month, day of week, optional
   * year, such as {@code 0 0/30 8-18 ? * MON-FRI}.
   */
  record Custom(String cron) implements Timing {
    public Custom {
      Objects.requireNonNull(cron, "custom.cron");
      cron = cron.strip().replaceAll("\\s+", " ");
      try {
        org.quartz.CronExpression.validateExpression(cron);
      } catch (java.text.ParseException e) {
        throw new ScheduleException(
            "custom schedule",
            java.util.List.of(
                "custom.cron: '"
                    + cron
                    + "' is not a Quartz cron expression ("
                    + e.getMessage()
                    + "; the fields are: seconds minutes hours day-of-month month day-of-week"
                    + " [year], such as '0 0/30 8-18 ? * MON-FRI')"));
      }
    }

    @Override
    public String kind() {
      return "custom";
    }
  }
}
