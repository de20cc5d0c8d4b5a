package dev.umt.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quartz.Trigger;
import org.quartz.spi.OperableTrigger;

/**
 * Each kind of schedule, driven by Quartz's own trigger arithmetic ({@code getFireTimeAfter},
 * {@code updateAfterMisfire}) instead of a clock: when it fires, across both daylight-saving
 * changes of Europe/Berlin, and what a misfire does.
 */
class TriggersTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");

  static List<String> fires(Schedule s, Instant now, int n) {
    List<Trigger> triggers = Triggers.of(s, Triggers.jobKey(s.id()), now);
    List<ZonedDateTime> all = new ArrayList<>();
    for (Trigger t : triggers) {
      OperableTrigger o = (OperableTrigger) t;
      Date d = o.computeFirstFireTime(null);
      for (int i = 0; d != null && i < n; i++, d = o.getFireTimeAfter(d)) {
        all.add(d.toInstant().atZone(s.zone()));
      }
    }
    return all.stream().sorted().limit(n).map(ZonedDateTime::toString).toList();
  }

  static Schedule daily(LocalDateTime start) {
    return new Schedule(
        "nightly", new Timing.Daily(LocalTime.of(2, 30)), start, null, BERLIN, null);
  }

  @Test
  void aDailyRunAt0230IsNeitherSkippedOnTheSpringForwardDayNorDoubledOnTheFallBackDay() {
    // 2027-03-28: 02:00 CET jumps to 03:00 CEST, 02:30 does not exist; it runs at the first valid
    // time after it.
    assertThat(fires(daily(LocalDateTime.of(2027, 3, 26, 0, 0)), NOW, 4))
        .containsExactly(
            "2027-03-26T02:30+01:00[Europe/Berlin]", "2027-03-27T02:30+01:00[Europe/Berlin]",
            "2027-03-28T03:30+02:00[Europe/Berlin]", "2027-03-29T02:30+02:00[Europe/Berlin]");
    // 2027-10-31: 03:00 CEST goes back to 02:00 CET, 02:30 happens twice; it runs once.
    assertThat(fires(daily(LocalDateTime.of(2027, 10, 30, 0, 0)), NOW, 3))
        .containsExactly(
            "2027-10-30T02:30+02:00[Europe/Berlin]",
            "2027-10-31T02:30+02:00[Europe/Berlin]",
            "2027-11-01T02:30+01:00[Europe/Berlin]");
  }

  @Test
  void aDailyScheduleStartingOnTheSpringForwardDayKeepsItsHour() {
    assertThat(fires(daily(LocalDateTime.of(2027, 3, 28, 0, 0)), NOW, 2))
        .containsExactly(
            "2027-03-29T02:30+02:00[Europe/Berlin]", "2027-03-30T02:30+02:00[Europe/Berlin]");
  }

  @Test
  void weeklyFiresOnTheChosenDaysAcrossTheSpringForwardChange() {
    Schedule s =
        new Schedule(
            "weekdays",
            new Timing.Weekly(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.SUNDAY), LocalTime.of(2, 30)),
            LocalDateTime.of(2027, 3, 20, 0, 0),
            null,
            BERLIN,
            null);
    assertThat(fires(s, NOW, 4))
        .containsExactly(
            "2027-03-21T02:30+01:00[Europe/Berlin]",
            "2027-03-22T02:30+01:00[Europe/Berlin]",
            "2027-03-28T03:30+02:00[Europe/Berlin]",
            "2027-03-29T02:30+02:00[Europe/Berlin]");
  }

  @Test
  void onceFiresOnceAtItsTimeOrAtTheStartIfThatIsLater() {
    Schedule s =
        new Schedule(
            "go-live",
            new Timing.Once(LocalDateTime.of(2027, 1, 4, 9, 0)),
            LocalDateTime.of(2027, 1, 1, 0, 0),
            null,
            ZoneId.of("UTC"),
            null);
    assertThat(fires(s, NOW, 5)).containsExactly("2027-01-04T09:00Z[UTC]");
    assertThat(
            fires(
                new Schedule(
                    "late",
                    s.timing(),
                    LocalDateTime.of(2027, 2, 1, 8, 0),
                    null,
                    ZoneId.of("UTC"),
                    null),
                NOW,
                5))
        .containsExactly("2027-02-01T08:00Z[UTC]");
  }

  @Test
  void customFollowsItsCronInItsZoneUntilItsEnd() {
    Schedule s =
        new Schedule(
            "office-hours",
            new Timing.Custom("0 0/30 8-9 ? * MON-FRI"),
            LocalDateTime.of(2027, 1, 1, 0, 0),
            LocalDateTime.of(2027, 1, 4, 9, 0),
            ZoneId.of("America/New_York"),
            null);
    assertThat(fires(s, NOW, 10))
        .containsExactly(
            "2027-01-01T08:00-05:00[America/New_York]",
            "2027-01-01T08:30-05:00[America/New_York]",
            "2027-01-01T09:00-05:00[America/New_York]",
            "2027-01-01T09:30-05:00[America/New_York]",
            "2027-01-04T08:00-05:00[America/New_York]",
            "2027-01-04T08:30-05:00[America/New_York]",
            "2027-01-04T09:00-05:00[America/New_York]");
  }

  @Test
  void continuouslyStartsAtItsStartThenAnIntervalAfterEachRunEndsUntilItsEnd() {
    Schedule s =
        new Schedule(
            "often",
            new Timing.Continuously(Duration.ofMinutes(15)),
            LocalDateTime.of(2027, 1, 2, 0, 0),
            LocalDateTime.of(2027, 1, 2, 1, 0),
            ZoneId.of("UTC"),
            null);
    assertThat(fires(s, NOW, 5)).containsExactly("2027-01-02T00:00Z[UTC]");
    assertThat(fires(s, Instant.parse("2027-01-02T00:10:00Z"), 5))
        .containsExactly("2027-01-02T00:10Z[UTC]");
    Instant end = Instant.parse("2027-01-02T01:00:00Z");
    // A run that took 7 minutes: the next starts 15 minutes after it ended, not on a fixed beat.
    assertThat(
            Triggers.nextContinuation(
                Duration.ofMinutes(15), Instant.parse("2027-01-02T00:07:00Z"), end))
        .isEqualTo(Instant.parse("2027-01-02T00:22:00Z"));
    assertThat(
            Triggers.nextContinuation(
                Duration.ofMinutes(15), Instant.parse("2027-01-02T00:50:00Z"), end))
        .isNull();
  }

  @Test
  void aRecurringScheduleWhoseStartHasPassedDoesNotFireForThePast() {
    assertThat(fires(daily(LocalDateTime.of(2026, 1, 1, 0, 0)), NOW, 1))
        .containsExactly("2027-01-01T02:30+01:00[Europe/Berlin]");
  }

  @Test
  void aMisfireRunsOnceAtWakeUpThenFollowsTheSchedule() {
    // Scheduled five days ago, then the machine slept until now: four or five 02:30 slots passed.
    Instant scheduled = Instant.now().minus(Duration.ofDays(5));
    LocalDateTime start = LocalDateTime.ofInstant(scheduled, BERLIN);
    for (Schedule s :
        List.of(
            daily(start),
            new Schedule("cron", new Timing.Custom("0 30 2 * * ?"), start, null, BERLIN, null))) {
      OperableTrigger t =
          (OperableTrigger) Triggers.of(s, Triggers.jobKey(s.id()), scheduled).get(0);
      assertThat(t.computeFirstFireTime(null).toInstant())
          .isBefore(scheduled.plus(Duration.ofDays(1)));
      Instant before = Instant.now();
      t.updateAfterMisfire(
          null); // what the job store does when it finds the fire older than the misfire threshold
      Instant wake = t.getNextFireTime().toInstant();
      assertThat(wake).as(s.id()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
      t.triggered(null);
      assertThat(t.getNextFireTime().toInstant())
          .as(s.id())
          .isAfter(Instant.now())
          .matches(d -> d.atZone(BERLIN).toLocalTime().equals(LocalTime.of(2, 30)), "at 02:30");
    }
  }
}
