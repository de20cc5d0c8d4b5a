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
import dev.umt.target.TargetInfo;
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
import java.util.TreeSet;

/**
 * Turns what was read into a {@link Plan}. Pure: no I/O; everything it needs is passed in. Not part
 * of the API.
 */
public final class Planner {

  /** A user read from the directory, with the rules whose scopes held it. */
  public static final class Candidate {
    private final String id;
    private final String dn;
    private final String loginName;
    private DirectoryUser user;
    private Decision decision;
    private String claim;
    private Map<String, List<String>> viaByRuleId;

    /** A candidate read in the scope of rule {@code ruleId} through {@code via}. */
    public Candidate(DirectoryUser user, String ruleId, List<String> via) {
      this.id = user.id();
      this.dn = user.dn();
      this.loginName = user.loginName();
      this.user = user;
      this.viaByRuleId = Map.of(ruleId, via);
    }

    /**
     * Notes that the scope of rule {@code ruleId} holds the user too. Most users are in one scope:
     * they keep a one-entry map. A user {@link #decide decided} as read is held by no rule read
     * later, so only a repeat in the same rule comes here: its decision stands.
     */
    public void alsoIn(String ruleId, List<String> via) {
      Map<String, List<String>> more = new HashMap<>(viaByRuleId);
      more.put(ruleId, via);
      viaByRuleId = Map.copyOf(more);
    }

    /**
     * The user as read; once {@link #release released}, a user of only its id, DN and login name.
     */
    public DirectoryUser user() {
      if (user == null) {
        user = DirectoryUser.builder(id, dn, loginName).build();
      }
      return user;
    }

    /** The user's permanent id. */
    public String id() {
      return id;
    }

    /** The user's DN. */
    public String dn() {
      return dn;
    }

    /**
     * Lets the rules decide now, while the user is read, notes the email it claims in {@code
     * claims}, and keeps only its id, DN and login name: for a user whose scopes are all known (no
     * rule read later can hold it) and whose fields no one asks for again (no snapshot is made).
     * When the evaluator throws, nothing is kept and the planner asks again (and meets the same
     * failure where it would have). Not thread-safe.
     */
    public void decide(RuleEvaluator evaluator, List<Rule> rules, Claims claims) {
      try {
        decision = evaluator.evaluate(user, new Membership(viaByRuleId), rules);
      } catch (RuntimeException e) {
        return;
      }
      claims.note(this);
      release();
    }

    /**
     * Keeps only what a plan needs once the rules have decided (the id, the DN and the login name):
     * the planner calls it when the engine will not ask for the user's fields again.
     */
    void release() {
      user = null;
    }

    /** The rules whose scopes held the user, each with the path that put it there. */
    public Map<String, List<String>> viaByRuleId() {
      return viaByRuleId;
    }
  }

  /**
   * Who claims which email: the users whose decision provisions an account, by the email in lower
   * case. It is filled while the users are read and decided, when each decision is at hand, so the
   * planner does not walk every decision again to find the emails two users share. Not thread-safe.
   */
  public static final class Claims {
    private Map<String, String> first;
    private final Map<String, TreeSet<String>> shared = new HashMap<>();
    private int decided;

    /** For about {@code expected} users. */
    public Claims(int expected) {
      first = new HashMap<>(Math.max(16, (int) (expected / 0.75f) + 1));
    }

    /** Notes the claim of {@code c}, just decided. */
    void note(Candidate c) {
      decided++;
      if (c.decision instanceof Decision.Provision p) {
        String email = lower(p.account().email());
        email.hashCode(); // kept in the string: the plan looks the claim up again
        c.claim = email;
        String before = first.putIfAbsent(email, c.id);
        if (before != null) {
          TreeSet<String> ids = shared.computeIfAbsent(email, k -> new TreeSet<>());
          ids.add(before);
          ids.add(c.id);
        }
      }
    }
  }

