package dev.umt.internal;

import dev.umt.Plan;
import dev.umt.PlanStep;
import dev.umt.SyncOptions;
import dev.umt.directory.DirectoryUser;
import dev.umt.rule.Decision;
import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.DesiredAccount;
import dev.umt.rule.Grace;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Membership;
import dev.umt.rule.Rule;
import dev.umt.rule.RuleEvaluator;
import dev.umt.state.LedgerEntry;
import dev.umt.target.AccountPatch;
import dev.umt.target.AccountStatus;
import dev.umt.target.NewAccount;
import dev.umt.target.TargetAccount;
import dev.umt.target.TargetGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns what was read into a {@link Plan}. Pure: no I/O; everything it needs is passed in.
 * Not part of the API.
 */
public final class Planner {

  /** A user read from the directory, with the rules whose scopes held it. */
  public static final class Candidate {
    private final DirectoryUser user;
    private Map<String, List<String>> viaByRuleId;

    /** A candidate read in the scope of rule {@code ruleId} through {@code via}. */
    public Candidate(DirectoryUser user, String ruleId, List<String> via) {
      this.user = user;
      this.viaByRuleId = Map.of(ruleId, via);
    }

    /** Notes that the scope of rule {@code ruleId} holds the user too. Most users are in one scope: they keep a one-entry map. */
    public void alsoIn(String ruleId, List<String> via) {
      Map<String, List<String>> more = new HashMap<>(viaByRuleId);
      more.put(ruleId, via);
      viaByRuleId = Map.copyOf(more);
    }

    public DirectoryUser user() {
      return user;
    }

    Map<String, List<String>> viaByRuleId() {
      return viaByRuleId;
    }
  }

  /** Everything read for one plan; {@code unreadable} are the entries the source left out, as skip steps. */
  public record Input(List<Rule> rules, List<PlanStep> unreadable, Iterable<Candidate> candidates, int candidateCount, boolean sourceComplete,
      List<String> incompleteReasons, List<TargetAccount> accounts, List<TargetGroup> groups, Map<String, LedgerEntry> ledger) {}

  private final SyncOptions options;
  private final RuleEvaluator evaluator;
  private final Instant now;

  public Planner(SyncOptions options, RuleEvaluator evaluator, Instant now) {
    this.options = options;
    this.evaluator = evaluator;
    this.now = now;
  }

