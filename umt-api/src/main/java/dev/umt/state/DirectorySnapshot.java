package dev.umt.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the last runs saw of the directory, kept by the {@link StateStore} so that an incremental
 * run can turn a change (a group, a container) into the users it affects, and can tell the users it
 * must plan again from those it need not.
 *
 * <p>Per user: the DN, the ids of its containers, its groups (direct, and resolved: the groups that
 * hold it through nesting, by id where the run knows it, else by lower-case DN), the rule that
 * decided it, a hash of what the rules see of it, and whether its last step failed (so the next run
 * tries it again). For the whole directory: the fingerprint of the rule set the snapshot was made
 * under, the change-feed token it is current to, when the last full run was and how many
 * incremental runs followed it.
 *
 * <p>Compact: container ids, group ids and DNs and rule ids are interned in one table and users
 * hold indexes into it; a DN is kept as its first RDN plus the interned parent DN. Not thread-safe:
 * the engine owns it during a run. {@link StateStore#saveDirectorySnapshot} writes it whole.
 */
public final class DirectorySnapshot {

  /**
   * One user as the snapshot knows it.
   *
   * @param id the permanent id
   * @param dn the DN
   * @param containerIds the containers it sits in, nearest first
   * @param groupIds its direct groups' ids
   * @param resolvedGroups every group that holds it, directly or nested: ids, or lower-case DNs
   *     where only the DN is known
   * @param ruleId the rule that decided it, or null when none did
   * @param hash a hash of its attributes and of the rules whose scopes hold it
   * @param retry whether its last step failed, so the next incremental run plans it again
   */
  public record User(
      String id,
      String dn,
      List<String> containerIds,
      List<String> groupIds,
      Set<String> resolvedGroups,
      @Nullable String ruleId,
      long hash,
      boolean retry) {
    public User {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(dn, "dn");
      containerIds = List.copyOf(containerIds);
      groupIds = List.copyOf(groupIds);
      resolvedGroups = Set.copyOf(resolvedGroups);
    }

    /** This user, marked for retry (or not). */
    public User withRetry(boolean v) {
      return new User(id, dn, containerIds, groupIds, resolvedGroups, ruleId, hash, v);
    }
  }

  /** A user held as indexes into the table; never changed once made (a change puts a new one). */
  record Packed(
      String rdn,
      int parent,
      int[] containers,
      int[] groups,
      int[] resolved,
      int rule,
      long hash,
      boolean retry) {}

  private static final int[] NONE = new int[0];

  // Package-private for SnapshotCodec, which writes and reads them as they are.
  final List<String> table = new ArrayList<>();
  final Map<String, Integer> index = new HashMap<>();
  final Map<String, Packed> users = new HashMap<>();
  private String ruleSetFingerprint;
  private String token;
  private Instant lastFullRun;
  private int incrementalRunsSinceFull;

  /**
   * An empty snapshot made under the rule set with {@code ruleSetFingerprint}, current to {@code
   * token}, after a full run at {@code lastFullRun}.
   */
  public DirectorySnapshot(
      String ruleSetFingerprint, String token, Instant lastFullRun, int incrementalRunsSinceFull) {
    this.ruleSetFingerprint = Objects.requireNonNull(ruleSetFingerprint, "ruleSetFingerprint");
    this.token = Objects.requireNonNull(token, "token");
    this.lastFullRun = Objects.requireNonNull(lastFullRun, "lastFullRun");
    if (incrementalRunsSinceFull < 0) {
      throw new IllegalArgumentException(
          "incrementalRunsSinceFull must not be negative, not " + incrementalRunsSinceFull);
    }
    this.incrementalRunsSinceFull = incrementalRunsSinceFull;
  }

  /**
   * A copy the caller may change without changing this one (users are shared: they are immutable).
   */
  public DirectorySnapshot copy() {
    DirectorySnapshot c =
        new DirectorySnapshot(ruleSetFingerprint, token, lastFullRun, incrementalRunsSinceFull);
    c.table.addAll(table);
    c.index.putAll(index);
    c.users.putAll(users);
    return c;
  }

  public String ruleSetFingerprint() {
    return ruleSetFingerprint;
  }

  /** The change-feed token the snapshot is current to. */
  public String token() {
    return token;
  }

  public Instant lastFullRun() {
    return lastFullRun;
  }

  public int incrementalRunsSinceFull() {
    return incrementalRunsSinceFull;
  }

  /**
   * After an incremental run: current to {@code newToken}, one more incremental run since the full
   * one.
   */
  public void advance(String newToken) {
    token = Objects.requireNonNull(newToken, "newToken");
    incrementalRunsSinceFull++;
  }

  public int size() {
    return users.size();
  }

  /** The user with this id, if the snapshot has it. */
  public Optional<User> user(String id) {
    Packed p = users.get(id);
    return p == null ? Optional.empty() : Optional.of(unpack(id, p));
  }

  /** Adds or replaces a user. */
  public void put(User u) {
    int cut = rdnEnd(u.dn());
    String rdn = u.dn().substring(0, cut);
    int parent = cut == u.dn().length() ? -1 : intern(u.dn().substring(cut + 1));
    users.put(
        u.id(),
        new Packed(
            rdn,
            parent,
            intern(u.containerIds()),
            intern(u.groupIds()),
            intern(u.resolvedGroups()),
            u.ruleId() == null ? -1 : intern(u.ruleId()),
            u.hash(),
            u.retry()));
  }

  /** Forgets a user; nothing when the snapshot does not have it. */
  public void remove(String id) {
    users.remove(id);
  }

  /**
   * The ids of the users the snapshot has resolved into the group with this id or DN (any case).
   */
  public Set<String> usersInGroup(String groupId, String dn) {
    Integer byId = index.get(groupId);
    Integer byDn = dn == null ? null : index.get(dn.toLowerCase(Locale.ROOT));
    Set<String> out = new LinkedHashSet<>();
    if (byId == null && byDn == null) {
      return out;
    }
    users.forEach(
        (id, p) -> {
          if ((byId != null && contains(p.resolved(), byId))
              || (byDn != null && contains(p.resolved(), byDn))
              || (byId != null && contains(p.groups(), byId))) {
            out.add(id);
          }
        });
    return out;
  }

  /** The ids of the users the snapshot has in the container with this id or below it. */
  public Set<String> usersUnder(String containerId) {
    Integer at = index.get(containerId);
    Set<String> out = new LinkedHashSet<>();
    if (at != null) {
      users.forEach(
          (id, p) -> {
            if (contains(p.containers(), at)) {
              out.add(id);
            }
          });
    }
    return out;
  }

  /** The ids of the users marked for retry. */
  public Set<String> retryUsers() {
    Set<String> out = new LinkedHashSet<>();
    users.forEach(
        (id, p) -> {
          if (p.retry()) {
            out.add(id);
          }
        });
    return out;
  }

  /**
   * Writes this snapshot to {@code out} in UMT's compact binary form (the bytes of the file store's
   * {@code snapshot.bin}), for a store that keeps it elsewhere. Does not close or flush {@code out}
   * beyond the bytes written; does not change this snapshot.
   *
   * <pre>{@code
   * ByteArrayOutputStream bytes = new ByteArrayOutputStream();
   * snapshot.writeTo(bytes);
   * DirectorySnapshot back =
   *     DirectorySnapshot.readFrom(
   *         new ByteArrayInputStream(bytes.toByteArray()), "snapshot of company acme");
   * }</pre>
   *
   * @throws IOException when {@code out} fails
   * @throws IllegalArgumentException when a user is in more than 65535 containers or groups
   */
  public void writeTo(OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    SnapshotCodec.encode(this, data);
    data.flush();
  }

  /**
   * Reads a snapshot {@link #writeTo} wrote, to the end of {@code in} (which it does not close).
   *
   * @param where what the bytes are, for error messages, such as {@code "directory snapshot
   *     /var/lib/umt/snapshot.bin"}
   * @throws CorruptStateException when the bytes are not a whole snapshot of this version, the
   *     message starting with {@code where}
   * @throws IOException when {@code in} fails
   */
  public static DirectorySnapshot readFrom(InputStream in, String where) throws IOException {
    try {
      return SnapshotCodec.decode(new DataInputStream(in), where);
    } catch (CorruptStateException e) {
      throw e;
    } catch (EOFException e) {
      throw new CorruptStateException(where + " is cut short", e);
    } catch (SnapshotCodec.Invalid | RuntimeException e) {
      throw new CorruptStateException(where + " is not valid: " + e.getMessage(), e);
    }
  }

  /** Every user, in no particular order. */
  public void forEach(Consumer<User> action) {
    users.forEach((id, p) -> action.accept(unpack(id, p)));
  }

  private User unpack(String id, Packed p) {
    String dn = p.parent() < 0 ? p.rdn() : p.rdn() + "," + table.get(p.parent());
    Set<String> resolved = new LinkedHashSet<>();
    for (int i : p.resolved()) {
      resolved.add(table.get(i));
    }
    return new User(
        id,
        dn,
        names(p.containers()),
        names(p.groups()),
        resolved,
        p.rule() < 0 ? null : table.get(p.rule()),
        p.hash(),
        p.retry());
  }

  private List<String> names(int[] ids) {
    List<String> out = new ArrayList<>(ids.length);
    for (int i : ids) {
      out.add(table.get(i));
    }
    return out;
  }

  private int intern(String s) {
    Integer i = index.get(s);
    if (i == null) {
      i = table.size();
      table.add(s);
      index.put(s, i);
    }
    return i;
  }

  private int[] intern(java.util.Collection<String> values) {
    if (values.isEmpty()) {
      return NONE;
    }
    int[] out = new int[values.size()];
    int k = 0;
    for (String v : values) {
      out[k++] = intern(v);
    }
    return out;
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where the first RDN of {@code dn} ends: the first comma not escaped by a backslash (or the
   * end).
   */
  private static int rdnEnd(String dn) {
    for (int i = 0; i < dn.length(); i++) {
      char c = dn.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ',') {
        return i;
      }
    }
    return dn.length();
  }
}