  /**
   * Everything read for one plan; {@code unreadable} are the entries the source left out, as skip
   * steps; {@code candidates} the users read, by id, in reading order; {@code keepUsers} false lets
   * the planner keep only each candidate's id and DN once its decision is made (the engine asks for
   * nothing more); {@code claims} the emails claimed by the candidates decided as read; {@code
   * incompleteRuleIds} the rules whose scope was not read in full; {@code target} says which values
   * the target takes. {@code onlyUserIds}, when not null, makes an incremental plan: the candidates
   * are those of these users that some rule read, and only the ledger entries of these users are
   * planned (the rest of the ledger is neither deprovisioned nor touched; accounts outside the
   * ledger are left alone); thresholds still count against the whole ledger.
   */
  public record Input(
      List<Rule> rules,
      List<PlanStep> unreadable,
      Map<String, Candidate> candidates,
      Claims claims,
      boolean keepUsers,
      boolean sourceComplete,
      List<String> incompleteReasons,
      Set<String> incompleteRuleIds,
      List<TargetAccount> accounts,
      List<TargetGroup> groups,
      Map<String, LedgerEntry> ledger,
      TargetInfo target,
      Set<String> onlyUserIds) {}

  /** The reason every deprovisioning step is withheld with after an incomplete read. */
  public static final String INCOMPLETE_READ = "withheld: the directory read was incomplete";

  private final SyncOptions options;
  private final RuleEvaluator evaluator;
  private final Instant now;

  public Planner(SyncOptions options, RuleEvaluator evaluator, Instant now) {
    this.options = options;
    this.evaluator = evaluator;
    this.now = now;
  }

  /** What the plan is being built from, and what it has decided so far. */
  private static final class Building {
    final List<PlanStep> steps;
    final Map<PlanStep, String> withheld = new HashMap<>();
    final Map<PlanStep, Plan.LedgerWrite> writes = new HashMap<>();

    Building(int size) {
      steps = new ArrayList<>(size);
    }
  }

