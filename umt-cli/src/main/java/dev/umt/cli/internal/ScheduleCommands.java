package dev.umt.cli.internal;

import dev.umt.cli.Umt;
import dev.umt.schedule.FireHistory;
import dev.umt.schedule.FireRecord;
import dev.umt.schedule.Schedule;
import dev.umt.schedule.ScheduleExport;
import dev.umt.schedule.ScheduleFile;
import dev.umt.schedule.ScheduleText;
import dev.umt.schedule.Timing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** umt schedule add|list|remove|export: the data folder's schedules.json. */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {
      "Add, list, remove or export the schedules of 'umt daemon'.",
      "",
      "Schedules run in 'umt daemon', or, exported, from Windows Task Scheduler, systemd or cron."
          + " Each runs the active rules of its rule set as 'umt run' does; a run that finds"
          + " another run on the data folder is skipped, not queued.",
      "",
      "Examples:",
      "  umt schedule add nightly --daily 02:30 --zone Europe/Berlin",
      "  umt schedule add weekdays --weekly MON,FRI --at 06:00",
      "  umt schedule add often --every 15m --from 2027-01-04T08:00 --until 2027-03-31T18:00",
      "  umt schedule add go-live --once 2027-01-04T09:00",
      "  umt schedule add office-hours --cron '0 0/30 8-18 ? * MON-FRI'",
      "  umt schedule export nightly --format systemd --out /etc/systemd/system",
      ""
    },
    subcommands = {
      ScheduleCommands.Add.class,
      ScheduleCommands.ListCommand.class,
      ScheduleCommands.Remove.class,
      ScheduleCommands.Export.class
    })
final class ScheduleCommands implements Runnable {
  /** The clock of 'add' and 'list' (tests replace it). */
  static Clock clock = Clock.systemUTC();

  @Override
  public void run() {
    throw new UserError(
        "schedule: a subcommand is missing: add, list, remove or export (see 'umt schedule"
            + " --help')");
  }

  static ScheduleFile file(Cli cli) {
    return ScheduleFile.open(cli.data().root().resolve(ScheduleFile.NAME));
  }

