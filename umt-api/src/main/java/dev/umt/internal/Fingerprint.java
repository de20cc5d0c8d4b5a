package dev.umt.internal;

import dev.umt.PlanStep;
import dev.umt.target.AccountPatch;
import dev.umt.target.NewAccount;
import dev.umt.target.TargetAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A SHA-256 digest of what plan steps do (not their reasons). Not part of the API. */
final class Fingerprint {
  private Fingerprint() {}

  private static void patch(StringBuilder b, AccountPatch p) {
    b.append("|patch|")
        .append(p.email())
        .append('|')
        .append(p.firstName())
        .append('|')
        .append(p.lastName())
        .append('|')
        .append(p.groupKey())
        .append('|')
        .append(p.licensed());
  }

  /**
   * The digest of the steps that do something: every step but a no-change step that writes nothing
   * in the ledger ({@code writes} holds the steps that write). Two plans that differ only in users
   * left as they are have the same fingerprint; a held plan stays approvable while only such users
   * come or go.
   */
  static String of(List<PlanStep> steps, Map<PlanStep, ?> writes) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    StringBuilder b = new StringBuilder(256);
    for (PlanStep s : steps) {
      if (s.kind() == PlanStep.Kind.NO_CHANGE && (writes.isEmpty() || !writes.containsKey(s))) {
        continue;
      }
      b.append(s.kind())
          .append('|')
          .append(s.userId())
          .append('|')
          .append(s.ruleId())
          .append('|')
          .append(s.accountKey())
          .append('|');
      if (s instanceof PlanStep.Create c) {
        NewAccount n = c.account();
        b.append(n.email())
            .append('|')
            .append(n.firstName())
            .append('|')
            .append(n.lastName())
            .append('|')
            .append(n.groupKey())
            .append('|')
            .append(n.licensed())
            .append('|')
            .append(n.invite());
      } else if (s instanceof PlanStep.Adopt a) {
        TargetAccount t = a.account();
        b.append(t.email())
            .append('|')
            .append(t.firstName())
            .append('|')
            .append(t.lastName())
            .append('|')
            .append(t.groupKey())
            .append('|')
            .append(t.status())
            .append('|')
            .append(t.licensed());
        patch(b, a.changes());
      } else if (s instanceof PlanStep.Update u) {
        patch(b, u.changes());
      } else if (s instanceof PlanStep.Reactivate r) {
        patch(b, r.changes());
      } else if (s instanceof PlanStep.Wait w) {
        b.append(w.action()).append('|').append(w.runsSeen());
      }
      b.append('\n');
      if (b.length() > 8192) {
        md.update(b.toString().getBytes(StandardCharsets.UTF_8));
        b.setLength(0);
      }
    }
    md.update(b.toString().getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(md.digest());
  }
}