  /** Makes the plan with id {@code planId}; {@code progress} is told of each user decided. */
  public Plan plan(String planId, Input in, java.util.function.IntConsumer progress) {
    Map<String, Rule> rulesById = new HashMap<>();
    in.rules().forEach(r -> rulesById.put(r.id(), r));
    Map<String, TargetAccount> byKey = new HashMap<>(in.accounts().size() * 2);
    for (TargetAccount a : in.accounts()) {
      byKey.put(a.key(), a);
    }
    Indexes indexes = new Indexes(in);
    GroupPaths groups = new GroupPaths(in.groups());
    Withholding withholding = new Withholding(in);

    // Decide every user first, so that who claims which email is known before any step is made:
    // the outcome of a shared email must not depend on reading order. Users decided as they were
    // read have their claims noted already; when all were, this pass is skipped. Per user only the
    // decision is kept (its reason is made only if asked) and, unless the engine needs them, not
    // the user's fields.
    int count = in.candidates().size();
    Claims claims = in.claims();
    if (claims.decided != count) {
      int done = 0;
      for (Candidate c : in.candidates().values()) {
        if (c.decision == null) {
          c.decision = evaluator.evaluate(c.user(), new Membership(c.viaByRuleId()), in.rules());
          claims.note(c);
          if (!in.keepUsers()) {
            c.release();
          }
        }
        progress.accept(++done);
      }
    } else {
      progress.accept(count);
    }
    // Only the shared emails are looked up from here on: the first claimant of each goes.
    claims.first = null;
    Map<String, TreeSet<String>> claimants = claims.shared;
    List<Plan.EmailConflict> conflicts = new ArrayList<>();
    new TreeMap<>(claimants)
        .forEach((email, ids) -> conflicts.add(new Plan.EmailConflict(email, List.copyOf(ids))));

    Building b = new Building(count + in.unreadable().size() + 16);
    b.steps.addAll(in.unreadable());
    // Every user read is seen, except one that no rule covers any more but that has a ledger entry:
    // that entry is planned below.
    Set<String> uncoveredManaged = new HashSet<>();
    Set<String> claimedKeys = new HashSet<>();
    // How many ledger entries have their user read: when it is every entry, none is left to plan.
    int ledgered = 0;
    for (Candidate c : in.candidates().values()) {
      String userId = c.id();
      String dn = c.dn();
      Decision d = c.decision;
      String claim = c.claim;
      if (d == null) {
        throw new IllegalStateException("user " + userId + " was read but not decided");
      }
      c.decision = null;
      c.claim = null;
      LedgerEntry entry = in.ledger().get(userId);
      if (entry != null) {
        ledgered++;
      }
      TargetAccount account = entry == null ? null : byKey.get(entry.accountKey());
      if (d instanceof Decision.Provision p) {
        Rule rule = rulesById.get(p.ruleId());
        TreeSet<String> shared = claimants.isEmpty() ? null : claimants.get(claim);
        PlanStep s =
            shared != null
                ? sharedEmail(userId, dn, rule, p.account().email(), shared, entry, account)
                : provision(
                    userId, dn, p, rule, entry, account, indexes, groups, claimedKeys, in.target());
        add(b, s, entry, s instanceof PlanStep.Adopt a ? a.account() : account, withholding);
      } else if (d instanceof Decision.Disabled dis) {
        Rule rule = rulesById.get(dis.ruleId());
        add(
            b,
            deprovision(
                userId,
                dn,
                rule.id(),
                entry,
                account,
                rule.onDisabled(),
                rule.grace(),
                dis.reason(),
                in.sourceComplete()),
            entry,
            account,
            withholding);
      } else if (d instanceof Decision.Skip skip) {
        b.steps.add(new PlanStep.Skip(userId, dn, skip.ruleId(), skip.reason()));
      } else if (d instanceof Decision.NotCovered nc) {
        if (entry == null) {
          b.steps.add(new PlanStep.NoChange(userId, dn, null, nc::reason, null));
        } else {
          uncoveredManaged.add(userId);
        }
      }
    }

    // Managed accounts whose users no rule read: they left every scope, or were deleted. An
    // incremental plan looks only at the users it was given. Only the entries no rule read are
    // sorted (by user id, for a stable plan): none in a steady run, so the ledger is not copied.
    // When every ledger entry's user was read and is covered (the steady full run), there is none
    // to look for.
    boolean everyEntryRead =
        in.onlyUserIds() == null && ledgered == in.ledger().size() && uncoveredManaged.isEmpty();
    Iterable<LedgerEntry> managed =
        everyEntryRead
            ? List.of()
            : in.onlyUserIds() == null
                ? in.ledger().values()
                : in.onlyUserIds().stream().map(in.ledger()::get).filter(Objects::nonNull).toList();
    List<LedgerEntry> unread = new ArrayList<>();
    for (LedgerEntry e : managed) {
      if (!in.candidates().containsKey(e.userId()) || uncoveredManaged.contains(e.userId())) {
        unread.add(e);
      }
    }
    unread.sort(java.util.Comparator.comparing(LedgerEntry::userId));
    for (LedgerEntry e : unread) {
      TargetAccount account = byKey.get(e.accountKey());
      if (account == null) {
        add(
            b,
            new PlanStep.Forget(
                e.userId(),
                e.email(),
                e.ruleId(),
                "account "
                    + e.accountKey()
                    + " no longer exists in the target; removed from the ledger",
                e.accountKey()),
            e,
            null,
            withholding);
        continue;
      }
      Rule rule = e.ruleId() == null ? null : rulesById.get(e.ruleId());
      PlanStep s;
      if (rule != null) {
        s =
            deprovision(
                e.userId(),
                e.email(),
                rule.id(),
                e,
                account,
                rule.onLeave(),
                rule.grace(),
                "user left the scope of rule " + rule.id() + " (" + rule.source().describe() + ")",
                in.sourceComplete());
      } else if (options.deprovisionUncovered()) {
        s =
            deprovision(
                e.userId(),
                e.email(),
                null,
                e,
                account,
                options.uncoveredAction(),
                Grace.NONE,
                "no active rule covers this user any more",
                in.sourceComplete());
      } else {
        s =
            new PlanStep.NoChange(
                e.userId(),
                e.email(),
                null,
                "no active rule covers this user any more; left as is because deprovisioning"
                    + " uncovered accounts is off",
                e.accountKey());
      }
      add(b, s, e, account, withholding);
    }

    // Accounts UMT never created or adopted: only when an option says so.
    if (options.manageUnledgeredAccounts()
        && options.deprovisionUncovered()
        && in.onlyUserIds() == null) {
      for (TargetAccount a : in.accounts()) {
        if (!indexes.ledgerByKey().containsKey(a.key()) && !claimedKeys.contains(a.key())) {
          PlanStep s =
              deprovision(
                  null,
                  a.email(),
                  null,
                  null,
                  a,
                  options.uncoveredAction(),
                  Grace.NONE,
                  "account is not in the ledger and no directory user in scope has its email",
                  in.sourceComplete());
          add(b, s, null, a, withholding);
        }
      }
    }

    List<String> incomplete = new ArrayList<>(in.incompleteReasons());
    long deprovisions = b.withheld.keySet().stream().filter(st -> st.kind().deprovisions()).count();
    if (deprovisions > 0) {
      incomplete.add(deprovisions + " deprovisioning step(s) withheld");
    }
    if (b.withheld.size() > deprovisions) {
      incomplete.add(
          (b.withheld.size() - deprovisions)
              + " step(s) withheld because a rule that comes before their deciding rule was not"
              + " read completely");
    }
    // After an incomplete read nothing is deprovisioned (those steps are withheld), so no threshold
    // applies.
    String threshold = in.sourceComplete() ? thresholdReason(b.steps, in.rules(), in.ledger()) : "";
    return new Plan(
        planId,
        now,
        b.steps,
        in.sourceComplete(),
        incomplete,
        threshold,
        Fingerprint.of(b.steps, b.writes),
        b.withheld,
        b.writes,
        conflicts);
  }

