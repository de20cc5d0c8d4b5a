package dev.umt.examples;

import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.umt.Plan;
import dev.umt.PlanStep;
import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.StepOutcome;
import dev.umt.SyncEngine;
import dev.umt.SyncReport;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.SourceInfo;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.rules.RuleSet;
import dev.umt.state.JsonFileStateStore;
import dev.umt.target.ProvisioningTarget;
import dev.umt.target.TargetAccount;
import dev.umt.testkit.Organisation;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.ldap.EmbeddedDirectories;
import dev.umt.testkit.ldap.EmbeddedDirectory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * UMT's main job end to end on embedded defaults, with no outside server. The directory is an
 * Active-Directory-like LDAP server in this JVM (UnboundID's in-memory server holding the test
 * kit's standard organisation), read by the {@code active-directory} source. The target is the test
 * kit's GoToMyPC stand-in server on 127.0.0.1, driven by the {@code gotomypc} target over HTTP with
 * OAuth and the 10 requests/s limit. Both are found through {@code ServiceLoader}, as an embedding
 * program would find them.
 *
 * <p>Run 1 creates accounts and adopts one invited by hand. Then the directory changes: someone is
 * disabled, someone renamed, an OU renamed. Run 2 crosses the default 20 % deprovisioning threshold
 * and is held, then approved by its plan id. Prints each plan and report; exits 0 when the first
 * and the approved run complete.
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
    Path data = Files.createTempDirectory("umt-demo-");
    try (EmbeddedDirectory ad = EmbeddedDirectories.activeDirectoryLike();
        GoToMyPcStandIn gotomypc = GoToMyPcStandIn.builder().build().start()) {
      String company = gotomypc.addCompany("Example Corp");
      String staff = gotomypc.addGroup(company, "Staff", null);
      gotomypc.addGroup(company, "Sales", staff);
      gotomypc.addGroup(company, "Engineering", staff);
      String license = gotomypc.addLicense(company, "GoToMyPC Corporate", List.of("G2PC"), 50);
      gotomypc.addUser(company, "alice@example.test", "Alice", "Archer");
      Map<String, String> targetSettings =
          gotomypc.targetSettings(company, data.resolve("gotomypc-refresh-token"));
      targetSettings.put("licenseKey", license);

      Providers providers = Providers.load(Demo.class.getClassLoader());
      try (DirectorySource directory =
              providers
                  .directorySource("active-directory")
                  .create(
                      Settings.of(
                          "demo directory",
                          Map.of(
                              "servers",
                              ad.host() + ":" + ad.port(),
                              "security",
                              "none",
                              "bind",
                              "simple",
                              "bindUser",
                              ad.bindDn(),
                              "bindPassword",
                              ad.password().reveal(),
                              "allowSimpleBindWithoutEncryption",
                              "true",
                              "baseDn",
                              ad.baseDn())));
          ProvisioningTarget target =
              providers.target("gotomypc").create(Settings.of("demo gotomypc", targetSettings));
          JsonFileStateStore store = JsonFileStateStore.open(data)) {
        SourceInfo info = directory.checkConnection();
        out.printf(
            "UMT demo: directory %s %s at %s (bound as %s), target %s, data folder %s%n",
            info.vendor(),
            info.version(),
            ad.url(),
            info.boundAs(),
            target.describe().name(),
            data);

        // Rules name their OU or group by permanent id, found by browsing; the DN is for display.
        DirectoryEntry sales = directory.findByDn(org.unit("Sales").dn()).orElseThrow();
        DirectoryEntry engineers = directory.findByDn(org.group("Engineers").dn()).orElseThrow();
        RuleSet rules =
            RuleSet.fromJson(
                """
                {
                  "version": 1,
                  "rules": [
                    {"id": "sales", "name": "Sales and its sub-OUs", "priority": 10,
                     "source": {"kind": "CONTAINER", "id": "%s", "dn": "%s", "recursive": true},
                     "target": {"group": "Staff/Sales", "license": true},
                     "mapping": {"email": "${mail|userPrincipalName:lower}",
                                 "firstName": "${givenName}", "lastName": "${sn}"},
                     "onDisabled": "SUSPEND", "onLeave": "SUSPEND"},
                    {"id": "engineers", "name": "Engineers group, nested", "priority": 20,
                     "source": {"kind": "GROUP", "id": "%s", "dn": "%s", "recursive": true},
                     "target": {"group": "Staff/Engineering", "license": true},
                     "onDisabled": "REVOKE_LICENSE", "onLeave": "SUSPEND"}
                  ]
                }
                """
                    .formatted(sales.id(), json(sales.dn()), engineers.id(), json(engineers.dn())),
                "demo rules",
                target.groups());

        SyncEngine engine =
            SyncEngine.builder()
                .source(directory)
                .evaluator(DefaultRuleEvaluator.create())
                .target(target)
                .stateStore(store)
                .build();

        out.println("\n== Run 1: first sync ==");
        print(out, engine.plan(rules.activeRules()));
        SyncReport first = engine.run(rules.activeRules());
        print(out, first);

        out.println(
            "\n"
                + "== The directory changes: gina and zoe are disabled, bob is now Robert, OU Sales"
                + " is renamed ==");
        ad.server()
            .modify(
                org.user("gina").dn(),
                new Modification(ModificationType.REPLACE, "userAccountControl", "514"));
        ad.server()
            .modify(
                org.user("zoe").dn(),
                new Modification(ModificationType.REPLACE, "userAccountControl", "514"));
        ad.server()
            .modify(
                org.user("bob").dn(),
                new Modification(ModificationType.REPLACE, "givenName", "Robert"));
        ad.server().modifyDN(org.unit("Sales").dn(), "ou=Sales and Marketing", true);

        out.println("\n== Run 2 ==");
        SyncReport second = engine.run(rules.activeRules());
        print(out, second);
        SyncReport last = second;
        if (second.status() == SyncReport.Status.HELD) {
          out.println(
              "\n== Run 2 was held by the safety threshold; a manager approves plan "
                  + second.planId()
                  + " ==");
          last = engine.approve(second.planId(), rules.activeRules());
          print(out, last);
        }

        out.println("\nAccounts in GoToMyPC now:");
        List<TargetAccount> accounts = new ArrayList<>();
        try (var cursor = target.accounts(100)) {
          while (cursor.hasNext()) {
            accounts.addAll(cursor.next());
          }
        }
        accounts.forEach(
            a ->
                out.printf(
                    "  %-28s %-12s %-10s %-9s group=%-3s licensed=%s%n",
                    a.email(),
                    a.firstName(),
                    a.lastName(),
                    a.status(),
                    a.groupKey(),
                    a.licensed()));
        return first.status() == SyncReport.Status.COMPLETED
                && last.status() == SyncReport.Status.COMPLETED
            ? 0
            : 1;
      }
    }
  }

  private static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void print(PrintStream out, Plan plan) {
    out.println(plan.summary());
    for (PlanStep s : plan.steps()) {
      out.printf(
          "  %-14s %-60s %s%n",
          s.kind().name().toLowerCase(Locale.ROOT), shorten(s.subject()), s.reason());
    }
  }

  private static void print(PrintStream out, SyncReport report) {
    out.println("report: " + report.summary());
    for (StepOutcome o : report.outcomes()) {
      if (o.step().kind() != PlanStep.Kind.NO_CHANGE) {
        out.printf(
            "  %-14s %-7s %-60s %s%n",
            o.step().kind().name().toLowerCase(Locale.ROOT),
            o.result(),
            shorten(o.step().subject()),
            o.message().isEmpty() ? o.step().reason() : o.message());
      }
    }
    out.printf(
        "  read %d ms, plan %d ms, apply %d ms%n",
        report.readTime().toMillis(), report.planTime().toMillis(), report.applyTime().toMillis());
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