  /** Makes the plan with id {@code planId}; {@code progress} is told of each user decided. */
  public Plan plan(String planId, Input in, java.util.function.IntConsumer progress) {
    Map<String, Rule> rulesById = new HashMap<>();
    in.rules().forEach(r -> rulesById.put(r.id(), r));
    Map<String, TargetAccount> byKey = new HashMap<>(in.accounts().size() * 2);
    Map<String, TargetAccount> byEmail = new HashMap<>(in.accounts().size() * 2);
    for (TargetAccount a : in.accounts()) {
      byKey.put(a.key(), a);
      byEmail.put(lower(a.email()), a);
    }
    Map<String, LedgerEntry> ledgerByKey = new HashMap<>(in.ledger().size() * 2);
    in.ledger().values().forEach(e -> ledgerByKey.put(e.accountKey(), e));
    GroupPaths groups = new GroupPaths(in.groups());

    List<PlanStep> steps = new ArrayList<>(in.candidateCount() + in.unreadable().size() + 16);
    steps.addAll(in.unreadable());
    Set<String> seen = new HashSet<>(in.candidateCount() * 2);
    Map<String, String> claimedEmails = new HashMap<>();
    Set<String> claimedKeys = new HashSet<>();
    int done = 0;
    for (Candidate c : in.candidates()) {
      DirectoryUser user = c.user();
      Decision d = evaluator.evaluate(user, new Membership(c.viaByRuleId()), in.rules());
      LedgerEntry entry = in.ledger().get(user.id());
      TargetAccount account = entry == null ? null : byKey.get(entry.accountKey());
      if (d instanceof Decision.Provision p) {
        seen.add(user.id());
        steps.add(provision(user, p, rulesById.get(p.ruleId()), entry, account, byEmail, ledgerByKey, groups, claimedEmails, claimedKeys));
      } else if (d instanceof Decision.Disabled dis) {
        seen.add(user.id());
        Rule rule = rulesById.get(dis.ruleId());
        PlanStep s = deprovision(user.id(), user.dn(), rule.id(), entry, account, rule.onDisabled(), rule.grace(), dis.reason(), in.sourceComplete());
        steps.add(s);
      } else if (d instanceof Decision.Skip skip) {
        seen.add(user.id());
        steps.add(new PlanStep.Skip(user.id(), user.dn(), skip.ruleId(), skip.reason()));
      } else if (d instanceof Decision.NotCovered nc && entry == null) {
        steps.add(new PlanStep.NoChange(user.id(), user.dn(), null, nc.reason(), null));
        seen.add(user.id());
      }
      progress.accept(++done);
    }

    // Managed accounts whose users no rule read: they left every scope, or were deleted.
    for (LedgerEntry e : new TreeMap<>(in.ledger()).values()) {
      if (seen.contains(e.userId())) {
        continue;
      }
      TargetAccount account = byKey.get(e.accountKey());
      if (account == null) {
        steps.add(new PlanStep.Forget(e.userId(), e.email(), e.ruleId(),
            "account " + e.accountKey() + " no longer exists in the target; removed from the ledger", e.accountKey()));
        continue;
      }
      Rule rule = e.ruleId() == null ? null : rulesById.get(e.ruleId());
      PlanStep s;
      if (rule != null) {
        s = deprovision(e.userId(), e.email(), rule.id(), e, account, rule.onLeave(), rule.grace(),
            "user left the scope of rule " + rule.id() + " (" + rule.source().describe() + ")", in.sourceComplete());
      } else if (options.deprovisionUncovered()) {
        s = deprovision(e.userId(), e.email(), null, e, account, options.uncoveredAction(), Grace.NONE,
            "no active rule covers this user any more", in.sourceComplete());
      } else {
        s = new PlanStep.NoChange(e.userId(), e.email(), null,
            "no active rule covers this user any more; left as is because deprovisioning uncovered accounts is off", e.accountKey());
      }
      steps.add(s);
    }

    // Accounts UMT never created or adopted: only when an option says so.
    if (options.manageUnledgeredAccounts() && options.deprovisionUncovered()) {
      for (TargetAccount a : in.accounts()) {
        if (!ledgerByKey.containsKey(a.key()) && !claimedKeys.contains(a.key())) {
          PlanStep s = deprovision(null, a.email(), null, null, a, options.uncoveredAction(), Grace.NONE,
              "account is not in the ledger and no directory user in scope has its email", in.sourceComplete());
          steps.add(s);
        }
      }
    }

    List<String> incomplete = new ArrayList<>(in.incompleteReasons());
    int withheld = in.sourceComplete() ? 0 : (int) steps.stream().filter(st -> st.kind().deprovisions()).count();
    if (withheld > 0) {
      incomplete.add(withheld + " deprovisioning step(s) withheld");
    }
    // After an incomplete read nothing is deprovisioned (the applier holds those steps), so no threshold applies.
    String threshold = in.sourceComplete() ? thresholdReason(steps, in.rules(), in.ledger()) : "";
    return new Plan(planId, now, steps, in.sourceComplete(), incomplete, threshold, Fingerprint.of(steps));
  }