  /**
   * Adds {@code s} with the ledger write its success makes, withholding it when the read does not
   * support it.
   */
  private void add(
      Building b, PlanStep s, LedgerEntry entry, TargetAccount account, Withholding withholding) {
    b.steps.add(s);
    Plan.LedgerWrite w = ledgerWrite(s, entry, account);
    if (w != null) {
      b.writes.put(s, w);
    }
    if (s.kind().callsTarget() || w != null) {
      String why = withholding.reason(s);
      if (why != null) {
        b.withheld.put(s, why);
      }
    }
  }

  /**
   * The ledger write that follows the success of {@code s}, or null for none (a create writes what
   * the target answers).
   */
  private Plan.LedgerWrite ledgerWrite(PlanStep s, LedgerEntry entry, TargetAccount account) {
    if (s instanceof PlanStep.Adopt a) {
      TargetAccount acc = a.account().apply(a.changes());
      return Plan.LedgerWrite.put(
          new LedgerEntry(
              s.userId(),
              acc.key(),
              acc.email(),
              acc.firstName(),
              acc.lastName(),
              acc.groupKey(),
              acc.licensed(),
              acc.status(),
              s.ruleId(),
              now,
              null));
    }
    if (entry == null) {
      return null;
    }
    if (s instanceof PlanStep.Update u) {
      return Plan.LedgerWrite.put(
          entry(entry, account.apply(u.changes()), s.ruleId(), entry.pending()));
    } else if (s instanceof PlanStep.Reactivate r) {
      return Plan.LedgerWrite.put(
          entry(
              entry,
              account.apply(r.changes()).withStatus(AccountStatus.ACTIVE),
              s.ruleId(),
              null));
    } else if (s instanceof PlanStep.Suspend) {
      return Plan.LedgerWrite.put(entry.withStatus(AccountStatus.SUSPENDED).withPending(null));
    } else if (s instanceof PlanStep.RevokeLicense) {
      return Plan.LedgerWrite.put(
          entry(entry, account.apply(AccountPatch.license(false)), s.ruleId(), null));
    } else if (s instanceof PlanStep.Delete || s instanceof PlanStep.Forget) {
      return Plan.LedgerWrite.remove(entry.userId());
    } else if (s instanceof PlanStep.Wait w) {
      return Plan.LedgerWrite.put(
          entry.withPending(new LedgerEntry.Pending(w.action(), w.since(), w.runsSeen())));
    } else if (s instanceof PlanStep.NoChange) {
      // The user is back to normal, or another rule decides it now: clear the wait, note the rule.
      // And when the account already is what the ledger should say but the ledger says otherwise (a
      // change applied whose ledger write was lost to a crash or a lost answer), the ledger catches
      // up with the account; the status stays the ledger's, since it says what UMT did.
      boolean decided = s.ruleId() != null;
      boolean same = account != null && account.key().equals(entry.accountKey());
      if ((!decided || (s.ruleId().equals(entry.ruleId()) && entry.pending() == null))
          && (!same || sameFields(entry, account))) {
        return null; // the steady case: nothing to write, nothing made
      }
      TargetAccount seen = same ? account.withStatus(entry.status()) : null;
      LedgerEntry next = entry(entry, seen, s.ruleId(), decided ? null : entry.pending());
      return next.equals(entry) ? null : Plan.LedgerWrite.put(next);
    }
    return null;
  }

