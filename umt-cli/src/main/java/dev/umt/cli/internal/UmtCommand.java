package dev.umt.cli.internal;

import dev.umt.cli.Umt;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(
    name = "umt",
    mixinStandardHelpOptions = true,
    versionProvider = About.Version.class,
    sortOptions = false,
    header =
        "UMT keeps the users of a GoToMyPC corporate account in step with a corporate directory.",
    description = {
      "",
      "First time: 'umt login' (GoToMyPC), 'umt connect' (the directory), 'umt rules add', then"
          + " 'umt plan' and 'umt apply PLAN-ID', or 'umt run'.",
      "Try it all without any server: 'umt demo'.",
      ""
    },
    commandListHeading = "%nCommands:%n",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  done",
      "  1  the run failed, or an unexpected error",
      "  2  bad input or configuration",
      "  3  held: waiting for approval (umt approve PLAN-ID)",
      "  4  completed with errors (umt report PLAN-ID)",
      "  5  credentials refused or missing (umt login, umt connect)",
      "  6  a server could not be reached: try again later",
      "  7  the plan is stale: the directory or GoToMyPC changed since it was made",
      "",
      "Data folder: --data, else UMT_DATA, else ~/.umt. Secrets are encrypted with UMT_SECRET_KEY"
          + " (base64, 32 bytes) or UMT_SECRET_KEY_FILE."
    },
    subcommands = {
      LoginCommands.Login.class,
      LoginCommands.Logout.class,
      DirectoryCommands.Connect.class,
      DirectoryCommands.Browse.class,
      DirectoryCommands.Users.class,
      RuleCommands.class,
      SyncCommands.PlanCommand.class,
      SyncCommands.Apply.class,
      SyncCommands.Run.class,
      SyncCommands.Approve.class,
      SyncCommands.Held.class,
      SyncCommands.History.class,
      SyncCommands.Report.class,
      StatusCommand.class,
      ScheduleCommands.class,
      DaemonCommand.class,
      SettingsCommand.class,
      About.class,
      DemoCommand.class
    })
final class UmtCommand implements Runnable {
  private final Cli cli;

  UmtCommand(Cli cli) {
    this.cli = cli;
  }

  @Option(
      names = "--data",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "the data folder (default: UMT_DATA, else ~/.umt)")
  void data(Path dir) {
    cli.dataOption = dir;
  }

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "also show log lines (INFO) on the console")
  void verbose(boolean v) {
    cli.verbose = v;
  }

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "show DEBUG log lines and the stack trace of an error")
  void debug(boolean v) {
    cli.debug = v;
  }

  @Override
  public void run() {
    throw new UserError("a command is missing: see 'umt --help'", Umt.BAD_INPUT);
  }
}
