package dev.umt.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronExpression;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The exported files, checked by what reads them: the Task Scheduler XML parsed and its trigger
 * elements asserted, the systemd units by {@code systemd-analyze verify} and every OnCalendar by
 * {@code systemd-analyze calendar}, the crontab lines parsed back with Quartz's CronExpression and
 * their next fire times compared with the schedule's own trigger.
 */
class ScheduleExportTest {
  static final ZoneId UTC = ZoneId.of("UTC");
  static final LocalDateTime START = LocalDateTime.of(2026, 11, 1, 0, 0);
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static final List<String> COMMAND = List.of("/opt/umt/umt", "run", "--data", "/var/lib/umt data");

  static final Schedule DAILY =
      new Schedule(
          "nightly",
          new Timing.Daily(LocalTime.of(2, 30)),
          START,
          null,
          ZoneId.of("Europe/Berlin"),
          null);
  static final Schedule WEEKLY =
      new Schedule(
          "weekdays",
          new Timing.Weekly(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(6, 0)),
          START,
          null,
          UTC,
          null);
  static final Schedule ONCE =
      new Schedule(
          "go-live", new Timing.Once(LocalDateTime.of(2027, 1, 4, 9, 0)), START, null, UTC, null);
  static final Schedule OFTEN =
      new Schedule(
          "often", new Timing.Continuously(Duration.ofMinutes(15)), START, null, UTC, null);
  static final Schedule CUSTOM =
      new Schedule(
          "office-hours", new Timing.Custom("0 0/30 8-18 ? * MON-FRI"), START, null, UTC, null);

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_16)));
  }

  static String text(Element parent, String path) {
    Element e = parent;
    for (String name : path.split("/")) {
      var list =
          e.getElementsByTagNameNS("http://schemas.microsoft.com/windows/2004/02/mit/task", name);
      assertThat(list.getLength()).as(path).isGreaterThan(0);
      e = (Element) list.item(0);
    }
    return e.getTextContent().strip();
  }

  @Test
  void windowsTasksHaveTheRightTriggerSettingsAndAction() throws Exception {
    Schedule until =
        new Schedule(
            "weekdays", WEEKLY.timing(), START, LocalDateTime.of(2027, 6, 30, 0, 0), UTC, null);
    Element weekly =
        parse(
                ScheduleExport.windowsTask(
                    until, List.of("C:\\umt\\umt.cmd", "run", "--data", "C:\\UMT data")))
            .getDocumentElement();
    assertThat(weekly.getAttribute("version")).isEqualTo("1.2");
    assertThat(text(weekly, "Triggers/CalendarTrigger/StartBoundary"))
        .isEqualTo("2026-11-01T06:00:00");
    assertThat(text(weekly, "Triggers/CalendarTrigger/EndBoundary"))
        .isEqualTo("2027-06-30T00:00:00");
    Element days = (Element) weekly.getElementsByTagNameNS("*", "DaysOfWeek").item(0);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < days.getChildNodes().getLength(); i++) {
      if (days.getChildNodes().item(i) instanceof Element d) {
        names.add(d.getLocalName());
      }
    }
    assertThat(names).containsExactly("Monday", "Friday");
    assertThat(text(weekly, "Triggers/CalendarTrigger/ScheduleByWeek/WeeksInterval"))
        .isEqualTo("1");
    assertThat(text(weekly, "Settings/MultipleInstancesPolicy")).isEqualTo("IgnoreNew");
    assertThat(text(weekly, "Settings/StartWhenAvailable")).isEqualTo("true");
    assertThat(text(weekly, "Actions/Exec/Command")).isEqualTo("C:\\umt\\umt.cmd");
    assertThat(text(weekly, "Actions/Exec/Arguments")).isEqualTo("run --data \"C:\\UMT data\"");

    Element daily = parse(ScheduleExport.windowsTask(DAILY, COMMAND)).getDocumentElement();
    assertThat(text(daily, "Triggers/CalendarTrigger/ScheduleByDay/DaysInterval")).isEqualTo("1");
    assertThat(text(daily, "Triggers/CalendarTrigger/StartBoundary"))
        .isEqualTo("2026-11-01T02:30:00");
    Element startsAfterTheTime =
        parse(
                ScheduleExport.windowsTask(
                    new Schedule("late", DAILY.timing(), START.withHour(8), null, UTC, null),
                    COMMAND))
            .getDocumentElement();
    assertThat(text(startsAfterTheTime, "Triggers/CalendarTrigger/StartBoundary"))
        .as("not before the schedule's start")
        .isEqualTo("2026-11-02T02:30:00");
    Element once = parse(ScheduleExport.windowsTask(ONCE, COMMAND)).getDocumentElement();
    assertThat(text(once, "Triggers/TimeTrigger/StartBoundary")).isEqualTo("2027-01-04T09:00:00");
    assertThat(once.getElementsByTagNameNS("*", "Repetition").getLength()).isZero();
    Element often = parse(ScheduleExport.windowsTask(OFTEN, COMMAND)).getDocumentElement();
    assertThat(text(often, "Triggers/TimeTrigger/Repetition/Interval")).isEqualTo("PT15M");
    assertThat(text(often, "Triggers/TimeTrigger/StartBoundary")).isEqualTo("2026-11-01T00:00:00");
    Element cronWeekly =
        parse(
                ScheduleExport.windowsTask(
                    new Schedule(
                        "c", new Timing.Custom("0 15 7 ? * MON,WED"), START, null, UTC, null),
                    COMMAND))
            .getDocumentElement();
    assertThat(text(cronWeekly, "Triggers/CalendarTrigger/StartBoundary"))
        .isEqualTo("2026-11-01T07:15:00");
    assertThat(cronWeekly.getElementsByTagNameNS("*", "Wednesday").getLength()).isEqualTo(1);
    assertThatThrownBy(() -> ScheduleExport.windowsTask(CUSTOM, COMMAND))
        .hasMessage(
            "schedule office-hours: Windows Task Scheduler cannot express it: cron '0 0/30 8-18 ? *"
                + " MON-FRI' is not one time on every day or on some days of the week; use a daily"
                + " or weekly schedule, or run 'umt daemon'");
  }

  static Path systemdAnalyze() {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
      Path p = Path.of(dir, "systemd-analyze");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    boolean required =
        "1".equals(System.getenv("UMT_REQUIRE_TEST_SERVERS"))
            || Boolean.getBoolean("umt.requireTestServers");
    if (required) {
      throw new AssertionError(
          "systemd-analyze is missing (Debian package systemd) and UMT_REQUIRE_TEST_SERVERS=1");
    }
    assumeTrue(
        false,
        "systemd-analyze is missing (Debian package systemd): the systemd units are not verified");
    return null;
  }

  static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    return out;
  }

  @Test
  void systemdUnitsPassSystemdAnalyzeVerifyAndEveryOnCalendarIsValid(@TempDir Path dir)
      throws Exception {
    Path analyze = systemdAnalyze();
    Path program = dir.resolve("umt");
    Files.writeString(program, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    List<String> command =
        List.of(program.toString(), "run", "--data", dir.resolve("umt data").toString());
    for (Schedule s : List.of(DAILY, WEEKLY, ONCE, OFTEN, CUSTOM)) {
      ScheduleExport.SystemdUnits units = ScheduleExport.systemd(s, command, NOW);
      Path service = Files.writeString(dir.resolve(units.serviceName()), units.service());
      Path timer = Files.writeString(dir.resolve(units.timerName()), units.timer());
      run(List.of(analyze.toString(), "verify", "--man=no", service.toString(), timer.toString()));
      assertThat(units.timer()).contains("Persistent=true\n", "Unit=umt-" + s.id() + ".service\n");
      assertThat(units.service())
          .contains(
              "Type=oneshot\nExecStart="
                  + program
                  + " run --data \""
                  + dir.resolve("umt data")
                  + "\"\n");
      for (String line : units.timer().lines().filter(l -> l.startsWith("OnCalendar=")).toList()) {
        String out =
            run(List.of(analyze.toString(), "calendar", line.substring("OnCalendar=".length())));
        assertThat(out).as(line).contains("Next elapse:");
      }
    }
    assertThat(ScheduleExport.systemd(DAILY, command, NOW).timer())
        .contains("OnCalendar=*-*-* 02:30:00 Europe/Berlin\n");
    assertThat(ScheduleExport.systemd(WEEKLY, command, NOW).timer())
        .contains("OnCalendar=Mon,Fri *-*-* 06:00:00 UTC\n");
    assertThat(ScheduleExport.systemd(ONCE, command, NOW).timer())
        .contains("OnCalendar=2027-01-04 09:00:00 UTC\n");
    assertThat(ScheduleExport.systemd(OFTEN, command, NOW).timer())
        .contains("OnActiveSec=0\nOnUnitInactiveSec=900s\n");
    assertThat(ScheduleExport.systemd(CUSTOM, command, NOW).timer())
        .contains("OnCalendar=Mon..Fri *-*-* 8..18:0/30:0 UTC\n");
  }

  @Test
  void systemdAndCronRefuseWhatTheyCannotExpress() {
    Schedule ending =
        new Schedule("until", DAILY.timing(), START, LocalDateTime.of(2027, 1, 1, 0, 0), UTC, null);
    assertThatThrownBy(() -> ScheduleExport.systemd(ending, COMMAND, NOW))
        .hasMessage(
            "schedule until: a systemd timer cannot express it: it has no end date (until"
                + " 2027-01-01T00:00); remove the end, or run 'umt daemon'");
    Schedule later =
        new Schedule("later", DAILY.timing(), LocalDateTime.of(2027, 1, 1, 0, 0), null, UTC, null);
    assertThatThrownBy(() -> ScheduleExport.crontab(later, COMMAND, NOW))
        .hasMessage(
            "schedule later: a crontab line cannot express it: it has no start date (from"
                + " 2027-01-01T00:00 is in the future); export it once that has passed, or run 'umt"
                + " daemon'");
    assertThatThrownBy(() -> ScheduleExport.crontab(ONCE, COMMAND, NOW))
        .hasMessageContaining("a crontab line cannot express it: cron repeats");
    assertThatThrownBy(
            () ->
                ScheduleExport.crontab(
                    new Schedule(
                        "odd",
                        new Timing.Continuously(Duration.ofMinutes(7)),
                        START,
                        null,
                        UTC,
                        null),
                    COMMAND,
                    NOW))
        .hasMessage(
            "schedule odd: a crontab line cannot express it: cron repeats on the clock, so only"
                + " intervals that divide an hour or a day (7m does not)");
    assertThatThrownBy(
            () ->
                ScheduleExport.crontab(
                    new Schedule("last", new Timing.Custom("0 0 12 L * ?"), START, null, UTC, null),
                    COMMAND,
                    NOW))
        .hasMessage(
            "schedule last: a crontab line cannot express it: cron '0 0 12 L * ?': field 'L' (L, W,"
                + " # have no crontab form)");
    assertThatThrownBy(
            () ->
                ScheduleExport.systemd(
                    new Schedule(
                        "third", new Timing.Custom("0 0 12 ? * 6#3"), START, null, UTC, null),
                    COMMAND,
                    NOW))
        .hasMessageContaining("field '6#3' (L, W, # have no systemd form)");
  }

  @Test
  void cronLinesParsedBackFireWhenTheScheduleDoes() throws Exception {
    for (Schedule s :
        List.of(
            DAILY,
            WEEKLY,
            OFTEN,
            CUSTOM,
            new Schedule(
                "hourly", new Timing.Continuously(Duration.ofHours(2)), START, null, UTC, null),
            new Schedule(
                "names", new Timing.Custom("0 5 4 1,15 JAN-MAR ?"), START, null, UTC, null),
            new Schedule("sundays", new Timing.Custom("0 0 1 ? * 1-2"), START, null, UTC, null))) {
      String text =
          ScheduleExport.crontab(
              s, List.of("/opt/umt/umt", "run", "--data", "/var/lib/umt data"), NOW);
      List<String> lines = text.lines().toList();
      assertThat(lines.get(0)).isEqualTo("CRON_TZ=" + s.zone().getId());
      String[] f = lines.get(1).split(" ", 6);
      assertThat(f[5]).isEqualTo("/opt/umt/umt run --data '/var/lib/umt data'");
      CronExpression parsed = new CronExpression(quartzForm(f));
      parsed.setTimeZone(TimeZone.getTimeZone(s.zone()));
      List<Instant> expected = expectedFires(s, 12);
      List<Instant> actual = new ArrayList<>();
      Date d = Date.from(NOW);
      for (int i = 0; i < 12; i++) {
        d = parsed.getNextValidTimeAfter(d);
        actual.add(d.toInstant());
      }
      assertThat(actual).as(s.id() + ": " + lines.get(1)).isEqualTo(expected);
    }
  }

  /**
   * A 5-field crontab line in Quartz's form: seconds 0, and one of day-of-month and day-of-week
   * '?', days numbered 1 (Sunday) to 7.
   */
  static String quartzForm(String[] f) {
    String dow =
        f[4].equals("*")
            ? "?"
            : java.util.regex.Pattern.compile("\\d")
                .matcher(f[4])
                .replaceAll(m -> String.valueOf(Integer.parseInt(m.group()) + 1));
    String dom = f[2].equals("*") && !dow.equals("?") ? "?" : f[2];
    return "0 " + f[0] + " " + f[1] + " " + dom + " " + f[3] + " " + dow;
  }

  /**
   * The schedule's own next fires after NOW, from its Quartz triggers (continuous: on the clock, as
   * cron runs it).
   */
  static List<Instant> expectedFires(Schedule s, int n) throws Exception {
    if (s.timing() instanceof Timing.Continuously c) {
      List<Instant> out = new ArrayList<>();
      Instant t = NOW.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
      while (out.size() < n) {
        t = t.plus(c.every());
        if (t.isAfter(NOW)) {
          out.add(t);
        }
      }
      return out;
    }
    List<Instant> all = new ArrayList<>();
    for (org.quartz.Trigger t : Triggers.of(s, Triggers.jobKey(s.id()), NOW)) {
      org.quartz.spi.OperableTrigger o = (org.quartz.spi.OperableTrigger) t;
      Date d = o.computeFirstFireTime(null);
      for (int i = 0; d != null && i <= n; i++, d = o.getFireTimeAfter(d)) {
        all.add(d.toInstant());
      }
    }
    return all.stream().filter(i -> i.isAfter(NOW)).sorted().limit(n).toList();
  }
}
