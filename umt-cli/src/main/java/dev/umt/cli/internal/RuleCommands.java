package dev.umt.cli.internal;

import dev.umt.directory.Container;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.Scope;
import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rules.RuleSet;
import dev.umt.rules.RuleSetEditor;
import dev.umt.rules.RuleSetException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    commandListHeading = "%nCommands:%n",
    description = {
      "The rules: which OU or group gets accounts, in which group.",
      "",
      "A rule gives the users of an OU or group GoToMyPC accounts, in a GoToMyPC group, with or"
          + " without the license. Rules name their OU or group by its permanent id, so a rename or"
          + " move keeps them working. Edits are refused, not lost, when someone else changed the"
          + " rules file meanwhile.",
      ""
    },
    subcommands = {
      RuleCommands.ListRules.class,
      RuleCommands.Show.class,
      RuleCommands.Add.class,
      RuleCommands.Edit.class,
      RuleCommands.Activate.class,
      RuleCommands.Deactivate.class,
      RuleCommands.Delete.class,
      RuleCommands.Validate.class
    })
final class RuleCommands implements Runnable {
  private final Cli cli;

  RuleCommands(Cli cli) {
    this.cli = cli;
  }

  @Override
  public void run() {
    throw new UserError(
        "rules: a subcommand is missing: list, show, add, edit, activate, deactivate, delete or"
            + " validate (see 'umt rules --help')");
  }

  static RuleSet load(Session session) {
    return Files.exists(session.data().rulesFile())
        ? session.rulesFile(false).load()
        : RuleSet.empty();
  }

  static Rule existing(RuleSet rules, String id, DataFolder data) {
    return rules
        .rule(id)
        .orElseThrow(
            () ->
                new UserError(
                    "no rule with id '"
                        + id
                        + "' in "
                        + data.rulesFile()
                        + " (see 'umt rules list')"));
  }

  /** Edits the rules file through {@link RuleSetEditor} and saves; prints {@code done}. */
  static void edit(Cli cli, Consumer<RuleSetEditor> change, String done) {
    try (Session session = new Session(cli.data())) {
      RuleSetEditor editor = session.rulesFile(true).edit();
      change.accept(editor);
      editor.save();
      cli.out.println(done + " (" + session.data().rulesFile() + ")");
    }
  }

  static String describe(Rule r) {
    String group = r.group() == null ? "default group" : r.group().toString();
    return String.format(
        "%-16s %-8s %4d  %-10s %-50s -> %s%s",
        r.id(),
        r.active() ? "active" : "inactive",
        r.priority(),
        r.source().kind() == Scope.Kind.CONTAINER
            ? (r.source().recursive() ? "OU+subs" : "OU")
            : (r.source().recursive() ? "group+nest" : "group"),
        r.source().dn(),
        group,
        r.grantLicense() ? ", licensed" : "");
  }

  /** The fields of a rule that add and edit share; null means "not given". */
  static final class Fields {
    @Option(names = "--name", paramLabel = "TEXT", description = "a name for people")
    @Nullable String name;

    @Option(
        names = "--dn",
        paramLabel = "DN",
        description = "the OU or group (see 'umt browse'); stored with its permanent id")
    @Nullable String dn;

    @Option(
        names = "--recursive",
        negatable = true,
        description = "OU: include sub-OUs; group: include nested groups' members (default: yes)")
    @Nullable Boolean recursive;

    @Option(
        names = "--filter",
        paramLabel = "LDAP-FILTER",
        description = "an extra RFC 4515 filter users must match")
    @Nullable String filter;

    @Option(
        names = "--group",
        paramLabel = "PATH",
        description = "GoToMyPC group by path, such as Staff/Sales")
    @Nullable String group;

    @Option(names = "--group-key", paramLabel = "KEY", description = "GoToMyPC group by key")
    @Nullable String groupKey;

