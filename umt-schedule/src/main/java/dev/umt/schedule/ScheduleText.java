package dev.umt.schedule;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the values of a schedule from text, as typed on a command line or kept in a file, and
 * writes them back. Every method that reads throws {@link ScheduleException} whose one problem
 * names {@code field} and the value, such as {@code weekly.days: 'Funday' is not a day}. Stateless.
 */
public final class ScheduleText {
  private static final Pattern INTERVAL =
      Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private ScheduleText() {}

  private static ScheduleException bad(String field, String value, String what) {
    return new ScheduleException("schedule", List.of(field + ": '" + value + "' " + what));
  }

  /** A time of day, {@code HH:MM} (24 hours), such as {@code 02:30}. */
  public static LocalTime time(String field, String text) {
    String t = text == null ? "" : text.strip();
    if (!t.matches("\\d{1,2}:\\d{2}")) {
      throw bad(field, t, "is not a time of day (HH:MM, 24 hours, such as 02:30)");
    }
    try {
      return LocalTime.parse(t.length() == 4 ? "0" + t : t);
    } catch (DateTimeException e) {
      throw bad(field, t, "is not a time of day (HH:MM, 24 hours, such as 02:30)");
    }
  }

  /** A date and time, {@code YYYY-MM-DDTHH:MM} (or a bare date, meaning its midnight). */
  public static LocalDateTime dateTime(String field, String text) {
    String t = text == null ? "" : text.strip();
    try {
      return t.length() == 10
          ? java.time.LocalDate.parse(t).atStartOfDay()
          : LocalDateTime.parse(t);
    } catch (DateTimeException e) {
      throw bad(field, t, "is not a date and time (YYYY-MM-DDTHH:MM, such as 2027-01-04T09:00)");
    }
  }

  /** A time-zone id, such as {@code Europe/Berlin} or {@code UTC}. */
  public static ZoneId zone(String field, String text) {
    String t = text == null ? "" : text.strip();
    try {
      return ZoneId.of(t);
    } catch (DateTimeException e) {
      throw bad(field, t, "is not a time zone (a region id such as Europe/Berlin, or UTC)");
    }
  }

  /**
   * Days of the week, comma-separated, by English name or its first three letters, any case: {@code
   * MON,FRI}.
   */
  public static Set<DayOfWeek> days(String field, String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      throw bad(field, t, "names no day (give days such as MON,FRI)");
    }
    List<String> names = new ArrayList<>();
    for (String d : t.split(",")) {
      names.add(d.strip());
    }
    return days(field, names);
  }

  /** Days of the week, each an English name or its first three letters, any case. */
  public static Set<DayOfWeek> days(String field, List<String> names) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String n : names) {
      days.add(day(field, n));
    }
    if (days.isEmpty()) {
      throw bad(field, "", "names no day (give days such as MON,FRI)");
    }
    return days;
  }

  private static DayOfWeek day(String field, String name) {
    String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (n.length() >= 3 && d.name().startsWith(n) && (n.length() == 3 || n.equals(d.name()))) {
        return d;
      }
    }
    throw bad(
        field, name, "is not a day (MON, TUE, WED, THU, FRI, SAT, SUN or the full English name)");
  }

  /**
   * An interval: {@code 15m}, {@code 1h30m}, {@code 2h}, {@code 1d}, {@code 90s}, or ISO-8601 such
   * as {@code PT15M}.
   */
  public static Duration interval(String field, String text) {
    String t = text == null ? "" : text.strip();
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeException e) {
        throw bad(field, t, "is not an interval (such as 15m, 1h30m, 1d or PT15M)");
      }
    }
    Matcher m = INTERVAL.matcher(t.toLowerCase(Locale.ROOT));
    if (t.isEmpty() || !m.matches()) {
      throw bad(field, t, "is not an interval (such as 15m, 1h30m, 1d or PT15M)");
    }
    Duration d = Duration.ZERO;
    long[] unit = {86_400, 3_600, 60, 1};
    for (int i = 0; i < 4; i++) {
      if (m.group(i + 1) != null) {
        d = d.plusSeconds(Long.parseLong(m.group(i + 1)) * unit[i]);
      }
    }
    return d;
  }

  /** {@code 1h30m}-style text for {@code d}. */
  public static String format(Duration d) {
    StringBuilder b = new StringBuilder();
    long s = d.getSeconds();
    long[] unit = {86_400, 3_600, 60, 1};
    String[] name = {"d", "h", "m", "s"};
    for (int i = 0; i < 4; i++) {
      if (s >= unit[i]) {
        b.append(s / unit[i]).append(name[i]);
        s %= unit[i];
      }
    }
    return b.length() == 0 ? "0s" : b.toString();
  }

  /** Short day names, {@code MON,FRI}, in week order. */
  public static String days(Set<DayOfWeek> days) {
    return days.stream()
        .sorted()
        .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toUpperCase(Locale.ROOT))
        .collect(Collectors.joining(","));
  }

  static String describe(Timing t) {
    if (t instanceof Timing.Once o) {
      return "once at " + o.at();
    } else if (t instanceof Timing.Daily d) {
      return "daily at " + d.at();
    } else if (t instanceof Timing.Weekly w) {
      return "weekly on " + days(w.days()) + " at " + w.at();
    } else if (t instanceof Timing.Continuously c) {
      return "continuously, " + format(c.every()) + " after each run ends";
    }
    return "cron '" + ((Timing.Custom) t).cron() + "'";
  }
}
