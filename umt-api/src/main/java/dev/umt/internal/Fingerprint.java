package dev.umt.internal;

import dev.umt.PlanStep;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A SHA-256 digest of what plan steps do (not their reasons). Not part of the API. */
final class Fingerprint {
  private Fingerprint() {}

  static String of(List<PlanStep> steps) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    StringBuilder b = new StringBuilder(128);
    for (PlanStep s : steps) {
      b.setLength(0);
      b.append(s.kind()).append('|').append(s.userId()).append('|').append(s.ruleId()).append('|').append(s.accountKey()).append('|');
      if (s instanceof PlanStep.Create c) {
        b.append(c.account());
      } else if (s instanceof PlanStep.Adopt a) {
        b.append(a.account()).append(a.changes());
      } else if (s instanceof PlanStep.Update u) {
        b.append(u.changes());
      } else if (s instanceof PlanStep.Reactivate r) {
        b.append(r.changes());
      } else if (s instanceof PlanStep.Wait w) {
        b.append(w.action()).append(w.runsSeen());
      }
      b.append('\n');
      md.update(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
