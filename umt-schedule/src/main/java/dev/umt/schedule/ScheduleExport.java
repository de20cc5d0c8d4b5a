package dev.umt.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A schedule for the operating system's scheduler instead of {@code umt daemon}: a Windows Task
 * Scheduler task ({@code schtasks /Create /XML FILE /TN NAME}), a systemd service and timer pair,
 * or a crontab line, each running the given command (such as {@code umt run --data /var/lib/umt}).
 * What a format cannot express is refused with {@link ScheduleException} saying what and why:
 * systemd and cron have no end date and no start date in the future; cron cannot run once or keep a
 * time zone other than the machine's (a {@code CRON_TZ} line is written, which cronie honours); a
 * custom cron expression converts where each field has an equivalent. Stateless.
 *
 * <pre>{@code
 * String xml =
 *     ScheduleExport.windowsTask(
 *         schedule, List.of("C:\\umt\\umt.cmd", "run", "--data", "C:\\umt-data"));
 * List<String> command = List.of("/opt/umt/umt", "run", "--data", "/var/lib/umt");
 * ScheduleExport.SystemdUnits units = ScheduleExport.systemd(schedule, command);
 * String line = ScheduleExport.crontab(schedule, command);
 * }</pre>
 */
public final class ScheduleExport {
  private static final String[] CRON_DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };

  private ScheduleExport() {}

  /**
   * A systemd service and its timer.
   *
   * @param serviceName such as {@code umt-nightly.service}
   * @param service the service unit's text
   * @param timerName such as {@code umt-nightly.timer}
   * @param timer the timer unit's text
   */
  public record SystemdUnits(String serviceName, String service, String timerName, String timer) {}

  private static ScheduleException cannot(Schedule s, String format, String why) {
    return new ScheduleException(
        "schedule " + s.id(), List.of(format + " cannot express it: " + why));
  }

  // --- Windows Task Scheduler ---

  /**
   * A Task Scheduler 1.2 task: a TimeTrigger (once; continuously, repeating every interval) or a
   * CalendarTrigger (ScheduleByDay, ScheduleByWeek with DaysOfWeek) with StartBoundary and
   * EndBoundary in local time, StartWhenAvailable (a missed start runs once when the machine is
   * back) and MultipleInstancesPolicy IgnoreNew (never two at once). Declared UTF-16, as {@code
   * schtasks} expects: write it to a file in UTF-16.
   *
   * @param command the program and its arguments; the first element is the program
   * @throws ScheduleException for a custom cron expression other than a daily or weekly time
   */
  public static String windowsTask(Schedule s, List<String> command) {
    Timing t = s.timing();
    if (t instanceof Timing.Custom c) {
      t =
          simpleTiming(c.cron())
              .orElseThrow(
                  () ->
                      cannot(
                          s,
                          "Windows Task Scheduler",
                          "cron '"
                              + c.cron()
                              + "' is not one time on every day or on some days of the week; use a"
                              + " daily or weekly schedule, or run 'umt daemon'"));
    }
    StringBuilder trig = new StringBuilder();
    String end = s.end() == null ? "" : "      <EndBoundary>" + iso(s.end()) + "</EndBoundary>\n";
    if (t instanceof Timing.Once o) {
      LocalDateTime at = o.at().isBefore(s.start()) ? s.start() : o.at();
      trig.append("    <TimeTrigger>\n      <StartBoundary>")
          .append(iso(at))
          .append("</StartBoundary>\n")
          .append(end)
          .append("      <Enabled>true</Enabled>\n    </TimeTrigger>\n");
    } else if (t instanceof Timing.Continuously c) {
      trig.append("    <TimeTrigger>\n      <Repetition>\n        <Interval>")
          .append(windowsDuration(c.every()))
          .append(
              "</Interval>\n"
                  + "        <StopAtDurationEnd>false</StopAtDurationEnd>\n"
                  + "      </Repetition>\n"
                  + "      <StartBoundary>")
          .append(iso(s.start()))
          .append("</StartBoundary>\n")
          .append(end)
          .append("      <Enabled>true</Enabled>\n    </TimeTrigger>\n");
    } else if (t instanceof Timing.Daily d) {
      trig.append("    <CalendarTrigger>\n      <StartBoundary>")
          .append(iso(firstAt(s, d.at())))
          .append("</StartBoundary>\n")
          .append(end)
          .append(
              "      <Enabled>true</Enabled>\n"
                  + "      <ScheduleByDay>\n"
                  + "        <DaysInterval>1</DaysInterval>\n"
                  + "      </ScheduleByDay>\n")
          .append("    </CalendarTrigger>\n");
    } else {
      Timing.Weekly w = (Timing.Weekly) t;
      trig.append("    <CalendarTrigger>\n      <StartBoundary>")
          .append(iso(firstAt(s, w.at())))
          .append("</StartBoundary>\n")
          .append(end)
          .append("      <Enabled>true</Enabled>\n      <ScheduleByWeek>\n        <DaysOfWeek>\n");
      for (DayOfWeek day : w.days()) {
        trig.append("          <")
            .append(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH))
            .append(" />\n");
      }
      trig.append(
          "        </DaysOfWeek>\n"
              + "        <WeeksInterval>1</WeeksInterval>\n"
              + "      </ScheduleByWeek>\n"
              + "    </CalendarTrigger>\n");
    }
    String args =
        command.subList(1, command.size()).stream()
            .map(ScheduleExport::windowsQuote)
            .collect(Collectors.joining(" "));
    return "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n"
        + "<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n"
        + "  <RegistrationInfo>\n    <Description>"
        + xml(
            "UMT schedule "
                + s.id()
                + ": "
                + s.describe()
                + "; times are the machine's local time (the schedule's zone is "
                + s.zone().getId()
                + ")")
        + "</Description>\n"
        + "    <URI>\\UMT\\"
        + xml(s.id())
        + "</URI>\n  </RegistrationInfo>\n"
        + "  <Triggers>\n"
        + trig
        + "  </Triggers>\n"
        + "  <Settings>\n"
        + "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n"
        + "    <StartWhenAvailable>true</StartWhenAvailable>\n"
        + "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n"
        + "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n"
        + "    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>\n"
        + "    <Enabled>true</Enabled>\n"
        + "  </Settings>\n"
        + "  <Actions Context=\"Author\">\n"
        + "    <Exec>\n"
        + "      <Command>"
        + xml(command.get(0))
        + "</Command>\n"
        + (args.isEmpty() ? "" : "      <Arguments>" + xml(args) + "</Arguments>\n")
        + "    </Exec>\n  </Actions>\n</Task>\n";
  }

  /** The first {@code at} on or after the schedule's start: the task's activation. */
  private static LocalDateTime firstAt(Schedule s, LocalTime at) {
    LocalDateTime first = s.start().toLocalDate().atTime(at);
    return first.isBefore(s.start()) ? first.plusDays(1) : first;
  }

  private static String iso(LocalDateTime t) {
    return t.withNano(0).toString().length() == 16
        ? t.withNano(0) + ":00"
        : t.withNano(0).toString();
  }

  private static String windowsDuration(Duration d) {
    return d.toString(); // PT15M, PT1H30M: the XML duration form Task Scheduler reads
  }

  private static String windowsQuote(String arg) {
    return arg.isEmpty() || arg.matches(".*[\\s\"].*")
        ? "\"" + arg.replace("\"", "\\\"") + "\""
        : arg;
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  // --- systemd ---

  /**
   * A oneshot service running {@code command} and a timer with {@code Persistent=true} (a start
   * missed while the machine was off runs once at boot): {@code OnCalendar=} in the schedule's zone
   * for once, daily, weekly and custom; {@code OnActiveSec=} and {@code OnUnitInactiveSec=} for
   * continuously (the next run starts the interval after the last one ended).
   *
   * @param command the absolute path of the program and its arguments
   * @throws ScheduleException for an end date, a start in the future (except once), or a cron field
   *     systemd has no form for
   */
  public static SystemdUnits systemd(Schedule s, List<String> command) {
    return systemd(s, command, Instant.now());
  }

  static SystemdUnits systemd(Schedule s, List<String> command, Instant now) {
    noBoundaries(s, "a systemd timer", now);
    String name = "umt-" + s.id();
    String timerLines;
    Timing t = s.timing();
    String zone = " " + s.zone().getId();
    if (t instanceof Timing.Once o) {
      LocalDateTime at = o.at().isBefore(s.start()) ? s.start() : o.at();
      timerLines = "OnCalendar=" + at.toLocalDate() + " " + time(at.toLocalTime()) + zone + "\n";
    } else if (t instanceof Timing.Daily d) {
      timerLines = "OnCalendar=*-*-* " + time(d.at()) + zone + "\n";
    } else if (t instanceof Timing.Weekly w) {
      timerLines =
          "OnCalendar="
              + w.days().stream().map(ScheduleExport::systemdDay).collect(Collectors.joining(","))
              + " *-*-* "
              + time(w.at())
              + zone
              + "\n";
    } else if (t instanceof Timing.Continuously c) {
      timerLines = "OnActiveSec=0\nOnUnitInactiveSec=" + c.every().toSeconds() + "s\n";
    } else {
      timerLines = "OnCalendar=" + systemdCalendar(s, ((Timing.Custom) t).cron()) + zone + "\n";
    }
    String description =
        "Description=UMT schedule " + s.id() + ": " + s.describe().replace("%", "%%") + "\n";
    String service =
        "[Unit]\n"
            + description
            + "\n[Service]\nType=oneshot\nExecStart="
            + command.stream().map(ScheduleExport::systemdQuote).collect(Collectors.joining(" "))
            + "\n";
    String timer =
        "[Unit]\n"
            + description
            + "\n[Timer]\n"
            + timerLines
            + "Persistent=true\nUnit="
            + name
            + ".service\n\n[Install]\nWantedBy=timers.target\n";
    return new SystemdUnits(name + ".service", service, name + ".timer", timer);
  }

  private static void noBoundaries(Schedule s, String format, Instant now) {
    if (s.end() != null) {
      throw cannot(
          s,
          format,
          "it has no end date (until " + s.end() + "); remove the end, or run 'umt daemon'");
    }
    if (!(s.timing() instanceof Timing.Once)
        && s.start().atZone(s.zone()).toInstant().isAfter(now)) {
      throw cannot(
          s,
          format,
          "it has no start date (from "
              + s.start()
              + " is in the future); export it once that has passed, or run 'umt daemon'");
    }
  }

  private static String time(LocalTime t) {
    return String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
  }

  private static String systemdDay(DayOfWeek d) {
    return d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }

  private static String systemdQuote(String arg) {
    String a = arg.replace("%", "%%").replace("$", "$$");
    return a.isEmpty() || a.matches(".*[\\s\"'\\\\;].*")
        ? "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
        : a;
  }

  /** {@code DOW YEAR-MONTH-DAY HOUR:MINUTE:SECOND} for a Quartz cron expression. */
  private static String systemdCalendar(Schedule s, String cron) {
    String[] f = cron.split(" ");
    String what = "a systemd calendar expression";
    String year =
        f.length > 6 ? systemdField(s, cron, f[6], 1970, UnaryOperator.identity(), what) : "*";
    String dom =
        f[3].equals("?") ? "*" : systemdField(s, cron, f[3], 1, UnaryOperator.identity(), what);
    String month = systemdField(s, cron, f[4], 1, ScheduleExport::monthNumber, what);
    String dow =
        f[5].equals("?") || f[5].equals("*")
            ? ""
            : systemdField(
                        s,
                        cron,
                        f[5],
                        1,
                        v ->
                            systemdDay(
                                DayOfWeek.of(
                                    Math.floorMod(Integer.parseInt(quartzDayNumber(v)) - 2, 7)
                                        + 1)),
                        what)
                    .replace("/", "")
                + " ";
    if (dow.contains("*")) {
      throw cannot(s, what, "cron '" + cron + "': day-of-week steps have no systemd form");
    }
    return dow
        + year
        + "-"
        + month
        + "-"
        + dom
        + " "
        + systemdField(s, cron, f[2], 0, UnaryOperator.identity(), what)
        + ":"
        + systemdField(s, cron, f[1], 0, UnaryOperator.identity(), what)
        + ":"
        + systemdField(s, cron, f[0], 0, UnaryOperator.identity(), what);
  }

  /**
   * One cron field in systemd form: lists stay, {@code a-b} becomes {@code a..b}, {@code * /n} and
   * {@code a/n} repeat from {@code a}.
   */
  private static String systemdField(
      Schedule s, String cron, String field, int min, UnaryOperator<String> atom, String what) {
    if (field.matches(".*[LW#?].*")) {
      throw cannot(
          s, what, "cron '" + cron + "': field '" + field + "' (L, W, # have no systemd form)");
    }
    List<String> parts = new ArrayList<>();
    for (String part : field.split(",")) {
      String[] step = part.split("/", 2);
      String base = step[0];
      if (step.length == 2 && base.contains("-")) {
        throw cannot(
            s,
            what,
            "cron '" + cron + "': field '" + field + "' (a range with a step has no systemd form)");
      }
      if (base.equals("*")) {
        base = step.length == 2 ? String.valueOf(min) : "*";
      } else if (base.contains("-")) {
        String[] r = base.split("-", 2);
        base = atom.apply(r[0]) + ".." + atom.apply(r[1]);
      } else {
        base = atom.apply(base);
      }
      parts.add(step.length == 2 ? base + "/" + step[1] : base);
    }
    return String.join(",", parts);
  }

  // --- cron ---

  /**
   * A crontab line (minute hour day-of-month month day-of-week command), preceded by a {@code
   * CRON_TZ=} line naming the schedule's zone (honoured by cronie; with Debian's cron the machine's
   * zone must be the schedule's).
   *
   * @param command the program and its arguments
   * @throws ScheduleException for once, an end date, a start in the future, an interval that does
   *     not divide an hour or a day, or a cron expression with seconds, years, L, W or #
   */
  public static String crontab(Schedule s, List<String> command) {
    return crontab(s, command, Instant.now());
  }

  static String crontab(Schedule s, List<String> command, Instant now) {
    if (s.timing() instanceof Timing.Once) {
      throw cannot(
          s,
          "a crontab line",
          "cron repeats every year at the most and cannot run once; use a systemd timer, a Windows"
              + " task or 'umt daemon'");
    }
    noBoundaries(s, "a crontab line", now);
    String when = cronFields(s);
    String cmd =
        command.stream()
            .map(ScheduleExport::shellQuote)
            .collect(Collectors.joining(" "))
            .replace("%", "\\%");
    return "CRON_TZ=" + s.zone().getId() + "\n" + when + " " + cmd + "\n";
  }

  /** The five time fields of the crontab line for {@code s}. */
  static String cronFields(Schedule s) {
    Timing t = s.timing();
    if (t instanceof Timing.Daily d) {
      return d.at().getMinute() + " " + d.at().getHour() + " * * *";
    }
    if (t instanceof Timing.Weekly w) {
      return w.at().getMinute()
          + " "
          + w.at().getHour()
          + " * * "
          + w.days().stream()
              .map(day -> String.valueOf(day.getValue() % 7))
              .collect(Collectors.joining(","));
    }
    if (t instanceof Timing.Continuously c) {
      long minutes = c.every().toMinutes();
      if (c.every().toSecondsPart() == 0 && minutes < 60 && 60 % minutes == 0) {
        return "*/" + minutes + " * * * *";
      }
      if (c.every().toSecondsPart() == 0
          && c.every().toMinutesPart() == 0
          && c.every().toHours() < 24
          && 24 % c.every().toHours() == 0) {
        return "0 */" + c.every().toHours() + " * * *";
      }
      if (c.every().equals(Duration.ofDays(1))) {
        return "0 0 * * *";
      }
      throw cannot(
          s,
          "a crontab line",
          "cron repeats on the clock, so only intervals that divide an hour or a day ("
              + ScheduleText.format(c.every())
              + " does not)");
    }
    String cron = ((Timing.Custom) t).cron();
    String[] f = cron.split(" ");
    if (!f[0].equals("0") || f.length > 6 && !f[6].equals("*")) {
      throw cannot(
          s,
          "a crontab line",
          "cron '"
              + cron
              + "': crontab has no seconds or years (seconds must be 0, the year * or absent)");
    }
    String what = "a crontab line";
    String dow =
        f[5].equals("?")
            ? "*"
            : cronField(
                s,
                cron,
                f[5],
                7,
                v -> String.valueOf(Integer.parseInt(quartzDayNumber(v)) - 1),
                what);
    String dom =
        f[3].equals("?") ? "*" : cronField(s, cron, f[3], 31, UnaryOperator.identity(), what);
    return cronField(s, cron, f[1], 59, UnaryOperator.identity(), what)
        + " "
        + cronField(s, cron, f[2], 23, UnaryOperator.identity(), what)
        + " "
        + dom
        + " "
        + cronField(s, cron, f[4], 12, ScheduleExport::monthNumber, what)
        + " "
        + dow;
  }

  private static String cronField(
      Schedule s, String cron, String field, int max, UnaryOperator<String> atom, String what) {
    if (field.matches(".*[LW#?].*")) {
      throw cannot(
          s, what, "cron '" + cron + "': field '" + field + "' (L, W, # have no crontab form)");
    }
    List<String> parts = new ArrayList<>();
    for (String part : field.split(",")) {
      String[] step = part.split("/", 2);
      String base = step[0];
      if (!base.equals("*")) {
        String[] r = base.split("-", 2);
        base = r.length == 2 ? atom.apply(r[0]) + "-" + atom.apply(r[1]) : atom.apply(base);
        if (step.length == 2 && r.length == 1) {
          base = base + "-" + (max == 7 ? 6 : max); // Quartz 'a/n' is 'a-max/n' in crontab
        }
      }
      parts.add(step.length == 2 ? base + "/" + step[1] : base);
    }
    return String.join(",", parts);
  }

  private static String monthNumber(String v) {
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].equalsIgnoreCase(v)) {
        return String.valueOf(i + 1);
      }
    }
    return v;
  }

  /** Quartz's day number (1 = Sunday .. 7 = Saturday) of a day name or number. */
  private static String quartzDayNumber(String v) {
    for (int i = 0; i < CRON_DAYS.length; i++) {
      if (CRON_DAYS[i].equalsIgnoreCase(v)) {
        return String.valueOf(i + 1);
      }
    }
    return v;
  }

  private static String shellQuote(String arg) {
    return arg.matches("[A-Za-z0-9_./:=@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  /**
   * The daily or weekly timing a cron expression amounts to ({@code 0 M H ? * *} or {@code 0 M H ?
   * * MON,FRI}), if it is one.
   */
  static java.util.Optional<Timing> simpleTiming(String cron) {
    String[] f = cron.split(" ");
    if (!f[0].equals("0")
        || !f[1].matches("\\d{1,2}")
        || !f[2].matches("\\d{1,2}")
        || !(f[3].equals("?") || f[3].equals("*"))
        || !f[4].equals("*")
        || f.length > 6 && !f[6].equals("*")) {
      return java.util.Optional.empty();
    }
    LocalTime at = LocalTime.of(Integer.parseInt(f[2]), Integer.parseInt(f[1]));
    if (f[5].equals("?") || f[5].equals("*")) {
      return java.util.Optional.of(new Timing.Daily(at));
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String d : f[5].split(",")) {
      String n = quartzDayNumber(d);
      if (!n.matches("[1-7]")) {
        return java.util.Optional.empty();
      }
      days.add(DayOfWeek.of(Math.floorMod(Integer.parseInt(n) - 2, 7) + 1));
    }
    return java.util.Optional.of(new Timing.Weekly(days, at));
  }
}
