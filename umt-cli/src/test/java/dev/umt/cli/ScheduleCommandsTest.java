package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code umt schedule add|list|remove|export}: each kind, bad input named with its option, exports,
 * and status.
 */
class ScheduleCommandsTest extends CliTest {

  @Test
  void addListAndRemoveEveryKind() throws Exception {
    Result daily =
        f.run(
            "schedule",
            "add",
            "nightly",
            "--daily",
            "02:30",
            "--zone",
            "Europe/Berlin",
            "--from",
            "2030-01-01T00:00");
    assertThat(daily.exit()).as(daily.all()).isZero();
    assertThat(daily.out())
        .isEqualTo(
            "Added schedule nightly: daily at 02:30, from 2030-01-01T00:00 (Europe/Berlin), rules"
                + " rules.json\n"
                + "First run: 2030-01-01T02:30 Europe/Berlin. It runs while 'umt daemon' runs, or"
                + " export it: 'umt schedule export nightly --format windows|systemd|cron'.\n");
    assertThat(
            f.run(
                    "schedule",
                    "add",
                    "weekdays",
                    "--weekly",
                    "MON,FRI",
                    "--at",
                    "06:00",
                    "--zone",
                    "UTC",
                    "--from",
                    "2030-01-01T00:00",
                    "--until",
                    "2030-06-30T00:00",
                    "--rules",
                    "team.json")
                .exit())
        .isZero();
    assertThat(
            f.run(
                    "schedule",
                    "add",
                    "often",
                    "--every",
                    "15m",
                    "--zone",
                    "UTC",
                    "--from",
                    "2030-01-01T08:00")
                .exit())
        .isZero();
    assertThat(
            f.run(
                    "schedule",
                    "add",
                    "go-live",
                    "--once",
                    "2030-01-04T09:00",
                    "--zone",
                    "UTC",
                    "--from",
                    "2030-01-01T00:00")
                .exit())
        .isZero();
    assertThat(
            f.run(
                    "schedule",
                    "add",
                    "office",
                    "--cron",
                    "0 0/30 8-18 ? * MON-FRI",
                    "--zone",
                    "UTC",
                    "--from",
                    "2030-01-01T00:00")
                .exit())
        .isZero();
    Result list = f.run("schedule", "list");
    assertThat(list.out())
        .isEqualTo(
            """
            nightly  daily at 02:30, from 2030-01-01T00:00 (Europe/Berlin), rules rules.json
                next: 2030-01-01T02:30 Europe/Berlin; last: never
            weekdays  weekly on MON,FRI at 06:00, from 2030-01-01T00:00 until 2030-06-30T00:00 (UTC), rules team.json
                next: 2030-01-04T06:00 UTC; last: never
            often  continuously, 15m after each run ends, from 2030-01-01T08:00 (UTC), rules rules.json
                next: 2030-01-01T08:00 UTC; last: never
            go-live  once at 2030-01-04T09:00, from 2030-01-01T00:00 (UTC), rules rules.json
                next: 2030-01-04T09:00 UTC; last: never
            office  cron '0 0/30 8-18 ? * MON-FRI', from 2030-01-01T00:00 (UTC), rules rules.json
                next: 2030-01-01T08:00 UTC; last: never
            """);
    assertThat(Files.readString(f.data.resolve("schedules.json")))
        .contains("\"weekly\":{\"days\":[\"MON\",\"FRI\"],\"at\":\"06:00\"}");
    assertThat(f.run("status").out())
        .contains(
            "Schedules\n  nightly  daily at 02:30",
            "      next: 2030-01-04T09:00 UTC; last: never\n");

    Result removed = f.run("schedule", "remove", "often");
    assertThat(removed.exit()).isZero();
    assertThat(f.run("schedule", "list").out()).doesNotContain("often");
    Result again = f.run("schedule", "remove", "often");
    assertThat(again.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(again.err()).isEqualTo("umt: no schedule 'often' (see 'umt schedule list')\n");
  }

  @Test
  void badInputNamesTheOptionAndTheValue() {
    Result funday = f.run("schedule", "add", "w", "--weekly", "MON,Funday", "--at", "06:00");
    assertThat(funday.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(funday.err())
        .isEqualTo(
            "umt: schedule: --weekly: 'Funday' is not a day (MON, TUE, WED, THU, FRI, SAT, SUN or"
                + " the full English name)\n");
    assertThat(f.run("schedule", "add", "w", "--weekly", "MON").err())
        .isEqualTo("umt: --weekly needs --at HH:MM\n");
    assertThat(f.run("schedule", "add", "d", "--daily", "2:30pm").err())
        .isEqualTo(
            "umt: schedule: --daily: '2:30pm' is not a time of day (HH:MM, 24 hours, such as"
                + " 02:30)\n");
    assertThat(f.run("schedule", "add", "c", "--cron", "every day").err())
        .startsWith(
            "umt: custom schedule: custom.cron: 'every day' is not a Quartz cron expression (");
    Result two = f.run("schedule", "add", "x", "--daily", "02:30", "--every", "15m");
    assertThat(two.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(two.err())
        .startsWith(
            "umt schedule add: Error: --daily=HH:MM, --every=INTERVAL are mutually exclusive");
    assertThat(
            f.run(
                    "schedule",
                    "add",
                    "x",
                    "--daily",
                    "02:30",
                    "--from",
                    "2030-01-02",
                    "--until",
                    "2030-01-01")
                .err())
        .isEqualTo(
            "umt: schedule x: end: '2030-01-01T00:00' is not after start '2030-01-02T00:00'\n");
    assertThat(f.run("schedule", "add", "x", "--daily", "02:30").exit()).isZero();
    assertThat(f.run("schedule", "add", "x", "--daily", "03:30").err())
        .isEqualTo(
            "umt: a schedule 'x' exists already: remove it first ('umt schedule remove x')\n");
  }

  @Test
  void exportWritesEachFormatAndRefusesWhatAFormatCannotExpress() throws Exception {
    f.run(
        "schedule",
        "add",
        "nightly",
        "--daily",
        "02:30",
        "--zone",
        "UTC",
        "--from",
        "2020-01-01T00:00");
    f.run("schedule", "add", "go-live", "--once", "2030-01-04T09:00", "--zone", "UTC");
    Result cron =
        f.run("schedule", "export", "nightly", "--format", "cron", "--command", "/opt/umt/umt");
    assertThat(cron.exit()).as(cron.all()).isZero();
    assertThat(cron.out())
        .isEqualTo("CRON_TZ=UTC\n30 2 * * * /opt/umt/umt run --data " + f.data + "\n");
    Path units = tmp.resolve("units");
    Result systemd =
        f.run(
            "schedule",
            "export",
            "nightly",
            "--format",
            "systemd",
            "--command",
            "/opt/umt/umt",
            "--out",
            units.toString());
    assertThat(systemd.exit()).as(systemd.all()).isZero();
    assertThat(Files.readString(units.resolve("umt-nightly.timer")))
        .contains("OnCalendar=*-*-* 02:30:00 UTC\nPersistent=true\n");
    assertThat(Files.readString(units.resolve("umt-nightly.service")))
        .contains("ExecStart=/opt/umt/umt run --data " + f.data + "\n");
    Path xml = tmp.resolve("nightly.xml");
    Result windows =
        f.run(
            "schedule",
            "export",
            "nightly",
            "--format",
            "windows",
            "--command",
            "C:\\umt\\umt.cmd",
            "--out",
            xml.toString());
    assertThat(windows.exit()).as(windows.all()).isZero();
    assertThat(windows.out())
        .isEqualTo(
            "Wrote "
                + xml
                + "; register it with: schtasks /Create /XML \""
                + xml
                + "\" /TN \"\\UMT\\nightly\"\n");
    byte[] bytes = Files.readAllBytes(xml);
    assertThat(bytes[0]).isEqualTo((byte) 0xFF);
    assertThat(bytes[1]).isEqualTo((byte) 0xFE);
    assertThat(new String(bytes, StandardCharsets.UTF_16LE))
        .contains(
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
            "<StartBoundary>2020-01-01T02:30:00</StartBoundary>",
            "<Command>C:\\umt\\umt.cmd</Command>",
            "<Arguments>run --data " + f.data);
    Result once = f.run("schedule", "export", "go-live", "--format", "cron");
    assertThat(once.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(once.err())
        .isEqualTo(
            "umt: schedule go-live: a crontab line cannot express it: cron repeats every year at"
                + " the most and cannot run once; use a systemd timer, a Windows task or 'umt"
                + " daemon'\n");
    assertThat(f.run("schedule", "export", "none", "--format", "cron").err())
        .isEqualTo("umt: no schedule 'none' (see 'umt schedule list')\n");
  }
}
