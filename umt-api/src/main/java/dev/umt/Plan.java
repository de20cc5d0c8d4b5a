package dev.umt;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a run will do: one step per user (and per managed account whose user is gone), with the
 * deciding rule and the reason. Immutable. A plan whose {@link #thresholdReason()} is not empty is
 * held: nothing is applied until it is approved by its {@link #id()}.
 *
 * @param id the plan's id, used to approve it
 * @param createdAt when it was made
 * @param steps the steps, in reading order, then the managed accounts whose users were not read
 * @param sourceComplete whether every scope was read in full; when false, deprovisioning steps are
 *     planned but held, not applied, and no threshold or grace period is counted
 * @param incompleteReasons why the read was incomplete
 * @param thresholdReason why deprovisioning crosses a threshold, or empty
 * @param fingerprint a digest of the steps (not their reasons); equal fingerprints mean the same plan
 */
public record Plan(String id, Instant createdAt, List<PlanStep> steps, boolean sourceComplete, List<String> incompleteReasons,
    String thresholdReason, String fingerprint) {

  public Plan {
    steps = List.copyOf(steps);
    incompleteReasons = List.copyOf(incompleteReasons);
    thresholdReason = thresholdReason == null ? "" : thresholdReason;
  }

  /** How many steps there are of each kind, every kind present. */
  public Map<PlanStep.Kind, Integer> counts() {
    Map<PlanStep.Kind, Integer> m = new EnumMap<>(PlanStep.Kind.class);
    for (PlanStep.Kind k : PlanStep.Kind.values()) {
      m.put(k, 0);
    }
    steps.forEach(s -> m.merge(s.kind(), 1, Integer::sum));
    return m;
  }

  /** How many steps there are of {@code kind}. */
  public int count(PlanStep.Kind kind) {
    return (int) steps.stream().filter(s -> s.kind() == kind).count();
  }

  /** Whether the plan crosses a deprovisioning threshold and waits for approval. */
  public boolean isHeld() {
    return !thresholdReason.isEmpty();
  }

  /** A one-line summary such as {@code plan 1b2c…: 3 create, 1 update, 0 suspend …}. */
  public String summary() {
    StringBuilder b = new StringBuilder("plan ").append(id).append(':');
    counts().forEach((k, v) -> {
      if (v > 0) {
        b.append(' ').append(v).append(' ').append(k.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(',');
      }
    });
    if (b.charAt(b.length() - 1) == ',') {
      b.setLength(b.length() - 1);
    }
    if (steps.isEmpty()) {
      b.append(" nothing to do");
    }
    if (!sourceComplete) {
      b.append("; directory read incomplete: ").append(String.join("; ", incompleteReasons));
    }
    if (isHeld()) {
      b.append("; held: ").append(thresholdReason);
    }
    return b.toString();
  }
}
