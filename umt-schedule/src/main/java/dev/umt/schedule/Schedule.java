package dev.umt.schedule;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled sync: when it fires ({@link Timing}), from when until when, in which time zone, and
 * the rule set it runs. The rule set is read when the schedule fires, not when it is scheduled, and
 * only its active rules run.
 *
 * <pre>{@code
 * Schedule nightly = new Schedule("nightly", new Timing.Daily(LocalTime.of(2, 30)),
 *     LocalDateTime.of(2026, 12, 1, 0, 0), null, ZoneId.of("Europe/Berlin"), "rules.json");
 * }</pre>
 *
 * @param id a name of letters, digits, {@code .}, {@code _} and {@code -} (up to 64), unique among
 *     the schedules of one data folder
 * @param timing when it fires
 * @param start the first moment it may fire, wall-clock time in {@code zone}; for {@link
 *     Timing.Once} the later of this and its time
 * @param end the last moment it may fire, or null for no end; must be after {@code start}
 * @param zone the time zone of {@code start}, {@code end} and the timing's times
 * @param ruleSet the rule-set file it runs, relative to the data folder (usually {@code
 *     rules.json})
 *     <p>The constructor throws {@link ScheduleException} naming each bad field and its value.
 */
public record Schedule(
    String id,
    Timing timing,
    LocalDateTime start,
    @Nullable LocalDateTime end,
    ZoneId zone,
    String ruleSet) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** The rule set a schedule runs unless told otherwise. */
  public static final String DEFAULT_RULE_SET = "rules.json";

  public Schedule {
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(zone, "zone");
    ruleSet = ruleSet == null || ruleSet.isBlank() ? DEFAULT_RULE_SET : ruleSet.strip();
    String origin = "schedule " + id;
    if (id == null || !ID.matcher(id).matches()) {
      throw new ScheduleException(
          "schedule",
          List.of(
              "id: '"
                  + id
                  + "' is not a schedule id (letters, digits, '.', '_', '-', up to 64, "
                  + "starting with a letter or digit)"));
    }
    if (end != null && !end.isAfter(start)) {
      throw new ScheduleException(
          origin, List.of("end: '" + end + "' is not after start '" + start + "'"));
    }
    if (timing instanceof Timing.Once once && end != null && once.at().isAfter(end)) {
      throw new ScheduleException(
          origin, List.of("once.at: '" + once.at() + "' is after end '" + end + "'"));
    }
  }

  /** The same schedule with another id. */
  public Schedule withId(String newId) {
    return new Schedule(newId, timing, start, end, zone, ruleSet);
  }

  /**
   * When this schedule would fire first if scheduled at {@code now} (for a continuous schedule: its
   * first run); empty when it would not fire any more (a once schedule whose time has passed is due
   * at once, as a misfire). Pure: no scheduler is involved.
   */
  public java.util.Optional<java.time.Instant> firstFire(java.time.Instant now) {
    return Triggers.of(this, Triggers.jobKey(id), now).stream()
        .map(t -> ((org.quartz.spi.OperableTrigger) t).computeFirstFireTime(null))
        .filter(java.util.Objects::nonNull)
        .map(java.util.Date::toInstant)
        .min(java.time.Instant::compareTo);
  }

  /**
   * One line for a listing, such as {@code nightly daily at 02:30 from 2026-12-01T00:00
   * Europe/Berlin rules.json}.
   */
  public String describe() {
    return ScheduleText.describe(timing)
        + ", from "
        + start
        + (end == null ? "" : " until " + end)
        + " ("
        + zone.getId()
        + "), rules "
        + ruleSet;
  }
}
