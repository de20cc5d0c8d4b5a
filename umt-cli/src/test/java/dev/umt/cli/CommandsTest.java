package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every administrator command driven in-process against the embedded directory and the stand-in.
 */
class CommandsTest extends CliTest {
  private static final Pattern PLAN_ID = Pattern.compile("umt apply ([0-9a-f-]{36})");
  private static final Pattern RUN_ID = Pattern.compile("umt report ([0-9a-f-]{36})");

  private void ready() {
    assertThat(f.login().exit()).isZero();
    assertThat(f.connect().exit()).isZero();
  }

  private String salesDn() {
    return CliFixture.dn(CliFixture.ORG.unit("Sales").dn());
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Result r = f.run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains(
            "login",
            "logout",
            "connect",
            "browse",
            "users",
            "rules",
            "plan",
            "apply",
            "run",
            "approve",
            "held",
            "history",
            "report",
            "status",
            "settings",
            "about",
            "demo",
            "3  held: waiting for approval (umt approve PLAN-ID)");
    Result add = f.run("rules", "add", "--help");
    assertThat(add.exit()).isZero();
    assertThat(add.out())
        .contains("Usage: umt rules add", "--dn=DN", "--group=PATH", "--on-leave=ACTION");
  }

  @Test
  void theTopLevelHelpListsEveryCommandWithItsOneLineSummary() {
    String out = f.run("--help").out();
    String list = out.substring(out.indexOf("Commands:\n"), out.indexOf("\nExit codes:"));
    assertThat(list)
        .isEqualTo(
            """
            Commands:
              login     Sign in once as the GoToMyPC corporate manager (OAuth).
              logout    Forget the GoToMyPC tokens (--all: the client secret too).
              connect   Connect to the directory, test it and say who UMT is bound as.
              browse    Show the directory tree of OUs, containers and groups.
              users     List the users of an OU or a group, page by page.
              rules     The rules: which OU or group gets accounts, in which group.
              plan      Show what a run would do now, without changing anything.
              apply     Apply exactly a plan made by 'umt plan'.
              run       Plan and apply now, with progress bars and a summary.
              approve   Approve a held plan and apply it if nothing changed since.
              held      List the plans waiting for approval, with their reasons.
              history   List the last runs: when, plan id, status, counts.
              report    Show the per-user outcomes of a run (or the steps of a plan).
              status    The dashboard: GoToMyPC, directory, rules, runs, held plans.
              schedule  Add, list, remove or export the schedules of 'umt daemon'.
              daemon    Run the schedules in the foreground until SIGTERM or Ctrl-C.
              settings  Show or change the local and global options.
              about     Version, log file, data folder, install location and Java.
              demo      Run UMT end to end on a generated organisation, no server needed.
            """);
    assertThat(out.lines().filter(l -> l.length() > 80)).as("80 columns").isEmpty();
    for (String command :
        java.util.List.of(
            "login",
            "logout",
            "connect",
            "browse",
            "users",
            "rules",
            "rules list",
            "rules show",
            "rules add",
            "rules edit",
            "rules activate",
            "rules deactivate",
            "rules delete",
            "rules validate",
            "plan",
            "apply",
            "run",
            "approve",
            "held",
            "history",
            "report",
            "status",
            "schedule",
            "schedule add",
            "schedule list",
            "schedule remove",
            "schedule export",
            "daemon",
            "settings",
            "settings get",
            "settings set",
            "about",
            "demo")) {
      Result help = f.run((command + " --help").split(" "));
      assertThat(help.exit()).as(command).isZero();
      assertThat(help.out()).as(command).startsWith("Usage: umt " + command + " ");
      assertThat(help.out().lines().filter(l -> l.length() > 80))
          .as(command + ": 80 columns")
          .isEmpty();
    }
  }

  @Test
  void connectSaysWhoItIsBoundAsAndBrowseShowsTheTree() {
    assertThat(f.connect().out()).contains("bound as cn=Directory Manager", "(simple bind)");
    Result b = f.run("browse", "--depth", "2");
    assertThat(b.exit()).isZero();
    assertThat(b.out())
        .contains(
            "DC=example,DC=test  [domain]",
            "  - Corp  [OU]  OU=Corp,DC=example,DC=test",
            "    - Sales  [OU]  OU=Sales,OU=Corp,DC=example,DC=test",
            "    - Groups  [OU]");
    Result users = f.run("users", salesDn(), "--nested", "--page-size", "1");
    assertThat(users.exit()).isZero();
    assertThat(users.out())
        .contains(
            "alice",
            "erin",
            "bob",
            "3 users in OU=Sales,OU=Corp,DC=example,DC=test",
            "3 pages of up to 1");
  }

