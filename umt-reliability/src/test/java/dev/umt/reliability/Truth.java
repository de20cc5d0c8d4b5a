package dev.umt.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import dev.umt.SyncReport;
import dev.umt.state.LedgerEntry;
import dev.umt.target.AccountPatch;
import dev.umt.target.NewAccount;
import dev.umt.testkit.gotomypc.StandInUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The checks every case of the fault matrix makes, comparing a run's report and ledger with what
 * the stand-in really holds. Each collects every mismatch and fails once, listing them.
 */
final class Truth {
  private Truth() {}

  /**
   * A step reported {@code DONE} is really so in the stand-in (so a step whose effect is not there
   * is not reported {@code DONE}), the ledger holds what the stand-in holds for it, every step not
   * done says why, and every user in the rules' scope has a step.
   */
  static void reportMatchesStandIn(World w, World.Run run) {
    SyncReport report = run.reportOrFail();
    if (report.outcomes().isEmpty()) {
      assertThat(report.status())
          .as("a run with no step: %s", report.reason())
          .isNotEqualTo(SyncReport.Status.COMPLETED);
      assertThat(report.reason()).as("why a %s run has no step", report.status()).isNotBlank();
    }
    assertThat(lies(w, run))
        .as("report of a %s run against the stand-in", report.status())
        .isEmpty();
  }

  /**
   * What {@link #reportMatchesStandIn} finds wrong, one line per step (or user), without failing.
   */
  static List<String> lies(World w, World.Run run) {
    SyncReport report = run.reportOrFail();
    Map<String, StandInUser> byKey =
        w.standIn.users(w.company).stream()
            .collect(Collectors.toMap(StandInUser::key, Function.identity()));
    List<String> lies = new ArrayList<>();
    for (StepOutcome o : report.outcomes()) {
      PlanStep step = o.step();
      if (o.result() != StepOutcome.Result.DONE) {
        if (o.message().isBlank()) {
          lies.add(step.kind() + " " + step.subject() + " is " + o.result() + " without a reason");
        }
        continue;
      }
      if (step.userId() == null
          || step.kind() == PlanStep.Kind.SKIP
          || step.kind() == PlanStep.Kind.WAIT) {
        continue;
      }
      String who = step.kind() + " " + step.subject() + " reported DONE (" + o.message() + ")";
      LedgerEntry entry = run.ledger().get(step.userId());
      if (step.kind() == PlanStep.Kind.DELETE || step.kind() == PlanStep.Kind.FORGET) {
        if (step.accountKey() != null
            && step.kind() == PlanStep.Kind.DELETE
            && byKey.containsKey(step.accountKey())) {
          lies.add(who + " but account " + step.accountKey() + " is still there");
        }
        continue;
      }
      if (entry == null) {
        lies.add(who + " but the ledger has no entry");
        continue;
      }
      StandInUser u = byKey.get(entry.accountKey());
      if (u == null) {
        lies.add(who + " but the ledger's account " + entry.accountKey() + " is not in GoToMyPC");
        continue;
      }
      String ledgerVsTarget = differences(entry, u, w.license);
      if (step.kind().callsTarget() && !ledgerVsTarget.isEmpty()) {
        lies.add(who + " but the ledger and GoToMyPC differ: " + ledgerVsTarget);
      }
      String wanted = wanted(step, u, w.license);
      if (!wanted.isEmpty()) {
        lies.add(who + " but GoToMyPC does not hold what the step wanted: " + wanted);
      }
    }
    if (report.outcomes().isEmpty()) {
      return lies;
    }
    for (dev.umt.testkit.Organisation.User user : w.org.users()) {
      String id = w.directory.userByLogin(user.login()).id();
      boolean inScope = !w.directory.userByLogin(user.login()).dn().contains("ou=Later,");
      if (inScope && report.outcomeFor(id).isEmpty()) {
        lies.add(user.login() + " is in a rule's scope but the report has no step for it");
      }
    }
    return lies;
  }

  private static String differences(LedgerEntry e, StandInUser u, String license) {
    List<String> d = new ArrayList<>();
    compare(d, "email", lower(e.email()), lower(u.email()));
    compare(d, "firstName", e.firstName(), u.firstName());
    compare(d, "lastName", e.lastName(), u.lastName());
    compare(d, "group", e.groupKey(), u.groupKey());
    compare(d, "licensed", e.licensed(), u.licenseKeys().contains(license));
    compare(d, "status", e.status().name(), u.status());
    return String.join(", ", d);
  }

  private static String wanted(PlanStep step, StandInUser u, String license) {
    List<String> d = new ArrayList<>();
    if (step instanceof PlanStep.Create c) {
      NewAccount a = c.account();
      compare(d, "email", lower(a.email()), lower(u.email()));
      compare(d, "firstName", a.firstName(), u.firstName());
      compare(d, "lastName", a.lastName(), u.lastName());
      compare(d, "group", a.groupKey(), u.groupKey());
      compare(d, "licensed", a.licensed(), u.licenseKeys().contains(license));
    } else if (step instanceof PlanStep.Adopt a) {
      patch(d, a.changes(), u, license);
    } else if (step instanceof PlanStep.Update up) {
      patch(d, up.changes(), u, license);
    } else if (step instanceof PlanStep.Reactivate r) {
      patch(d, r.changes(), u, license);
      compare(d, "status", "ACTIVE", u.status());
    } else if (step instanceof PlanStep.Suspend) {
      compare(d, "status", "SUSPENDED", u.status());
    } else if (step.kind() == PlanStep.Kind.REVOKE_LICENSE) {
      compare(d, "licensed", false, u.licenseKeys().contains(license));
    }
    return String.join(", ", d);
  }

