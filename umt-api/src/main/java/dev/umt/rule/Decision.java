package dev.umt.rule;

import dev.umt.internal.Checks;
import java.util.List;
import java.util.Objects;

/** What the rules decide for one directory user. */
public sealed interface Decision {

  /** Why, in words for a report, naming the rule and the OU or chain of groups. */
  String reason();

  /** The user should have {@code account}, as rule {@code ruleId} says; {@code otherRules} also had the user in scope but lost on priority. */
  record Provision(String ruleId, DesiredAccount account, String reason, List<String> otherRules) implements Decision {
    public Provision {
      Checks.notBlank(ruleId, "deciding rule id");
      Objects.requireNonNull(account, "account");
      Checks.notBlank(reason, "reason");
      otherRules = List.copyOf(otherRules);
    }
  }

  /** The user is in scope of rule {@code ruleId} but disabled: the rule's disabled action applies. */
  record Disabled(String ruleId, String reason) implements Decision {
    public Disabled {
      Checks.notBlank(ruleId, "deciding rule id");
      Checks.notBlank(reason, "reason");
    }
  }

  /** The user cannot be handled (a required field is missing, say): reported and skipped, the account left as it is. */
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
}