  /**
   * Whether the ledger entry already holds the account's fields (its status is the ledger's own).
   */
  private static boolean sameFields(LedgerEntry e, TargetAccount a) {
    return Objects.equals(e.email(), a.email())
        && Objects.equals(e.firstName(), a.firstName())
        && Objects.equals(e.lastName(), a.lastName())
        && Objects.equals(e.groupKey(), a.groupKey())
        && e.licensed() == a.licensed();
  }

  /**
   * {@code e} with the values of {@code acc} (when not null), the rule {@code ruleId} (when not
   * null) and {@code pending}.
   */
  private static LedgerEntry entry(
      LedgerEntry e, TargetAccount acc, String ruleId, LedgerEntry.Pending pending) {
    TargetAccount a =
        acc != null
            ? acc
            : new TargetAccount(
                e.accountKey(),
                e.email(),
                e.firstName(),
                e.lastName(),
                e.groupKey(),
                e.status(),
                e.licensed());
    return new LedgerEntry(
        e.userId(),
        a.key(),
        a.email(),
        a.firstName(),
        a.lastName(),
        a.groupKey(),
        a.licensed(),
        a.status(),
        ruleId != null ? ruleId : e.ruleId(),
        e.managedSince(),
        pending);
  }

  /**
   * The one place that decides what an incomplete read withholds: every deprovisioning step, and
   * every step that writes whose deciding rule comes after a rule that was not read completely
   * (that rule might have held the user and decided otherwise).
   */
  private static final class Withholding {
    private final boolean complete;
    private final Map<String, Integer> order = new HashMap<>();
    private final List<String> incompleteInOrder = new ArrayList<>();

    Withholding(Input in) {
      complete = in.sourceComplete();
      for (Rule r : in.rules()) {
        order.put(r.id(), order.size());
        if (in.incompleteRuleIds().contains(r.id())) {
          incompleteInOrder.add(r.id());
        }
      }
    }

    String reason(PlanStep s) {
      if (complete) {
        return null;
      }
      if (s.kind().deprovisions()) {
        return INCOMPLETE_READ;
      }
      Integer at = s.ruleId() == null ? null : order.get(s.ruleId());
      if (at == null || s instanceof PlanStep.Forget) {
        return null;
      }
      for (String id : incompleteInOrder) {
        if (order.get(id) < at) {
          return "withheld: rule "
              + id
              + ", which comes before rule "
              + s.ruleId()
              + ", was not read completely, so rule "
              + s.ruleId()
              + " may not be the one that decides this user";
        }
      }
      return null;
    }
  }

  /**
   * The step of a user whose email other directory users claim too: a skip naming them; an account
   * the user has stays as it is.
   */
  private static PlanStep sharedEmail(
      String userId,
      String subject,
      Rule rule,
      String email,
      Set<String> claimants,
      LedgerEntry entry,
      TargetAccount account) {
    List<String> others = claimants.stream().filter(id -> !id.equals(userId)).toList();
    String why =
        "email "
            + email
            + " is also the email of "
            + (others.size() == 1 ? "user " : "users ")
            + String.join(", ", others)
            + "; none of them gets or adopts an account in it until the directory gives each their"
            + " own";
    if (entry != null && account != null) {
      why += "; account " + account.key() + " stays with this user, untouched";
    }
    return new PlanStep.Skip(userId, subject, rule.id(), why);
  }

  /**
   * The target's accounts by email and the ledger by account key, made when first asked: only a
   * user without an account (a create or an adoption) or an unledgered account needs them.
   */
  private static final class Indexes {
    private final Input in;
    private Map<String, TargetAccount> byEmail;
    private Map<String, LedgerEntry> ledgerByKey;

    Indexes(Input in) {
      this.in = in;
    }