    @Option(
        names = "--license",
        negatable = true,
        description = "grant the GoToMyPC license (default: yes)")
    @Nullable Boolean license;

    @Option(
        names = "--priority",
        paramLabel = "N",
        description = "smallest wins when a user is in several rules (default: 100)")
    @Nullable Integer priority;

    @Option(
        names = "--create",
        negatable = true,
        description = "create accounts for new users (default: yes)")
    @Nullable Boolean create;

    @Option(
        names = "--invite",
        negatable = true,
        description = "send GoToMyPC's invitation to new accounts (default: yes)")
    @Nullable Boolean invite;

    @Option(
        names = "--update",
        negatable = true,
        description = "follow directory changes (default: yes)")
    @Nullable Boolean update;

    @Option(
        names = "--on-disabled",
        paramLabel = "ACTION",
        description = "NOTHING, SUSPEND, REVOKE_LICENSE or DELETE (default: SUSPEND)")
    @Nullable DeprovisionAction onDisabled;

    @Option(
        names = "--on-leave",
        paramLabel = "ACTION",
        description = "NOTHING, SUSPEND, REVOKE_LICENSE or DELETE (default: SUSPEND)")
    @Nullable DeprovisionAction onLeave;

    Rule.Builder apply(Rule.Builder b, Session session, Scope oldScope) {
      if (name != null) {
        b.name(name);
      }
      if (dn != null || recursive != null || filter != null) {
        Scope scope;
        if (dn != null) {
          DirectoryEntry e = DirectoryCommands.find(session, dn);
          scope =
              DirectoryCommands.scopeOf(
                  e, recursive == null ? oldScope == null || oldScope.recursive() : recursive);
          if (oldScope != null && oldScope.filter() != null && filter == null) {
            scope = scope.withFilter(oldScope.filter());
          }
        } else {
          scope =
              new Scope(
                  oldScope.kind(),
                  oldScope.id(),
                  oldScope.dn(),
                  recursive == null ? oldScope.recursive() : recursive,
                  oldScope.filter());
        }
        if (filter != null) {
          scope = scope.withFilter(filter.isBlank() ? null : filter);
        }
        b.source(scope);
      }
      if (group != null && groupKey != null) {
        throw new UserError("give --group or --group-key, not both");
      }
      if (group != null) {
        b.group(group.isBlank() ? null : GroupRef.path(group));
      }
      if (groupKey != null) {
        b.group(groupKey.isBlank() ? null : GroupRef.key(groupKey));
      }
      if (license != null) {
        b.grantLicense(license);
      }
      if (priority != null) {
        b.priority(priority);
      }
      if (create != null) {
        b.create(create);
      }
      if (invite != null) {
        b.invite(invite);
      }
      if (update != null) {
        b.update(update);
      }
      if (onDisabled != null) {
        b.onDisabled(onDisabled);
      }
      if (onLeave != null) {
        b.onLeave(onLeave);
      }
      return b;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {"List the rules: id, state, priority, source, GoToMyPC group.", ""})
  static final class ListRules implements Runnable {
    private final Cli cli;

    ListRules(Cli cli) {
      this.cli = cli;
    }

    @Override
    public void run() {
      try (Session session = new Session(cli.data())) {
        RuleSet rules = load(session);
        if (rules.rules().isEmpty()) {
          cli.out.println("No rules yet: add one with 'umt rules add ID --dn DN'.");
          return;
        }
        cli.out.printf(
            "%-16s %-8s %4s  %-10s %-50s    %s%n",
            "ID", "STATE", "PRIO", "SOURCE", "DN", "GOTOMYPC GROUP");
        rules.rules().forEach(r -> cli.out.println(describe(r)));
      }
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {"Show one rule in full, as JSON.", ""})
  static final class Show implements Runnable {
    private final Cli cli;

    Show(Cli cli) {
      this.cli = cli;
    }

