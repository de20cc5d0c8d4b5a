package dev.umt.cli.internal;

import dev.umt.UmtException;
import dev.umt.directory.SourceInfo;
import dev.umt.gotomypc.Company;
import dev.umt.gotomypc.License;
import dev.umt.gotomypc.Manager;
import dev.umt.gotomypc.target.GoToMyPcTarget;
import dev.umt.rule.Rule;
import dev.umt.rules.RuleSet;
import dev.umt.state.RunRecord;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "The dashboard: GoToMyPC, directory, rules, runs, held plans.",
      "",
      "GoToMyPC company, manager and license seats; the directory and who UMT binds as; the rules"
          + " with their last results; the last runs; plans waiting for approval; the schedules"
          + " with their next and last fires (skipped ones too). A server that cannot be reached is"
          + " one line saying so (one attempt, short timeouts); the rest comes from the data"
          + " folder.",
      ""
    })
final class StatusCommand implements Runnable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(StatusCommand.class);
  private static final int MAX_REASON = 160;
  private final Cli cli;

  StatusCommand(Cli cli) {
    this.cli = cli;
  }

  @Override
  public void run() {
    try (Session session = new Session(cli.data(), true)) {
      DataFolder data = session.data();
      cli.out.println("Data folder: " + data.root());
      cli.out.println();
      cli.out.println("GoToMyPC");
      if (!session.loggedIn()) {
        cli.out.println("  not logged in: run 'umt login'");
      } else {
        try {
          GoToMyPcTarget target = session.target();
          Manager me = target.client().me();
          String companyKey = data.section("gotomypc").get("company");
          String companyName =
              me.companies().stream()
                  .filter(c -> c.key().equals(companyKey))
                  .map(Company::name)
                  .findFirst()
                  .orElse(companyKey);
          cli.out.printf("  company  %s (key %s)%n", companyName, companyKey);
          cli.out.printf("  manager  %s %s <%s>%n", me.firstName(), me.lastName(), me.email());
          for (License l : target.company().licenses()) {
            cli.out.printf(
                "  license  %s: %s of %s seats used%n",
                l.name(),
                l.seatsUsed() == null ? "?" : l.seatsUsed(),
                l.seats() == null ? "unlimited" : l.seats());
          }
        } catch (UmtException e) {
          cli.out.println(
              "  could not reach GoToMyPC at "
                  + data.section("gotomypc").getOrDefault("baseUrl", "https://api.getgo.com/")
                  + ": "
                  + oneLine("GoToMyPC", e));
        }
      }
      cli.out.println();
      cli.out.println("Directory");
      Map<String, String> dir = data.section("directory");
      if (dir.isEmpty()) {
        cli.out.println("  not connected: run 'umt connect'");
      } else {
        try {
          SourceInfo info = session.source().checkConnection();
          cli.out.printf(
              "  %s %s at %s (%s), bound as %s%n",
              info.vendor(),
              info.version(),
              dir.get("servers"),
              dir.get("type"),
              info.boundAs() == null || info.boundAs().isEmpty() ? "anonymous" : info.boundAs());
        } catch (UmtException e) {
          cli.out.printf(
              "  could not reach the directory (%s) at %s: %s%n",
              dir.get("type"), dir.get("servers"), oneLine("the directory", e));
        }
      }
      List<RunRecord> runs = session.store().runs(5);
      cli.out.println();
      cli.out.println("Rules");
      if (!Files.exists(data.rulesFile())) {
        cli.out.println("  none yet: 'umt rules add'");
      } else {
        RuleSet rules = session.rulesFile(false).load();
        Map<String, Map<String, Integer>> lastByRule = lastResults(session, runs);
        for (Rule r : rules.rules()) {
          Map<String, Integer> last = lastByRule.get(r.id());
          cli.out.println("  " + RuleCommands.describe(r));
          if (last != null) {
            cli.out.println(
                "      last run: "
                    + last.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .reduce((a, b) -> a + " " + b)
                        .orElse("nothing"));
          }
        }
      }
      cli.out.println();
      cli.out.println("Last runs");
      if (runs.isEmpty()) {
        cli.out.println("  none yet");
      }
      for (int i = runs.size() - 1; i >= 0; i--) {
        RunRecord r = runs.get(i);
        cli.out.printf(
            "  %s  %-21s %s%s%n",
            SyncCommands.TIME.format(r.startedAt()),
            r.status(),
            r.planId(),
            r.reason().isEmpty() ? "" : "  (" + r.reason() + ")");
      }
      cli.out.println();
      cli.out.println("Waiting for approval");
      List<String> held = SyncCommands.heldLines(session);
      if (held.isEmpty()) {
        cli.out.println("  nothing");
      }
      held.forEach(h -> cli.out.println("  " + h.replace("\n", "\n  ")));
      cli.out.println();
      cli.out.println("Schedules");
      List<dev.umt.schedule.Schedule> schedules =
          dev.umt.schedule.ScheduleFile.open(
                  data.root().resolve(dev.umt.schedule.ScheduleFile.NAME))
              .load();
      if (schedules.isEmpty()) {
        cli.out.println("  none: 'umt schedule add'");
      }
      ScheduleCommands.lines(
              schedules,
              dev.umt.schedule.FireHistory.open(
                  data.root().resolve(dev.umt.schedule.FireHistory.NAME)),
              ScheduleCommands.clock.instant())
          .forEach(l -> cli.out.println("  " + l));
    }
  }

  /**
   * The failure in one line of at most {@value #MAX_REASON} characters: the message's first clause
   * and, when it has one, the root cause (such as {@code ConnectException: Connection refused});
   * the whole message goes to the log.
   */
  static String oneLine(String service, Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    LOG.warn("umt status: could not reach {}: {}", service, m, e);
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason = m.split("\\R", 2)[0];
    if (root != e) {
      int clause = reason.indexOf(": ");
      reason =
          (clause > 0 ? reason.substring(0, clause) : reason)
              + " ("
              + root.getClass().getSimpleName()
              + (root.getMessage() == null ? "" : ": " + root.getMessage().split("\\R", 2)[0])
              + ")";
    }
    if (reason.length() <= MAX_REASON) {
      return reason;
    }
    int cut = reason.lastIndexOf(' ', MAX_REASON);
    return reason.substring(0, cut > 0 ? cut : MAX_REASON) + " ... (the log has the rest)";
  }

  /** Per rule, the counts of step kinds in the newest run's saved report. */
  private static Map<String, Map<String, Integer>> lastResults(
      Session session, List<RunRecord> runs) {
    Map<String, Map<String, Integer>> out = new TreeMap<>();
    if (runs.isEmpty()) {
      return out;
    }
    new ReportFiles(session.data())
        .find(runs.get(runs.size() - 1).planId())
        .ifPresent(
            r -> {
              for (SavedReport.Step s : r.steps()) {
                if (s.rule() != null) {
                  out.computeIfAbsent(s.rule(), k -> new TreeMap<>())
                      .merge(s.kindLabel() + (s.failed() ? "(failed)" : ""), 1, Integer::sum);
                }
              }
            });
    return out;
  }
}