  @Test
  void connectWithAPromptedPasswordAndAWrongOne() {
    Result ok =
        f.runWithInput(
            "umt-in-memory\n",
            "connect",
            "--type",
            "active-directory",
            "--servers",
            f.ad.host() + ":" + f.ad.port(),
            "--security",
            "none",
            "--allow-plain-password",
            "--user",
            f.ad.bindDn());
    assertThat(ok.exit()).isZero();
    assertThat(ok.out())
        .contains("Password for cn=Directory Manager: ", "bound as cn=Directory Manager");
    Result saved = f.run("connect");
    assertThat(saved.exit()).as("saved settings and password are reused").isZero();
    Result wrong = f.runWithInput("not-the-password\n", "connect", "--user", "cn=Someone Else");
    assertThat(wrong.exit()).isEqualTo(Umt.AUTHENTICATION);
    assertThat(wrong.err().lines()).hasSize(1);
    assertThat(wrong.err()).startsWith("umt: ").doesNotContain("\tat ");
  }

  @Test
  void badInputIsOneLineWithAnExitCode() {
    Result unknown = f.run("plan", "--bogus");
    assertThat(unknown.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(unknown.err())
        .isEqualTo("umt plan: Unknown option: '--bogus' (see 'umt plan --help')\n");
    Result missing = f.run("rules", "show");
    assertThat(missing.err())
        .isEqualTo(
            "umt rules show: Missing required parameter: 'RULE-ID' (see 'umt rules show"
                + " --help')\n");
    f.connect();
    Result noDn = f.run("browse", "ou=Nope,dc=example,dc=test");
    assertThat(noDn.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(noDn.err())
        .isEqualTo("umt: no entry with DN 'ou=Nope,dc=example,dc=test' in the directory\n");
    Result noRule = f.run("rules", "delete", "ghost");
    assertThat(noRule.err())
        .isEqualTo(
            "umt: no rule with id 'ghost' in "
                + f.data.resolve("rules.json")
                + " (see 'umt rules list')\n");
    Result badValue = f.run("settings", "set", "concurrency", "0");
    assertThat(badValue.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(badValue.err())
        .isEqualTo(
            "umt: "
                + f.data.resolve("local-options.json")
                + ": concurrency: must be 1 to 64, not 0\n");
    Result notLoggedIn = f.run("plan");
    assertThat(notLoggedIn.err())
        .isEqualTo(
            "umt: no rules yet: add one with 'umt rules add' ("
                + f.data.resolve("rules.json")
                + " does not exist)\n");
    Result debug = f.run("--debug", "browse", "ou=Nope,dc=example,dc=test");
    assertThat(debug.err())
        .contains(
            "\numt: no entry with DN 'ou=Nope,dc=example,dc=test' in the directory\n",
            "\tat dev.umt.cli");
  }

  @Test
  void anUnreadableRulesFileIsNamedWithItsProblems() throws Exception {
    Files.createDirectories(f.data);
    Files.writeString(
        f.data.resolve("rules.json"), "{\"version\": 1, \"rules\": [{\"id\": \"x\"}]}");
    Result v = f.run("rules", "validate");
    assertThat(v.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(v.out()).contains("rules[0].name", "rules[0].source");
    assertThat(v.err().lines()).hasSize(1);
    Result list = f.run("rules", "list");
    assertThat(list.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(list.err().lines()).hasSize(1);
    assertThat(list.err()).contains(f.data.resolve("rules.json").toString(), "rules[0].name");
  }

  @Test
  void rulesAddEditActivateDeactivateDelete() {
    ready();
    Result add =
        f.run(
            "rules",
            "add",
            "sales",
            "--dn",
            salesDn(),
            "--group",
            "Staff/Sales",
            "--priority",
            "10");
    assertThat(add.exit()).as(add.all()).isZero();
    assertThat(add.out()).contains("Added rule sales: OU OU=Sales,OU=Corp,DC=example,DC=test (id ");
    assertThat(f.run("rules", "add", "sales", "--dn", salesDn()).err())
        .contains("a rule with id 'sales' exists already");
    Result badGroup =
        f.run(
            "rules",
            "add",
            "eng",
            "--dn",
            CliFixture.dn(CliFixture.ORG.group("Engineers").dn()),
            "--group",
            "Staff/Nope");
    assertThat(badGroup.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(badGroup.err()).contains("Staff/Nope");
    assertThat(f.run("rules", "edit", "sales", "--priority", "5", "--on-leave", "DELETE").out())
        .contains("sales", "active", "   5");
    assertThat(f.run("rules", "show", "sales").out())
        .contains("\"priority\": 5", "\"onLeave\": \"DELETE\"");
    assertThat(f.run("rules", "deactivate", "sales").out()).startsWith("Rule sales is inactive");
    assertThat(f.run("rules", "list").out()).contains("sales            inactive    5");
    assertThat(f.run("rules", "activate", "sales").exit()).isZero();
    Result pick = f.runWithInput("999\n", "rules", "add", "picked", "--pick");
    assertThat(pick.err())
        .isEqualTo(
            "umt: '999' is not a number from 1 to "
                + (pick.out().lines().filter(l -> l.matches("\\s*\\d+ .*")).count())
                + "\n");
    assertThat(f.run("rules", "delete", "sales").out()).startsWith("Deleted rule sales");
    assertThat(f.run("rules", "list").out()).startsWith("No rules yet");
  }

  @Test
  void planThenApplyExactlyThatPlanAndAStalePlanIsRefused() throws Exception {
    ready();
    f.run("rules", "add", "sales", "--dn", salesDn(), "--group", "Staff/Sales");
    Path html = tmp.resolve("plan.html");
    Result plan =
        f.run("plan", "--html", html.toString(), "--out", tmp.resolve("plan.json").toString());
    assertThat(plan.exit()).as(plan.all()).isZero();
    assertThat(plan.out()).contains("CREATE (2)", "SKIP (1)", "Totals: create=2 skip=1");
    assertThat(Files.readString(html)).contains("<!DOCTYPE html>", "<td>create</td>");
    assertThat(Files.readString(tmp.resolve("plan.json"))).contains("\"kind\": \"plan\"");
    Matcher m = PLAN_ID.matcher(plan.out());
    assertThat(m.find()).isTrue();
    String planId = m.group(1);
    assertThat(f.run("held").out())
        .contains(
            planId,
            "review",
            "planned with umt plan, waiting for review",
            "apply with: umt apply " + planId);
    assertThat(f.gotomypc.users(f.company)).as("plan changes nothing").isEmpty();

    Result apply = f.run("apply", planId);
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(apply.out())
        .contains(
            "Applied plan: COMPLETED (plan "
                + planId
                + "): planned 3 (create=2, skip=1); done 3 (create=2, skip=1); "
                + "partial 0; failed 0; held 0; withheld 0; not attempted 0");
    assertThat(f.gotomypc.users(f.company)).hasSize(2);
    assertThat(f.run("apply", planId).err())
        .contains("plan " + planId + " is not waiting: it was applied already");

    Result second = f.run("plan");
    Matcher m2 = PLAN_ID.matcher(second.out());
    assertThat(m2.find()).isTrue();
    f.ad
        .server()
        .modify(
            CliFixture.dn(CliFixture.ORG.user("alice").dn()),
            new com.unboundid.ldap.sdk.Modification(
                com.unboundid.ldap.sdk.ModificationType.REPLACE, "givenName", "Alicia"));
    Result stale = f.run("apply", m2.group(1));
    assertThat(stale.exit()).isEqualTo(Umt.STALE);
    assertThat(stale.err())
        .contains(
            "\numt: plan "
                + m2.group(1)
                + " is stale: the directory or the target changed since it was held");

    Result history = f.run("history", "--last", "5");
    assertThat(history.out())
        .contains(planId, "COMPLETED", "  create=2 skip=1\n")
        .doesNotContain("planned");
    Result report = f.run("report", planId);
    assertThat(report.out()).contains("Run " + planId + ": COMPLETED", "DONE", "CN=Alice Archer");
    assertThat(f.run("report", "nope").err())
        .isEqualTo(
            "umt: no plan or run with id nope in "
                + f.data.resolve("reports")
                + " (see 'umt history' and 'umt held')\n");
  }

  @Test
  void runPrintsJsonAndAHeldRunIsApprovedByItsId() throws Exception {
    ready();
    f.run(
        "rules",
        "add",
        "eng",
        "--dn",
        CliFixture.dn(CliFixture.ORG.group("Engineers").dn()),
        "--group",
        "Staff/Engineering");
    Result json = f.run("run", "--json");
    assertThat(json.exit()).as(json.all()).isZero();
    assertThat(json.out())
        .startsWith("{")
        .contains("\"kind\": \"run\"", "\"status\": \"COMPLETED\"", "\"outcome\": \"DONE\"");
    f.run("settings", "set", "threshold.maxCount", "0");
    f.run("settings", "set", "threshold.maxPercent", "0");
    f.ad
        .server()
        .modify(
            CliFixture.dn(CliFixture.ORG.user("gina").dn()),
            new com.unboundid.ldap.sdk.Modification(
                com.unboundid.ldap.sdk.ModificationType.REPLACE, "userAccountControl", "514"));
    Result held = f.run("run");
    assertThat(held.exit()).isEqualTo(Umt.HELD);
    Matcher m = RUN_ID.matcher(held.out());
    assertThat(m.find()).isTrue();
    assertThat(f.run("held").out())
        .contains(m.group(1), "held", "apply with: umt approve " + m.group(1));
    assertThat(f.run("status").out())
        .contains(
            "Waiting for approval",
            m.group(1),
            "company  Example Corp",
            "GoToMyPC Corporate",
            "bound as cn=Directory Manager",
            "eng ",
            "last run:");
    Result approved = f.run("approve", m.group(1));
    assertThat(approved.exit()).as(approved.all()).isZero();
    assertThat(approved.out()).contains("Approved and applied: COMPLETED", "suspend=1");
    assertThat(f.run("held").out()).isEqualTo("No plan is waiting for approval.\n");
  }

  @Test
  void theProxyOptionCarriesTheGoToMyPcTraffic() {
    ready();
    f.run("rules", "add", "sales", "--dn", salesDn(), "--group", "Staff/Sales");
    assertThat(f.run("settings", "set", "proxy", "127.0.0.1:1").exit()).isZero();
    Result viaDeadProxy = f.run("run");
    assertThat(viaDeadProxy.exit()).as(viaDeadProxy.all()).isEqualTo(Umt.UNAVAILABLE);
    assertThat(viaDeadProxy.err().lines().filter(l -> l.startsWith("umt: "))).hasSize(1);
    assertThat(f.gotomypc.users(f.company)).isEmpty();
    f.run("settings", "set", "proxy");
    assertThat(f.run("run").exit()).isZero();
    assertThat(f.gotomypc.users(f.company)).hasSize(2);
  }

  @Test
  void aRunSaysWhatItReadAndFullAsksForAFullRun() {
    ready();
    f.run("rules", "add", "sales", "--dn", salesDn(), "--group", "Staff/Sales");
    Result first = f.run("run");
    assertThat(first.exit()).as(first.all()).isZero();
    assertThat(first.out()).containsPattern("\nRead: full: [^\n]+\n");
    Result full = f.run("run", "--full");
    assertThat(full.exit()).as(full.all()).isZero();
    assertThat(full.out()).contains("\nRead: full: requested\n");
    assertThat(f.run("history").out()).contains("\n    read: full: requested\n");
  }

  @Test
  void settingsGetAndSetWithTheLibrarysChecks() {
    assertThat(f.run("settings", "set", "rateLimitPerSecond", "2.5").exit()).isZero();
    assertThat(f.run("settings", "get", "rateLimitPerSecond").out()).isEqualTo("2.5\n");
    assertThat(f.run("settings", "set", "--global", "uncoveredAction", "DELETE").exit()).isZero();
    assertThat(f.run("settings", "get").out())
        .contains("rateLimitPerSecond         2.5", "uncoveredAction            DELETE");
    assertThat(f.run("settings", "set", "--local", "uncoveredAction", "DELETE").err())
        .isEqualTo("umt: 'uncoveredAction' is a global option, not a local one\n");
    assertThat(f.run("settings", "set", "nope", "1").err())
        .startsWith("umt: unknown option 'nope'; local options: detailedRuleLogging");
    assertThat(f.run("settings", "set", "proxy", "no-port").err())
        .contains("local-options.json: proxy: ");
    assertThat(f.run("settings", "set", "rateLimitPerSecond").out())
        .contains("is back to its default");
    assertThat(f.run("settings", "get", "rateLimitPerSecond").out())
        .isEqualTo("(the target's own: 10)\n");
  }

  @Test
  void aboutAndLogout() {
    Result about = f.run("about");
    assertThat(about.out())
        .contains(
            "data folder:  " + f.data,
            "log file:     " + f.data.resolve("logs").resolve("umt.log"),
            "java:         17");
    f.login();
    assertThat(f.run("logout").out()).startsWith("Logged out: the GoToMyPC tokens are forgotten");
    assertThat(f.run("logout").out()).startsWith("Not logged in");
    f.connect();
    f.run("rules", "add", "sales", "--dn", salesDn());
    Result plan = f.run("plan");
    assertThat(plan.exit()).isEqualTo(Umt.AUTHENTICATION);
    assertThat(plan.err()).isEqualTo("umt: not logged in to GoToMyPC: run 'umt login' first\n");
  }
}