    @Parameters(paramLabel = "RULE-ID", description = "the rule's id (see 'umt rules list')")
    String id;

    @Override
    public void run() {
      try (Session session = new Session(cli.data())) {
        Rule r = existing(load(session), id, session.data());
        cli.out.print(RuleSet.of(List.of(r)).toJson());
      }
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      abbreviateSynopsis = true,
      description = {
        "Add a rule on an OU or group (--dn, or --pick from the tree).",
        "",
        "Example:",
        "  umt rules add sales --dn 'OU=Sales,DC=example,DC=com' --group Staff/Sales",
        ""
      })
  static final class Add implements Runnable {
    private final Cli cli;

    Add(Cli cli) {
      this.cli = cli;
    }

    @Parameters(paramLabel = "RULE-ID", description = "a stable id: letters, digits, '.', '_', '-'")
    String id;

    @Option(
        names = "--pick",
        description = "choose the OU or group from a numbered list of the directory tree")
    boolean pick;

    @Option(
        names = "--inactive",
        description = "add it inactive (it does not run until 'umt rules activate')")
    boolean inactive;

    @ArgGroup(exclusive = false, heading = "%nRule fields:%n")
    Fields fields = new Fields();

    @Override
    public void run() {
      try (Session session = new Session(cli.data())) {
        if (pick) {
          if (fields.dn != null) {
            throw new UserError("give --dn or --pick, not both");
          }
          fields.dn = pick(session);
        }
        if (fields.dn == null) {
          throw new UserError(
              "--dn is missing: the OU or group of the rule (see 'umt browse'), or use --pick");
        }
        DirectoryEntry e = DirectoryCommands.find(session, fields.dn);
        Rule.Builder b =
            Rule.builder(
                id,
                fields.name == null ? DirectoryCommands.name(e) : fields.name,
                DirectoryCommands.scopeOf(e, fields.recursive == null || fields.recursive));
        b = fields.apply(b, session, null).active(!inactive);
        Rule rule = b.build();
        RuleSetEditor editor = session.rulesFile(true).edit();
        if (editor.ruleSet().rule(id).isPresent()) {
          throw new UserError(
              "a rule with id '"
                  + id
                  + "' exists already: edit it with 'umt rules edit "
                  + id
                  + "'");
        }
        editor.add(rule).save();
        cli.out.println(
            "Added rule "
                + id
                + ": "
                + DirectoryCommands.kind(e)
                + " "
                + e.dn()
                + " (id "
                + e.id()
                + ")");
        cli.out.println("See what it would do with 'umt plan'.");
      }
    }

    private String pick(Session session) {
      List<DirectoryEntry> choices = new ArrayList<>();
      collect(session, DirectoryCommands.startDn(session, null), 1, choices);
      if (choices.isEmpty()) {
        throw new UserError("the directory has no OU or group to pick");
      }
      for (int i = 0; i < choices.size(); i++) {
        cli.out.printf(
            "%3d  %-12s %s%n", i + 1, DirectoryCommands.kind(choices.get(i)), choices.get(i).dn());
      }
      return choices
          .get(
              Cli.chosen(
                  cli.readLine("Number of the OU or group for rule " + id + ": "), choices.size()))
          .dn();
    }

    private void collect(Session session, String dn, int level, List<DirectoryEntry> out) {
      for (DirectoryEntry e : session.source().children(dn)) {
        out.add(e);
        if (level < 4 && e instanceof Container) {
          collect(session, e.dn(), level + 1, out);
        }
      }
    }
  }

  @Command(
      name = "edit",
      mixinStandardHelpOptions = true,
      sortOptions = false,
      abbreviateSynopsis = true,
      description = {"Change a rule: only the fields given change.", ""})
  static final class Edit implements Runnable {
    private final Cli cli;

    Edit(Cli cli) {
      this.cli = cli;
    }

    @Parameters(paramLabel = "RULE-ID", description = "the rule's id (see 'umt rules list')")
    String id;

