package dev.umt.examples;

import dev.umt.Plan;
import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncReport;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.rules.RuleSet;
import dev.umt.state.JsonFileStateStore;
import dev.umt.target.AccountStatus;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.InMemoryTarget;
import dev.umt.testkit.Organisation;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * UMT's main job end to end on embedded defaults, with no outside server: a directory (the test
 * kit's standard organisation) is synced into a target by a rule set; then the directory changes
 * (someone is disabled, someone renamed, an OU renamed) and a second run follows; it crosses the
 * default 20 % deprovisioning threshold, is held, and is then approved by its plan id. Prints the
 * plan and the report of each run. Exits 0 when the first and the approved run complete.
 *
 * <pre>{@code
 * mvn -B -q install -DskipTests && mvn -B -q -pl umt-examples exec:java
 * }</pre>
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(System.out));
  }

  /** Runs the demo, printing to {@code out}; returns the exit code. */
  static int run(PrintStream out) throws Exception {
    Organisation org = Organisation.standard();
    InMemoryDirectory directory = InMemoryDirectory.of(org);
    InMemoryTarget target = InMemoryTarget.builder().batchSize(100)
        .group("g-staff", "Staff", null).group("g-sales", "Sales", "g-staff").group("g-eng", "Engineering", "g-staff").build();
    target.addExisting("alice@example.test", "Alice", "Archer", null, AccountStatus.ACTIVE, false);

    String salesDn = org.unit("Sales").dn();
    String engineersDn = org.group("Engineers").dn();
    String json = """
        {
          "version": 1,
          "rules": [
            {"id": "sales", "name": "Sales and its sub-OUs", "priority": 10,
             "source": {"kind": "CONTAINER", "id": "%s", "dn": "%s", "recursive": true},
             "target": {"group": "Staff/Sales", "license": true},
             "mapping": {"email": "${mail:lower}", "firstName": "${givenName}", "lastName": "${sn}"},
             "onDisabled": "SUSPEND", "onLeave": "SUSPEND"},
            {"id": "engineers", "name": "Engineers group, nested", "priority": 20,
             "source": {"kind": "GROUP", "id": "%s", "dn": "%s", "recursive": true},
             "target": {"group": "Staff/Engineering", "license": true},
             "onDisabled": "REVOKE_LICENSE", "onLeave": "SUSPEND"}
          ]
        }
        """.formatted(directory.idOf(salesDn), salesDn.replace("\"", "\\\""), directory.idOf(engineersDn), engineersDn);
    RuleSet rules = RuleSet.fromJson(json, "demo rules", target.groups());

    Path data = Files.createTempDirectory("umt-demo-");
    out.println("UMT demo: " + org.users().size() + " directory users, " + rules.activeRules().size() + " active rules, data folder " + data);
    boolean ok;
    try (JsonFileStateStore store = JsonFileStateStore.open(data)) {
      SyncEngine engine = SyncEngine.builder().source(directory).evaluator(DefaultRuleEvaluator.create()).target(target)
          .stateStore(store).build();

      out.println("\n== Run 1: first sync ==");
      print(out, engine.plan(rules.activeRules()));
      SyncReport first = engine.run(rules.activeRules());
      print(out, first);

      out.println("\n== The directory changes: gina is disabled, bob is now Robert, OU Sales is renamed ==");
      directory.updateUser(directory.userByLogin("gina").id(), u -> u.enabled(false));
      directory.updateUser(directory.userByLogin("bob").id(), u -> u.givenName("Robert"));
      directory.rename(directory.idOf(salesDn), "Sales and Marketing");

      out.println("\n== Run 2 ==");
      SyncReport second = engine.run(rules.activeRules());
      print(out, second);
      SyncReport last = second;
      if (second.status() == SyncReport.Status.HELD) {
        out.println("\n== Run 2 was held by the safety threshold; a manager approves plan " + second.planId() + " ==");
        last = engine.approve(second.planId(), rules.activeRules());
        print(out, last);
      }
      ok = first.status() == SyncReport.Status.COMPLETED && last.status() == SyncReport.Status.COMPLETED;
    }
    out.println("\nAccounts in the target now:");
    target.all().forEach(a -> out.printf("  %-28s %-10s %-8s group=%-8s licensed=%s%n", a.email(), a.lastName(), a.status(), a.groupKey(), a.licensed()));
    return ok ? 0 : 1;
  }

  private static void print(PrintStream out, Plan plan) {
    out.println(plan.summary());
    for (PlanStep s : plan.steps()) {
      out.printf("  %-14s %-60s %s%n", s.kind().name().toLowerCase(Locale.ROOT), shorten(s.subject()), s.reason());
    }
  }

  private static void print(PrintStream out, SyncReport report) {
    out.println("report: " + report.summary());
    for (StepOutcome o : report.outcomes()) {
      if (o.step().kind() != PlanStep.Kind.NO_CHANGE) {
        out.printf("  %-14s %-7s %-60s %s%n", o.step().kind().name().toLowerCase(Locale.ROOT), o.result(), shorten(o.step().subject()),
            o.message().isEmpty() ? o.step().reason() : o.message());
      }
    }
    out.printf("  read %d ms, plan %d ms, apply %d ms%n", report.readTime().toMillis(), report.planTime().toMillis(), report.applyTime().toMillis());
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