    Map<String, TargetAccount> byEmail() {
      if (byEmail == null) {
        byEmail = new HashMap<>(in.accounts().size() * 2);
        in.accounts().forEach(a -> byEmail.put(lower(a.email()), a));
      }
      return byEmail;
    }

    Map<String, LedgerEntry> ledgerByKey() {
      if (ledgerByKey == null) {
        ledgerByKey = new HashMap<>(in.ledger().size() * 2);
        in.ledger().values().forEach(e -> ledgerByKey.put(e.accountKey(), e));
      }
      return ledgerByKey;
    }
  }

  private PlanStep provision(
      String userId,
      String subject,
      Decision.Provision p,
      Rule rule,
      LedgerEntry entry,
      TargetAccount account,
      Indexes indexes,
      GroupPaths groups,
      Set<String> claimedKeys,
      TargetInfo target) {
    DesiredAccount want = p.account();
    // The user's own account is sent only the fields that change, so only those are checked
    // (below):
    // most users of a run change nothing, and a value the account holds already is not refused.
    if (account == null) {
      String refused = FieldCheck.refusal(want, target);
      if (refused != null) {
        return new PlanStep.Skip(userId, subject, rule.id(), refused);
      }
    }
    String groupKey = null;
    if (want.group() != null) {
      groupKey = groups.resolve(want.group());
      if (groupKey == null) {
        return new PlanStep.Skip(
            userId,
            subject,
            rule.id(),
            "rule " + rule.id() + " names target group " + want.group() + ", which does not exist");
      }
    }
    if (account != null) {
      // The user's own ledgered account: not added to claimedKeys, which only adoptions and
      // unledgered accounts consult, and neither can take an account the ledger holds.
      if (options.isProtected(account.email()) || options.isProtected(account.key())) {
        return new PlanStep.NoChange(
            userId,
            subject,
            rule.id(),
            "protected account " + account.email() + "; never touched",
            account.key());
      }
      AccountPatch changes = rule.update() ? diff(account, want, groupKey) : AccountPatch.NONE;
      String refused = changes.isEmpty() ? null : FieldCheck.refusal(changes, target);
      if (refused != null) {
        return new PlanStep.Skip(userId, subject, rule.id(), refused);
      }
      if (account.status() == AccountStatus.SUSPENDED) {
        if (entry.status() == AccountStatus.SUSPENDED) {
          return new PlanStep.Reactivate(
              userId,
              subject,
              rule.id(),
              "user is enabled and in scope again; " + p.reason(),
              account.key(),
              changes);
        }
        if (changes.isEmpty()) {
          return new PlanStep.NoChange(
              userId,
              subject,
              rule.id(),
              "account was suspended outside UMT; left suspended",
              account.key());
        }
        return new PlanStep.Update(
            userId,
            subject,
            rule.id(),
            "changed "
                + changes.fields()
                + "; account was suspended outside UMT and stays suspended",
            account.key(),
            changes);
      }
      if (!changes.isEmpty()) {
        return new PlanStep.Update(
            userId,
            subject,
            rule.id(),
            "changed " + changes.fields() + "; " + p.reason(),
            account.key(),
            changes);
      }
      return new PlanStep.NoChange(userId, subject, rule.id(), p.reasonText(), account.key());
    }
    String gone =
        entry == null ? "" : "account " + entry.accountKey() + " no longer exists in the target; ";
    TargetAccount existing = indexes.byEmail().get(lower(want.email()));
    if (existing != null) {
      LedgerEntry owner = indexes.ledgerByKey().get(existing.key());
      if (owner != null && !owner.userId().equals(userId)) {
        return new PlanStep.Skip(
            userId,
            subject,
            rule.id(),
            "email "
                + want.email()
                + " belongs to account "
                + existing.key()
                + ", which UMT manages for user "
                + owner.userId());
      }
      if (!claimedKeys.add(existing.key())) {
        return new PlanStep.Skip(
            userId,
            subject,
            rule.id(),
            "account " + existing.key() + " is claimed by another user in this run");
      }
      if (options.isProtected(existing.email()) || options.isProtected(existing.key())) {
        return new PlanStep.NoChange(
            userId,
            subject,
            rule.id(),
            "protected account " + existing.email() + "; never touched",
            existing.key());
      }
      AccountPatch changes = rule.update() ? diff(existing, want, groupKey) : AccountPatch.NONE;
      return new PlanStep.Adopt(
          userId,
          subject,
          rule.id(),
          gone + "adopts the existing account with email " + existing.email() + "; " + p.reason(),
          existing,
          changes);
    }
    if (!rule.create()) {
      return new PlanStep.NoChange(
          userId,
          subject,
          rule.id(),
          gone + "rule " + rule.id() + " does not create accounts",
          null);
    }
    NewAccount n =
        new NewAccount(
            want.email(),
            want.firstName(),
            want.lastName(),
            groupKey,
            want.licensed(),
            rule.invite());
    return new PlanStep.Create(userId, subject, rule.id(), gone + p.reason(), n);
  }