  private PlanStep provision(DirectoryUser user, Decision.Provision p, Rule rule, LedgerEntry entry, TargetAccount account,
      Map<String, TargetAccount> byEmail, Map<String, LedgerEntry> ledgerByKey, GroupPaths groups,
      Map<String, String> claimedEmails, Set<String> claimedKeys) {
    String subject = user.dn();
    DesiredAccount want = p.account();
    String groupKey = null;
    if (want.group() != null) {
      groupKey = groups.resolve(want.group());
      if (groupKey == null) {
        return new PlanStep.Skip(user.id(), subject, rule.id(), "rule " + rule.id() + " names target group " + want.group() + ", which does not exist");
      }
    }
    String email = lower(want.email());
    String otherUser = claimedEmails.putIfAbsent(email, user.id());
    if (otherUser != null && !otherUser.equals(user.id())) {
      return new PlanStep.Skip(user.id(), subject, rule.id(), "email " + want.email() + " is also the email of user " + otherUser + " in this run");
    }
    if (account != null) {
      claimedKeys.add(account.key());
      if (options.isProtected(account.email()) || options.isProtected(account.key())) {
        return new PlanStep.NoChange(user.id(), subject, rule.id(), "protected account " + account.email() + "; never touched", account.key());
      }
      AccountPatch changes = rule.update() ? diff(account, want, groupKey) : AccountPatch.NONE;
      if (account.status() == AccountStatus.SUSPENDED) {
        if (entry.status() == AccountStatus.SUSPENDED) {
          return new PlanStep.Reactivate(user.id(), subject, rule.id(), "user is enabled and in scope again; " + p.reason(), account.key(), changes);
        }
        if (changes.isEmpty()) {
          return new PlanStep.NoChange(user.id(), subject, rule.id(), "account was suspended outside UMT; left suspended", account.key());
        }
        return new PlanStep.Update(user.id(), subject, rule.id(), "changed " + changes.fields() + "; account was suspended outside UMT and stays suspended",
            account.key(), changes);
      }
      if (!changes.isEmpty()) {
        return new PlanStep.Update(user.id(), subject, rule.id(), "changed " + changes.fields() + "; " + p.reason(), account.key(), changes);
      }
      return new PlanStep.NoChange(user.id(), subject, rule.id(), p.reason(), account.key());
    }
    String gone = entry == null ? "" : "account " + entry.accountKey() + " no longer exists in the target; ";
    TargetAccount existing = byEmail.get(email);
    if (existing != null) {
      LedgerEntry owner = ledgerByKey.get(existing.key());
      if (owner != null && !owner.userId().equals(user.id())) {
        return new PlanStep.Skip(user.id(), subject, rule.id(),
            "email " + want.email() + " belongs to account " + existing.key() + ", which UMT manages for user " + owner.userId());
      }
      if (!claimedKeys.add(existing.key())) {
        return new PlanStep.Skip(user.id(), subject, rule.id(), "account " + existing.key() + " is claimed by another user in this run");
      }
      if (options.isProtected(existing.email()) || options.isProtected(existing.key())) {
        return new PlanStep.NoChange(user.id(), subject, rule.id(), "protected account " + existing.email() + "; never touched", existing.key());
      }
      AccountPatch changes = rule.update() ? diff(existing, want, groupKey) : AccountPatch.NONE;
      return new PlanStep.Adopt(user.id(), subject, rule.id(), gone + "adopts the existing account with email " + existing.email() + "; " + p.reason(),
          existing, changes);
    }
    if (!rule.create()) {
      return new PlanStep.NoChange(user.id(), subject, rule.id(), gone + "rule " + rule.id() + " does not create accounts", null);
    }
    NewAccount n = new NewAccount(want.email(), want.firstName(), want.lastName(), groupKey, want.licensed(), rule.invite());
    return new PlanStep.Create(user.id(), subject, rule.id(), gone + p.reason(), n);
  }

  private static AccountPatch diff(TargetAccount a, DesiredAccount want, String groupKey) {
    return new AccountPatch(
        a.email().equalsIgnoreCase(want.email()) ? null : want.email(),
        Objects.equals(a.firstName(), want.firstName()) ? null : want.firstName(),
        Objects.equals(a.lastName(), want.lastName()) ? null : want.lastName(),
        groupKey == null || groupKey.equals(a.groupKey()) ? null : groupKey,
        want.licensed() && !a.licensed() ? Boolean.TRUE : null);
  }

