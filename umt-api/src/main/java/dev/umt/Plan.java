package dev.umt;

import dev.umt.state.LedgerEntry;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a run will do: one step per user (and per managed account whose user is gone), with the
 * deciding rule and the reason. Immutable. A plan whose {@link #thresholdReason()} is not empty is
 * held: nothing is applied until it is approved by its {@link #id()}.
 *
 * <p>The plan is the whole truth of what a run writes: the steps it {@link #withheld() withholds}
 * are not applied, and the ledger is written only as {@link #ledgerWrites()} says (with the values
 * the target answers for the fields a step changes). The applier takes no decision of its own.
 *
 * @param id the plan's id, used to approve it
 * @param createdAt when it was made
 * @param steps the steps, in reading order, then the managed accounts whose users were not read
 * @param sourceComplete whether every scope was read in full; when false, deprovisioning steps are
 *     planned but held, not applied, and no threshold or grace period is counted
 * @param incompleteReasons why the read was incomplete
 * @param thresholdReason why deprovisioning crosses a threshold, or empty
 * @param fingerprint a digest of the steps that do something (not their reasons): every step but a
 *     no-change step that writes nothing in the ledger; equal fingerprints mean a plan that does
 *     the same (a held plan's approval compares it), whatever users it leaves as they are
 * @param withheld the steps not to apply because the directory read was incomplete, each with the
 *     reason
 * @param ledgerWrites what to write in the ledger when a step succeeds; a step that is not a key
 *     writes nothing (a {@link PlanStep.Create} writes the account the target answers, under its
 *     rule)
 * @param emailConflicts emails claimed by two or more directory users, who were all skipped
 */
public record Plan(
    String id,
    Instant createdAt,
    List<PlanStep> steps,
    boolean sourceComplete,
    List<String> incompleteReasons,
    String thresholdReason,
    String fingerprint,
    Map<PlanStep, String> withheld,
    Map<PlanStep, LedgerWrite> ledgerWrites,
    List<EmailConflict> emailConflicts) {

  public Plan {
    steps = List.copyOf(steps);
    incompleteReasons = List.copyOf(incompleteReasons);
    thresholdReason = thresholdReason == null ? "" : thresholdReason;
    withheld = Map.copyOf(withheld);
    ledgerWrites = Map.copyOf(ledgerWrites);
    emailConflicts = List.copyOf(emailConflicts);
  }

  /**
   * The ledger write that follows a step's success.
   *
   * @param put the entry to write (for a step that changes account fields, the fields are then
   *     taken from the target's answer), or null when the step removes the entry
   * @param remove the user id whose entry to remove, or null
   */
  public record LedgerWrite(@Nullable LedgerEntry put, @Nullable String remove) {
    public LedgerWrite {
      if ((put == null) == (remove == null)) {
        throw new IllegalArgumentException("a ledger write either puts an entry or removes one");
      }
    }

    /** Writes {@code entry}. */
    public static LedgerWrite put(LedgerEntry entry) {
      return new LedgerWrite(Objects.requireNonNull(entry, "entry"), null);
    }

    /** Removes the entry of {@code userId}. */
    public static LedgerWrite remove(String userId) {
      return new LedgerWrite(null, Objects.requireNonNull(userId, "userId"));
    }
  }

  /**
   * One email that several directory users claim. None of them gets or adopts an account in it; an
   * account one of them already has in the ledger stays with that user, untouched.
   *
   * @param email the email, in lower case
   * @param userIds the claimants' permanent ids, sorted
   */
  public record EmailConflict(String email, List<String> userIds) {
    public EmailConflict {
      userIds = List.copyOf(userIds);
    }
  }

  /** Why {@code step} is withheld, or empty when it is applied. */
  public Optional<String> withheldReason(PlanStep step) {
    return Optional.ofNullable(withheld.get(step));
  }

  /** How many steps there are of each kind, every kind present. */
  public Map<PlanStep.Kind, Integer> counts() {
    Map<PlanStep.Kind, Integer> m = new EnumMap<>(PlanStep.Kind.class);
    int[] n = new int[PlanStep.Kind.values().length];
    for (PlanStep s : steps) {
      n[s.kind().ordinal()]++;
    }
    for (PlanStep.Kind k : PlanStep.Kind.values()) {
      m.put(k, n[k.ordinal()]);
    }
    return m;
  }

  /** How many steps there are of {@code kind}. */
  public int count(PlanStep.Kind kind) {
    int n = 0;
    for (PlanStep s : steps) {
      if (s.kind() == kind) {
        n++;
      }
    }
    return n;
  }

  /** Whether the plan crosses a deprovisioning threshold and waits for approval. */
  public boolean isHeld() {
    return !thresholdReason.isEmpty();
  }

  /** A one-line summary such as {@code plan 1b2c…: 3 create, 1 update, 0 suspend …}. */
  public String summary() {
    StringBuilder b = new StringBuilder("plan ").append(id).append(':');
    counts()
        .forEach(
            (k, v) -> {
              if (v > 0) {
                b.append(' ')
                    .append(v)
                    .append(' ')
                    .append(k.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                    .append(',');
              }
            });
    if (b.charAt(b.length() - 1) == ',') {
      b.setLength(b.length() - 1);
    }
    if (steps.isEmpty()) {
      b.append(" nothing to do");
    }
    if (!withheld.isEmpty()) {
      b.append("; ").append(withheld.size()).append(" withheld");
    }
    if (!emailConflicts.isEmpty()) {
      b.append("; ").append(emailConflicts.size()).append(" shared email(s)");
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