  private static AccountPatch diff(TargetAccount a, DesiredAccount want, String groupKey) {
    return new AccountPatch(
        a.email().equalsIgnoreCase(want.email()) ? null : want.email(),
        Objects.equals(a.firstName(), want.firstName()) ? null : want.firstName(),
        Objects.equals(a.lastName(), want.lastName()) ? null : want.lastName(),
        groupKey == null || groupKey.equals(a.groupKey()) ? null : groupKey,
        want.licensed() && !a.licensed() ? Boolean.TRUE : null);
  }

  private PlanStep deprovision(
      String userId,
      String subject,
      String ruleId,
      LedgerEntry entry,
      TargetAccount account,
      DeprovisionAction action,
      Grace grace,
      String why,
      boolean sourceComplete) {
    if (account == null) {
      return new PlanStep.NoChange(userId, subject, ruleId, why + "; no account to act on", null);
    }
    String key = account.key();
    if (options.isProtected(account.email()) || options.isProtected(key)) {
      return new PlanStep.NoChange(
          userId,
          subject,
          ruleId,
          why + "; protected account " + account.email() + ", never touched",
          key);
    }
    if (entry == null && !options.manageUnledgeredAccounts()) {
      return new PlanStep.NoChange(
          userId,
          subject,
          ruleId,
          why + "; account " + key + " was not created or adopted by UMT, so it is left alone",
          key);
    }
    boolean needed =
        switch (action) {
          case NOTHING -> false;
          case SUSPEND -> account.status() != AccountStatus.SUSPENDED;
          case REVOKE_LICENSE -> account.licensed();
          case DELETE -> true;
        };
    if (!needed) {
      String state =
          switch (action) {
            case NOTHING -> "the action is to do nothing";
            case SUSPEND -> "already suspended";
            case REVOKE_LICENSE -> "license already removed";
            case DELETE -> "";
          };
      return new PlanStep.NoChange(userId, subject, ruleId, why + "; " + state, key);
    }
    // After an incomplete read the step is planned but withheld, and a grace period does not
    // advance.
    if (sourceComplete && !grace.isNone() && entry != null) {
      LedgerEntry.Pending pending =
          entry.pending() != null && entry.pending().action() == action ? entry.pending() : null;
      int runs = pending == null ? 1 : pending.runs() + 1;
      Instant since = pending == null ? now : pending.since();
      Duration waited = Duration.between(since, now);
      if (runs < grace.runs() || waited.compareTo(grace.duration()) < 0) {
        return new PlanStep.Wait(
            userId,
            subject,
            ruleId,
            why
                + "; "
                + action.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + " waits out its grace period (run "
                + runs
                + " of "
                + Math.max(1, grace.runs())
                + ", "
                + waited.toMinutes()
                + " of "
                + grace.duration().toMinutes()
                + " minutes)",
            key,
            action,
            runs,
            since);
      }
    }
    return switch (action) {
      case SUSPEND -> new PlanStep.Suspend(userId, subject, ruleId, why, key);
      case REVOKE_LICENSE -> new PlanStep.RevokeLicense(userId, subject, ruleId, why, key);
      case DELETE -> new PlanStep.Delete(userId, subject, ruleId, why, key);
      case NOTHING -> throw new IllegalStateException("unreachable");
    };
  }

  private String thresholdReason(
      List<PlanStep> steps, List<Rule> rules, Map<String, LedgerEntry> ledger) {
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
