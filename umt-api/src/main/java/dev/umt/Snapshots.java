package dev.umt;

import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.internal.Planner;
import dev.umt.rule.Rule;
import dev.umt.state.DirectorySnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the engine keeps of a user in the {@link DirectorySnapshot}, and the rule set's fingerprint.
 * Pure; not thread-safe (one digest).
 */
final class Snapshots {
  private final MessageDigest md = sha256();
  private final Map<String, Rule> rulesById = new TreeMap<>();

  Snapshots(List<Rule> activeRules) {
    activeRules.forEach(r -> rulesById.put(r.id(), r));
  }

  /**
   * The fingerprint of what decides users: the active rules (every field) and the run options that
   * change decisions. A snapshot made under another fingerprint is not used: the run is full.
   */
  static String ruleSetFingerprint(List<Rule> activeRules, SyncOptions o) {
    StringBuilder b = new StringBuilder();
    activeRules.stream()
        .sorted(java.util.Comparator.comparing(Rule::id))
        .forEach(r -> b.append(r).append('\n'));
    b.append("deprovisionUncovered=")
        .append(o.deprovisionUncovered())
        .append(" uncoveredAction=")
        .append(o.uncoveredAction())
        .append(" manageUnledgered=")
        .append(o.manageUnledgeredAccounts())
        .append(" protected=")
        .append(new java.util.TreeSet<>(o.protectedAccounts()));
    return HexFormat.of().formatHex(sha256().digest(b.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The snapshot entry of {@code c}, decided by {@code ruleId} (null for none). */
  DirectorySnapshot.User entry(Planner.Candidate c, String ruleId) {
    DirectoryUser u = c.user();
    Set<String> resolved = new LinkedHashSet<>(u.groupIds());
    for (Map.Entry<String, List<String>> e : c.viaByRuleId().entrySet()) {
      Rule r = rulesById.get(e.getKey());
      if (r != null && r.source().kind() == Scope.Kind.GROUP) {
        resolved.add(r.source().id());
        e.getValue().forEach(dn -> resolved.add(dn.toLowerCase(Locale.ROOT)));
      }
    }
    return new DirectorySnapshot.User(
        u.id(), u.dn(), u.containerIds(), u.groupIds(), resolved, ruleId, hash(c), false);
  }

  /**
   * A hash of everything the rules see of a user: every field and attribute, and which rules'
   * scopes hold it. Equal hashes mean the user would be decided the same way.
   */
  long hash(Planner.Candidate c) {
    DirectoryUser u = c.user();
    StringBuilder b = new StringBuilder(256);
    for (Object v :
        new Object[] {
          u.id(),
          u.dn(),
          u.loginName(),
          u.email(),
          u.givenName(),
          u.surname(),
          u.displayName(),
          u.title(),
          u.department(),
          u.phone(),
          u.enabled(),
          u.containerIds(),
          u.groupIds(),
          u.attributes(),
          new TreeMap<>(c.viaByRuleId()).keySet()
        }) {
      b.append(v).append('\u0000');
    }
    byte[] d = md.digest(b.toString().getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(d).getLong();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
