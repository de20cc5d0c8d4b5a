package dev.umt.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schedule model's checks name field and value; schedules.json round-trips and names line and
 * field of a bad value.
 */
class ScheduleModelTest {
  static final ZoneId UTC = ZoneId.of("UTC");
  static final LocalDateTime START = LocalDateTime.of(2026, 12, 1, 0, 0);

  @Test
  void badValuesAreNamedWithTheirField() {
    assertThatThrownBy(() -> ScheduleText.days("weekly.days", "MON,Funday"))
        .hasMessage(
            "schedule: weekly.days: 'Funday' is not a day (MON, TUE, WED, THU, FRI, SAT, SUN or the"
                + " full English name)");
    assertThatThrownBy(() -> ScheduleText.time("daily.at", "25:00"))
        .hasMessage(
            "schedule: daily.at: '25:00' is not a time of day (HH:MM, 24 hours, such as 02:30)");
    assertThatThrownBy(() -> ScheduleText.interval("continuously.every", "soon"))
        .hasMessage(
            "schedule: continuously.every: 'soon' is not an interval (such as 15m, 1h30m, 1d or"
                + " PT15M)");
    assertThatThrownBy(() -> ScheduleText.zone("zone", "Mars/Olympus"))
        .hasMessage(
            "schedule: zone: 'Mars/Olympus' is not a time zone (a region id such as Europe/Berlin,"
                + " or UTC)");
    assertThatThrownBy(() -> new Timing.Continuously(Duration.ofSeconds(30)))
        .hasMessage(
            "continuous schedule: continuously.every: '30s' is shorter than the minimum of 1m");
    assertThatThrownBy(() -> new Timing.Custom("0 61 * * * ?"))
        .hasMessageStartingWith(
            "custom schedule: custom.cron: '0 61 * * * ?' is not a Quartz cron expression (");
    assertThatThrownBy(
            () ->
                new Schedule(
                    "nightly",
                    new Timing.Daily(LocalTime.of(2, 30)),
                    START,
                    START.minusDays(1),
                    UTC,
                    null))
        .hasMessage(
            "schedule nightly: end: '2026-11-30T00:00' is not after start '2026-12-01T00:00'");
    assertThatThrownBy(
            () ->
                new Schedule(
                    "night ly", new Timing.Daily(LocalTime.of(2, 30)), START, null, UTC, null))
        .hasMessageStartingWith("schedule: id: 'night ly' is not a schedule id");
  }

  @Test
  void textIsReadAsTheUserMeansIt() {
    assertThat(ScheduleText.days("d", "mon, friday,SUN"))
        .containsExactly(DayOfWeek.MONDAY, DayOfWeek.FRIDAY, DayOfWeek.SUNDAY);
    assertThat(ScheduleText.interval("e", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(ScheduleText.interval("e", "PT15M")).isEqualTo(Duration.ofMinutes(15));
    assertThat(ScheduleText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(ScheduleText.time("t", "6:05")).isEqualTo(LocalTime.of(6, 5));
    assertThat(ScheduleText.dateTime("d", "2027-01-04"))
        .isEqualTo(LocalDateTime.of(2027, 1, 4, 0, 0));
  }

  @Test
  void theFileRoundTripsEveryKindOwnerOnly(@TempDir Path dir) throws Exception {
    List<Schedule> all =
        List.of(
            new Schedule(
                "go-live",
                new Timing.Once(LocalDateTime.of(2027, 1, 4, 9, 0)),
                START,
                null,
                UTC,
                null),
            new Schedule(
                "nightly",
                new Timing.Daily(LocalTime.of(2, 30)),
                START,
                null,
                ZoneId.of("Europe/Berlin"),
                "rules.json"),
            new Schedule(
                "weekdays",
                new Timing.Weekly(
                    EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(6, 0)),
                START,
                LocalDateTime.of(2027, 6, 30, 0, 0),
                UTC,
                "other-rules.json"),
            new Schedule(
                "often", new Timing.Continuously(Duration.ofMinutes(15)), START, null, UTC, null),
            new Schedule(
                "office-hours",
                new Timing.Custom("0 0/30 8-18 ? * MON-FRI"),
                START,
                null,
                UTC,
                null));
    ScheduleFile file = ScheduleFile.open(dir.resolve(ScheduleFile.NAME));
    file.save(all);
    assertThat(file.load()).isEqualTo(all);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.file())))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file.file()).lines().filter(l -> l.contains("\"weekdays\"")))
        .containsExactly(
            "  {\"id\":\"weekdays\",\"weekly\":{\"days\":[\"MON\",\"FRI\"],\"at\":\"06:00\"},"
                + "\"start\":\"2026-12-01T00:00\",\"end\":\"2027-06-30T00:00\",\"zone\":\"UTC\","
                + "\"ruleSet\":\"other-rules.json\"},");
  }

  @Test
  void aBadFileIsRefusedWithEveryProblemByLineAndField(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("schedules.json"),
        """
        {"schedules": [
          {"id": "nightly", "daily": {"at": "02:30"}, "start": "2026-12-01T00:00", "zone": "UTC"},
          {"id": "weekdays", "weekly": {"days": ["MON", "Funday"], "at": "06:00"}, \
           "start": "2026-12-01T00:00", "zone": "UTC"},
          {"id": "x", "daily": {"at": "02:30"}, "continuously": {"every": "5m"}, \
           "start": "2026-12-01T00:00", "zone": "UTC"},
          {"id": "nightly", "daily": {"at": "3:00"}, "start": "someday", "zone": "UTC", "colour": "red"}
        ]}
        """);
    assertThatThrownBy(() -> ScheduleFile.open(dir.resolve(ScheduleFile.NAME)).load())
        .isInstanceOfSatisfying(
            ScheduleException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "line 3: schedules[1].weekly.days: 'Funday' is not a day (MON, TUE, WED,"
                            + " THU, FRI, SAT, SUN or the full English name)",
                        "line 4: schedules[2].daily/continuously: a schedule needs exactly one of"
                            + " once, daily, weekly, continuously, custom",
                        "line 5: schedules[3].colour: unknown field (known: continuously, custom,"
                            + " daily, end, id, once, ruleSet, start, weekly, zone)",
                        "line 5: schedules[3].start: 'someday' is not a date and time"
                            + " (YYYY-MM-DDTHH:MM, such as 2027-01-04T09:00)"))
        .hasMessageStartingWith(dir.resolve("schedules.json") + ": 4 problems:");
    assertThat(ScheduleFile.open(dir.resolve("none").resolve(ScheduleFile.NAME)).load()).isEmpty();
  }
}