  private static void patch(List<String> d, AccountPatch p, StandInUser u, String license) {
    if (p == null) {
      return;
    }
    if (p.email() != null) {
      compare(d, "email", lower(p.email()), lower(u.email()));
    }
    if (p.firstName() != null) {
      compare(d, "firstName", p.firstName(), u.firstName());
    }
    if (p.lastName() != null) {
      compare(d, "lastName", p.lastName(), u.lastName());
    }
    if (p.groupKey() != null) {
      compare(d, "group", p.groupKey(), u.groupKey());
    }
    if (p.licensed() != null) {
      compare(d, "licensed", p.licensed(), u.licenseKeys().contains(license));
    }
  }

  private static void compare(List<String> d, String field, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      d.add(field + " " + expected + " != " + actual);
    }
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** No email holds two accounts in the stand-in. */
  static void noDuplicates(World w) {
    Map<String, Long> byEmail =
        w.standIn.users(w.company).stream()
            .collect(Collectors.groupingBy(u -> lower(u.email()), Collectors.counting()));
    assertThat(byEmail)
        .as("stand-in accounts per email")
        .allSatisfy((email, n) -> assertThat(n).as(email).isEqualTo(1L));
  }

  /**
   * Nothing was suspended, had its license removed or was deleted: no directory user left any
   * scope.
   */
  static void noDeprovisioning(World w, World.Run run) {
    assertThat(run.requests()).as("DELETE requests").noneMatch(s -> s.method().equals("DELETE"));
    assertThat(w.standIn.users(w.company))
        .as("suspended accounts")
        .noneMatch(u -> "SUSPENDED".equals(u.status()));
    if (run.report() != null) {
      assertThat(run.report().outcomes())
          .as("deprovisioning steps")
          .noneMatch(o -> o.step().kind().deprovisions());
    }
  }

  /**
   * Wrongful suspensions, license removals and deletions the run made or planned: for the figures.
   */
  static long deprovisions(World w, World.Run run) {
    long planned =
        run.report() == null
            ? 0
            : run.report().outcomes().stream().filter(o -> o.step().kind().deprovisions()).count();
    long deletes = run.requests().stream().filter(s -> s.method().equals("DELETE")).count();
    long suspended =
        w.standIn.users(w.company).stream().filter(u -> "SUSPENDED".equals(u.status())).count();
    return planned + deletes + suspended;
  }

  /** How many emails hold more than one account. */
  static long duplicates(World w) {
    return w.standIn.users(w.company).stream()
        .collect(Collectors.groupingBy(u -> lower(u.email()), Collectors.counting()))
        .values()
        .stream()
        .filter(n -> n > 1)
        .count();
  }

  /**
   * The stand-in holds exactly what the directory wants for the first {@code users} users: one
   * active, licensed account each, in its rule's group, with its names, and the ledger links the
   * user to that account.
   */
  static void converged(World w, World.Run run, int users) {
    List<String> wrong = new ArrayList<>();
    for (int i = 0; i < users; i++) {
      String login = World.login(i);
      var du = w.directory.userByLogin(login);
      Optional<StandInUser> found = w.standIn.user(w.company, du.email());
      if (found.isEmpty()) {
        wrong.add(login + " has no account");
        continue;
      }
      StandInUser u = found.get();
      String group = du.dn().contains("ou=Sales,") ? w.salesGroup : w.engineeringGroup;
      List<String> d = new ArrayList<>();
      compare(d, "firstName", du.givenName(), u.firstName());
      compare(d, "lastName", du.surname(), u.lastName());
      compare(d, "group", group, u.groupKey());
      compare(d, "licensed", true, u.licenseKeys().contains(w.license));
      compare(d, "status", "ACTIVE", u.status());
      LedgerEntry e = run.ledger().get(du.id());
      compare(d, "ledger key", u.key(), e == null ? null : e.accountKey());
      if (!d.isEmpty()) {
        wrong.add(login + ": " + String.join(", ", d));
      }
    }
    assertThat(wrong).as("users not in their wanted state").isEmpty();
  }

  /**
   * Every ledger entry holds what the stand-in holds for its account: the ledger records exactly
   * what was applied.
   */
  static void ledgerMatchesStandIn(World w, World.Run run) {
    Map<String, StandInUser> byKey =
        w.standIn.users(w.company).stream()
            .collect(Collectors.toMap(StandInUser::key, Function.identity()));
    List<String> wrong = new ArrayList<>();
    for (LedgerEntry e : run.ledger().values()) {
      StandInUser u = byKey.get(e.accountKey());
      String diff =
          u == null
              ? "account " + e.accountKey() + " is not in GoToMyPC"
              : differences(e, u, w.license);
      if (!diff.isEmpty()) {
        String step =
            run.report() == null
                ? ""
                : run.report()
                    .outcomeFor(e.userId())
                    .map(o -> " (this run: " + o.step().kind() + " " + o.result() + ")")
                    .orElse("");
        wrong.add("ledger entry of " + e.email() + step + ": " + diff);
      }
    }
    assertThat(wrong).as("ledger entries that differ from GoToMyPC").isEmpty();
  }
}
