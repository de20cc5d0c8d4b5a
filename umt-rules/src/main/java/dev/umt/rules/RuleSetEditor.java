package dev.umt.rules;

import dev.umt.ConfigurationException;
import dev.umt.rule.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Creates, edits, activates, deactivates and deletes the rules of a {@link RuleSetFile}, then saves
 * them. Every change is checked at once, as loading would check it: a change that would make the
 * rule set invalid throws {@link RuleSetException} and leaves the editor as it was. Changes stay in
 * memory until {@link #save()}. Not thread-safe.
 *
 * <pre>{@code
 * RuleSetEditor editor = RuleSetFile.open(path, target.groups()).edit();
 * editor.add(Rule.builder("sales", "Sales staff", Scope.container(ouGuid, ouDn, true)).priority(10).build())
 *     .deactivate("old-sales")
 *     .update("all-staff", r -> r.toBuilder().grantLicense(false).build());
 * editor.save();
 * }</pre>
 */
public final class RuleSetEditor {
  private final RuleSetFile file;
  private RuleSet current;
  private String savedText;

  RuleSetEditor(RuleSetFile file, RuleSet current, String savedText) {
    this.file = file;
    this.current = current;
    this.savedText = savedText;
  }

  /** The rule set with the changes made so far. */
  public RuleSet ruleSet() {
    return current;
  }

  /** Adds {@code rule} at the end; its id must be new. */
  public RuleSetEditor add(Rule rule) {
    Objects.requireNonNull(rule, "rule");
    List<Rule> rules = new ArrayList<>(current.rules());
    rules.add(rule);
    return change(rules);
  }

  /** Replaces the rule with {@code rule}'s id by {@code rule}, in the same place. */
  public RuleSetEditor replace(Rule rule) {
    Objects.requireNonNull(rule, "rule");
    return update(rule.id(), old -> rule);
  }

  /**
   * Replaces the rule {@code id} by what {@code change} makes of it (its id may change, if the new
   * one is free).
   */
  public RuleSetEditor update(String id, UnaryOperator<Rule> change) {
    List<Rule> rules = new ArrayList<>(current.rules());
    int i = indexOf(id);
    rules.set(i, Objects.requireNonNull(change.apply(rules.get(i)), "changed rule"));
    return change(rules);
  }

  /** Makes rule {@code id} run. */
  public RuleSetEditor activate(String id) {
    return update(id, r -> r.toBuilder().active(true).build());
  }

  /** Stops rule {@code id} from running, keeping it in the rule set. */
  public RuleSetEditor deactivate(String id) {
    return update(id, r -> r.toBuilder().active(false).build());
  }

  /** Removes rule {@code id}. */
  public RuleSetEditor delete(String id) {
    List<Rule> rules = new ArrayList<>(current.rules());
    rules.remove(indexOf(id));
    return change(rules);
  }

  /**
   * Writes the rule set to the file atomically.
   *
   * @throws ConfigurationException when someone else changed the file since this editor read it
   *     (nothing is written: open a new editor and repeat the changes), or it cannot be written
   */
  public void save() {
    String onDisk = file.readOrNull();
    if (!Objects.equals(onDisk, savedText)) {
      throw new ConfigurationException(
          file.path()
              + ": changed on disk since it was opened for editing;"
              + " nothing was saved: open it again and repeat the changes");
    }
    savedText = file.write(current);
  }

  private RuleSetEditor change(List<Rule> rules) {
    current = file.check(rules);
    return this;
  }

  private int indexOf(String id) {
    List<Rule> rules = current.rules();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).id().equals(id)) {
        return i;
      }
    }
    throw new RuleSetException(file.path().toString(), List.of("no rule with id \"" + id + "\""));
  }
}