    @ArgGroup(exclusive = false, heading = "%nRule fields:%n")
    Fields fields = new Fields();

    @Override
    public void run() {
      try (Session session = new Session(cli.data())) {
        RuleSetEditor editor = session.rulesFile(true).edit();
        Rule old = existing(editor.ruleSet(), id, session.data());
        Rule changed = fields.apply(old.toBuilder(), session, old.source()).build();
        if (changed.equals(old)) {
          throw new UserError(
              "nothing to change: give at least one rule field (see 'umt rules edit --help')");
        }
        editor.replace(changed).save();
        cli.out.println("Changed rule " + id + ":");
        cli.out.println("  " + describe(changed));
      }
    }
  }

  @Command(
      name = "activate",
      mixinStandardHelpOptions = true,
      description = {"Make a rule active: it runs from the next plan or run on.", ""})
  static final class Activate implements Runnable {
    private final Cli cli;

    Activate(Cli cli) {
      this.cli = cli;
    }

    @Parameters(paramLabel = "RULE-ID", description = "the rule's id (see 'umt rules list')")
    String id;

    @Override
    public void run() {
      edit(
          cli,
          e -> e.activate(existing(e.ruleSet(), id, cli.data()).id()),
          "Rule " + id + " is active");
    }
  }

  @Command(
      name = "deactivate",
      mixinStandardHelpOptions = true,
      description = {
        "Make a rule inactive: it stops running.",
        "",
        "Its accounts are then handled by the global option deprovisionUncovered.",
        ""
      })
  static final class Deactivate implements Runnable {
    private final Cli cli;

    Deactivate(Cli cli) {
      this.cli = cli;
    }

    @Parameters(paramLabel = "RULE-ID", description = "the rule's id (see 'umt rules list')")
    String id;

    @Override
    public void run() {
      edit(
          cli,
          e -> e.deactivate(existing(e.ruleSet(), id, cli.data()).id()),
          "Rule " + id + " is inactive");
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = {"Delete a rule.", ""})
  static final class Delete implements Runnable {
    private final Cli cli;

    Delete(Cli cli) {
      this.cli = cli;
    }

    @Parameters(paramLabel = "RULE-ID", description = "the rule's id (see 'umt rules list')")
    String id;

    @Override
    public void run() {
      edit(cli, e -> e.delete(existing(e.ruleSet(), id, cli.data()).id()), "Deleted rule " + id);
    }
  }

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Check the rules file; print every problem with its JSON path.",
        "",
        "When logged in, the GoToMyPC groups the rules name are checked too.",
        ""
      })
  static final class Validate implements Runnable {
    private final Cli cli;

    Validate(Cli cli) {
      this.cli = cli;
    }

    @Override
    public void run() {
      try (Session session = new Session(cli.data())) {
        if (!Files.exists(session.data().rulesFile())) {
          throw new UserError(
              "no rules file: "
                  + session.data().rulesFile()
                  + " does not exist (add a rule with 'umt rules add')");
        }
        try {
          RuleSet rules = session.rulesFile(true).load();
          cli.out.printf(
              "%s is valid: %d rules, %d active%s.%n",
              session.data().rulesFile(),
              rules.rules().size(),
              rules.activeRules().size(),
              session.loggedIn()
                  ? ", GoToMyPC groups checked"
                  : " (log in to check GoToMyPC groups too)");
        } catch (RuleSetException e) {
          cli.out.println(
              e.origin()
                  + ": "
                  + e.problems().size()
                  + " problem"
                  + (e.problems().size() == 1 ? "" : "s")
                  + ":");
          e.problems().forEach(p -> cli.out.println("  " + p));
          throw new UserError(
              e.problems().size()
                  + " problem"
                  + (e.problems().size() == 1 ? "" : "s")
                  + " in "
                  + e.origin());
        }
      }
    }
  }
}