  private PlanStep deprovision(String userId, String subject, String ruleId, LedgerEntry entry, TargetAccount account,
      DeprovisionAction action, Grace grace, String why, boolean sourceComplete) {
    if (account == null) {
      return new PlanStep.NoChange(userId, subject, ruleId, why + "; no account to act on", null);
    }
    String key = account.key();
    if (options.isProtected(account.email()) || options.isProtected(key)) {
      return new PlanStep.NoChange(userId, subject, ruleId, why + "; protected account " + account.email() + ", never touched", key);
    }
    if (entry == null && !options.manageUnledgeredAccounts()) {
      return new PlanStep.NoChange(userId, subject, ruleId, why + "; account " + key + " was not created or adopted by UMT, so it is left alone", key);
    }
    boolean needed = switch (action) {
      case NOTHING -> false;
      case SUSPEND -> account.status() != AccountStatus.SUSPENDED;
      case REVOKE_LICENSE -> account.licensed();
      case DELETE -> true;
    };
    if (!needed) {
      String state = switch (action) {
        case NOTHING -> "the action is to do nothing";
        case SUSPEND -> "already suspended";
        case REVOKE_LICENSE -> "license already removed";
        case DELETE -> "";
      };
      return new PlanStep.NoChange(userId, subject, ruleId, why + "; " + state, key);
    }
    // After an incomplete read the step is planned but held by the applier, and a grace period does not advance.
    if (sourceComplete && !grace.isNone() && entry != null) {
      LedgerEntry.Pending pending = entry.pending() != null && entry.pending().action().equals(action.name()) ? entry.pending() : null;
      int runs = pending == null ? 1 : pending.runs() + 1;
      Instant since = pending == null ? now : pending.since();
      Duration waited = Duration.between(since, now);
      if (runs < grace.runs() || waited.compareTo(grace.duration()) < 0) {
        return new PlanStep.Wait(userId, subject, ruleId, why + "; " + action.name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + " waits out its grace period (run " + runs + " of " + Math.max(1, grace.runs()) + ", " + waited.toMinutes() + " of "
            + grace.duration().toMinutes() + " minutes)", key, action, runs, since);
      }
    }
    return switch (action) {
      case SUSPEND -> new PlanStep.Suspend(userId, subject, ruleId, why, key);
      case REVOKE_LICENSE -> new PlanStep.RevokeLicense(userId, subject, ruleId, why, key);
      case DELETE -> new PlanStep.Delete(userId, subject, ruleId, why, key);
      case NOTHING -> throw new IllegalStateException("unreachable");
    };
  }

  private String thresholdReason(List<PlanStep> steps, List<Rule> rules, Map<String, LedgerEntry> ledger) {
    int total = 0;
    Map<String, Integer> byRule = new HashMap<>();
    for (PlanStep s : steps) {
      if (s.kind().deprovisions()) {
        total++;
        if (s.ruleId() != null) {
          byRule.merge(s.ruleId(), 1, Integer::sum);
        }
      }
    }
    String run = options.threshold().crossedBy(total, ledger.size());
    if (!run.isEmpty()) {
      return run;
    }
    for (Rule r : rules) {
      if (r.threshold() != null && byRule.containsKey(r.id())) {
        int managed = (int) ledger.values().stream().filter(e -> r.id().equals(e.ruleId())).count();
        String why = r.threshold().crossedBy(byRule.get(r.id()), managed);
        if (!why.isEmpty()) {
          return "rule " + r.id() + ": " + why;
        }
      }
    }
    return "";
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Target groups by key and by path such as {@code Sales/EMEA}. */
  static final class GroupPaths {
    private final Map<String, String> keyByPath = new HashMap<>();
    private final Set<String> keys = new HashSet<>();

    GroupPaths(List<TargetGroup> groups) {
      Map<String, TargetGroup> byKey = new HashMap<>();
      groups.forEach(g -> byKey.put(g.key(), g));
      for (TargetGroup g : groups) {
        keys.add(g.key());
        StringBuilder path = new StringBuilder(g.name());
        TargetGroup at = g;
        Set<String> guard = new HashSet<>();
        while (at.parentKey() != null && byKey.containsKey(at.parentKey()) && guard.add(at.key())) {
          at = byKey.get(at.parentKey());
          path.insert(0, at.name() + "/");
        }
        keyByPath.put(path.toString().toLowerCase(Locale.ROOT), g.key());
      }
    }

    /** The key of the group, or null when there is no such group. */
    String resolve(GroupRef ref) {
      if (ref.key() != null) {
        return keys.contains(ref.key()) ? ref.key() : null;
      }
      return keyByPath.get(ref.path().toLowerCase(Locale.ROOT));
    }
  }
}