  static Schedule find(Cli cli, String id) {
    return file(cli).load().stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new UserError("no schedule '" + id + "' (see 'umt schedule list')"));
  }

  static String when(Optional<Instant> at, ZoneId zone) {
    return at.map(
            i ->
                i.atZone(zone).toLocalDateTime().truncatedTo(ChronoUnit.SECONDS)
                    + " "
                    + zone.getId())
        .orElse("never again");
  }

  static final class Kind {
    @Option(names = "--once", paramLabel = "DATE-TIME", description = "once, at YYYY-MM-DDTHH:MM")
    @Nullable String once;

    @Option(names = "--daily", paramLabel = "HH:MM", description = "every day at HH:MM")
    @Nullable String daily;

    @Option(
        names = "--weekly",
        paramLabel = "DAYS",
        description = "on these days (MON,FRI), at --at")
    @Nullable String weekly;

    @Option(
        names = "--every",
        paramLabel = "INTERVAL",
        description = "continuously: INTERVAL (15m, 1h30m, 1d) after each run ends")
    @Nullable String every;

    @Option(
        names = "--cron",
        paramLabel = "EXPR",
        description =
            "a Quartz cron expression: sec min hour day-of-month month day-of-week [year]")
    String cron;
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Add a schedule: exactly one of --once, --daily, --weekly (with --at), --every, --cron.",
        ""
      })
  static final class Add implements Callable<Integer> {
    private final Cli cli;

    Add(Cli cli) {
      this.cli = cli;
    }

    @Parameters(
        paramLabel = "ID",
        description = "the schedule's name: letters, digits, '.', '_', '-'")
    String id;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Kind kind;

    @Option(names = "--at", paramLabel = "HH:MM", description = "the time of a --weekly schedule")
    @Nullable String at;

    @Option(
        names = "--from",
        paramLabel = "DATE-TIME",
        description = "first moment it may run (default: now)")
    @Nullable String from;

    @Option(
        names = "--until",
        paramLabel = "DATE-TIME",
        description = "last moment it may run (default: no end)")
    @Nullable String until;

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        description = "time zone of its times, such as Europe/Berlin (default: this machine's)")
    @Nullable String zone;

    @Option(
        names = "--rules",
        paramLabel = "FILE",
        description = "its rule-set file, relative to the data folder (default: ${DEFAULT-VALUE})",
        defaultValue = Schedule.DEFAULT_RULE_SET)
    String rules;

    @Override
    public Integer call() {
      ZoneId z = zone == null ? ZoneId.systemDefault() : ScheduleText.zone("--zone", zone);
      if (at != null && kind.weekly == null) {
        throw new UserError("--at goes with --weekly; --daily and --once take their own time");
      }
      Timing timing;
      if (kind.once != null) {
        timing = new Timing.Once(ScheduleText.dateTime("--once", kind.once));
      } else if (kind.daily != null) {
        timing = new Timing.Daily(ScheduleText.time("--daily", kind.daily));
      } else if (kind.weekly != null) {
        if (at == null) {
          throw new UserError("--weekly needs --at HH:MM");
        }
        timing =
            new Timing.Weekly(
                ScheduleText.days("--weekly", kind.weekly), ScheduleText.time("--at", at));
      } else if (kind.every != null) {
        timing = new Timing.Continuously(ScheduleText.interval("--every", kind.every));
      } else {
        timing = new Timing.Custom(kind.cron);
      }
      Instant now = clock.instant();
      LocalDateTime start =
          from == null
              ? LocalDateTime.ofInstant(now, z).truncatedTo(ChronoUnit.MINUTES)
              : ScheduleText.dateTime("--from", from);
      Schedule s =
          new Schedule(
              id,
              timing,
              start,
              until == null ? null : ScheduleText.dateTime("--until", until),
              z,
              rules);
      ScheduleFile file = file(cli);
      List<Schedule> all = new ArrayList<>(file.load());
      if (all.stream().anyMatch(x -> x.id().equals(id))) {
        throw new UserError(
            "a schedule '"
                + id
                + "' exists already: remove it first ('umt schedule remove "
                + id
                + "')");
      }
      all.add(s);
      file.save(all);
      cli.out.println("Added schedule " + id + ": " + s.describe());
      cli.out.println(
          "First run: "
              + when(s.firstFire(now), z)
              + ". It runs while 'umt daemon' runs, or export it: 'umt schedule export "
              + id
              + " --format windows|systemd|cron'.");
      return Umt.OK;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {"List the schedules with their next and last runs.", ""})
  static final class ListCommand implements Runnable {
    private final Cli cli;

    ListCommand(Cli cli) {
      this.cli = cli;
    }

    @Override
    public void run() {
      List<Schedule> all = file(cli).load();
      if (all.isEmpty()) {
        cli.out.println("No schedules: add one with 'umt schedule add'.");
        return;
      }
      lines(all, FireHistory.open(cli.data().root().resolve(FireHistory.NAME)), clock.instant())
          .forEach(cli.out::println);
    }
  }

  /**
   * Two lines per schedule: what it is, then when it runs first (if scheduled now) and how its last
   * fire went.
   */
  static List<String> lines(List<Schedule> all, FireHistory history, Instant now) {
    List<String> out = new ArrayList<>();
    for (Schedule s : all) {
      out.add(s.id() + "  " + s.describe());
      Optional<FireRecord> last = history.lastOf(s.id());
      out.add(
          "    next: "
              + when(s.firstFire(now), s.zone())
              + "; last: "
              + last.map(
                      f ->
                          SyncCommands.TIME.format(f.firedAt())
                              + " "
                              + f.outcome()
                              + (f.planId().equals("none") ? "" : " " + f.planId())
                              + (f.reason().isEmpty() ? "" : " (" + f.reason() + ")"))
                  .orElse("never"));
    }
    return out;
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = {"Remove a schedule (a run in progress goes on to its end).", ""})
  static final class Remove implements Runnable {
    private final Cli cli;

    Remove(Cli cli) {
      this.cli = cli;
    }

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public void run() {
      ScheduleFile file = file(cli);
      List<Schedule> all = new ArrayList<>(file.load());
      if (!all.removeIf(s -> s.id().equals(id))) {
        throw new UserError("no schedule '" + id + "' (see 'umt schedule list')");
      }
      file.save(all);
      cli.out.println(
          "Removed schedule "
              + id
              + ". A running 'umt daemon' drops it within seconds; an exported task, unit or "
              + "crontab line stays until you remove it there.");
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      description = {
        "Write a schedule for the operating system's scheduler, running 'umt run' on this data"
            + " folder.",
        "",
        "windows: a Task Scheduler XML task (UTF-16): schtasks /Create /XML FILE /TN \\UMT\\ID",
        "systemd: umt-ID.service and umt-ID.timer (--out DIR): systemctl daemon-reload; systemctl"
            + " enable --now umt-ID.timer",
        "cron:    a crontab line (with CRON_TZ): crontab -e",
        "",
        "A format that cannot express the schedule says so (exit code 2): cron cannot run once,"
            + " systemd and cron have no end date.",
        ""
      })
  static final class Export implements Callable<Integer> {
    private final Cli cli;

    Export(Cli cli) {
      this.cli = cli;
    }

    enum Format {
      windows,
      systemd,
      cron
    }

    @Parameters(paramLabel = "ID")
    String id;

    @Option(
        names = "--format",
        required = true,
        paramLabel = "FORMAT",
        description = "windows, systemd or cron")
    Format format;

    @Option(
        names = "--out",
        paramLabel = "PATH",
        description = "write to this file (windows, cron) or folder (systemd) instead of printing")
    @Nullable Path out;

    @Option(
        names = "--command",
        paramLabel = "PROGRAM",
        description =
            "the umt program to run (default: the launcher of this installation, umt.cmd for"
                + " windows)")
    @Nullable String command;

    @Override
    public Integer call() {
      Schedule s = find(cli, id);
      String data = cli.data().root().toString();
      String program = command != null ? command : defaultProgram(format == Format.windows);
      List<String> cmd = List.of(program, "run", "--data", data);
      switch (format) {
        case windows -> {
          String xml = ScheduleExport.windowsTask(s, cmd);
          if (out != null) {
            write(out, xml, true);
            cli.out.println(
                "Wrote "
                    + out.toAbsolutePath()
                    + "; register it with: schtasks /Create /XML \""
                    + out.toAbsolutePath()
                    + "\" /TN \"\\UMT\\"
                    + id
                    + "\"");
          } else {
            cli.out.print(xml);
          }
        }
        case systemd -> {
          ScheduleExport.SystemdUnits units = ScheduleExport.systemd(s, cmd);
          if (out != null) {
            write(out.resolve(units.serviceName()), units.service(), false);
            write(out.resolve(units.timerName()), units.timer(), false);
            cli.out.println(
                "Wrote "
                    + out.resolve(units.serviceName()).toAbsolutePath()
                    + " and "
                    + units.timerName()
                    + "; start it with: systemctl daemon-reload && systemctl enable --now "
                    + units.timerName());
          } else {
            cli.out.print(
                "# "
                    + units.serviceName()
                    + "\n"
                    + units.service()
                    + "\n# "
                    + units.timerName()
                    + "\n"
                    + units.timer());
          }
        }
        default -> {
          String line = ScheduleExport.crontab(s, cmd);
          if (out != null) {
            write(out, line, false);
            cli.out.println("Wrote " + out.toAbsolutePath() + "; add its lines with 'crontab -e'");
          } else {
            cli.out.print(line);
          }
        }
      }
      return Umt.OK;
    }

    /**
     * The launcher next to the application folder (umt-cli/target/umt/umt-cli.jar three levels
     * below it), else plain {@code umt}.
     */
    static String defaultProgram(boolean windows) {
      String name = windows ? "umt.cmd" : "umt";
      try {
        Path jar = Path.of(Umt.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path launcher =
            jar.getParent() == null
                    || jar.getParent().getParent() == null
                    || jar.getParent().getParent().getParent() == null
                ? null
                : jar.getParent().getParent().getParent().getParent().resolve(name);
        if (launcher != null && Files.exists(launcher)) {
          return launcher.toAbsolutePath().normalize().toString();
        }
      } catch (java.net.URISyntaxException | RuntimeException e) {
        // fall back to the plain name
      }
      return name;
    }

    private static void write(Path file, String text, boolean utf16) {
      try {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.write(
            file,
            utf16
                ? ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE)
                : text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
