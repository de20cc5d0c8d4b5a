package dev.umt.rule;

import dev.umt.internal.Checks;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** What the rules decide for one directory user. */
public sealed interface Decision {

  /** Why, in words for a report, naming the rule and the OU or chain of groups. */
  String reason();

  /**
   * The user should have {@code account}, as rule {@code ruleId} says; {@code otherRules} also had
   * the user in scope but lost on priority.
   *
   * <p>The reason is made when {@link #reason()} is asked, not when the decision is: a run of
   * 100,000 unchanged users asks for none of them. {@code reasonText} must be pure (the same text
   * each time it is called, from any thread) and is called once per {@link #reason()}; equality and
   * the hash code compare the reason's text, the hash code leaves it out (so that a decision in a
   * hash map makes no reason).
   *
   * @param ruleId the deciding rule's id, not blank
   * @param account the account the user should have
   * @param reasonText makes the reason, in words for a report, naming the rule and the OU or chain
   *     of groups; never blank
   * @param otherRules the ids of the other rules in whose scope the user is, in priority order
   */
  record Provision(
      String ruleId, DesiredAccount account, Supplier<String> reasonText, List<String> otherRules)
      implements Decision {
    public Provision {
      Checks.notBlank(ruleId, "deciding rule id");
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(reasonText, "reasonText");
      otherRules = List.copyOf(otherRules);
    }

    /** A decision whose reason is already made. */
    public Provision(
        String ruleId, DesiredAccount account, String reason, List<String> otherRules) {
      this(ruleId, account, fixed(reason), otherRules);
    }

    @Override
    public String reason() {
      return reasonText.get();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Provision p
          && ruleId.equals(p.ruleId)
          && account.equals(p.account)
          && otherRules.equals(p.otherRules)
          && reason().equals(p.reason());
    }

    @Override
    public int hashCode() {
      return Objects.hash(ruleId, account, otherRules);
    }

    @Override
    public String toString() {
      return "Provision[ruleId="
          + ruleId
          + ", account="
          + account
          + ", reason="
          + reason()
          + ", otherRules="
          + otherRules
          + "]";
    }
  }

  /**
   * The user is in scope of rule {@code ruleId} but disabled: the rule's disabled action applies.
   */
  record Disabled(String ruleId, String reason) implements Decision {
    public Disabled {
      Checks.notBlank(ruleId, "deciding rule id");
      Checks.notBlank(reason, "reason");
    }
  }

  /**
   * The user cannot be handled (a required field is missing, say): reported and skipped, the
   * account left as it is.
   */
  record Skip(String ruleId, String reason) implements Decision {
    public Skip {
      Checks.notBlank(reason, "reason");
    }
  }

  /** No active rule covers the user. */
  record NotCovered(String reason) implements Decision {
    public NotCovered {
      Checks.notBlank(reason, "reason");
    }
  }

  /** A supplier of {@code reason}, which must not be blank. */
  private static Supplier<String> fixed(String reason) {
    Checks.notBlank(reason, "reason");
    return () -> reason;
  }
}
