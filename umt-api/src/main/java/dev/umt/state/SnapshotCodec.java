package dev.umt.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact binary form of a {@link DirectorySnapshot}, shared by every store that keeps one
 * ({@code snapshot.bin} of the file store, a {@code bytea} in PostgreSQL); reached through {@link
 * DirectorySnapshot#writeTo} and {@link DirectorySnapshot#readFrom}.
 *
 * <p>Layout (big-endian, strings as a length and UTF-8 bytes): magic {@code UMTSNAP}, version,
 * rule-set fingerprint, token, last full run (epoch second, nano), incremental runs since, the
 * table, then each user: id (a UUID as 16 bytes, else a string), RDN, parent DN index, container,
 * group and resolved-group indexes, rule index (-1 for none), hash, retry flag.
 */
final class SnapshotCodec {
  private static final byte[] MAGIC = "UMTSNAP".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;

  private SnapshotCodec() {}

  /** Bytes that are not a snapshot (as opposed to a stream that failed). */
  static final class Invalid extends IOException {
    Invalid(String message) {
      super(message);
    }
  }

  static void encode(DirectorySnapshot s, DataOutputStream out) throws IOException {
    out.write(MAGIC);
    out.writeInt(VERSION);
    string(out, s.ruleSetFingerprint());
    string(out, s.token());
    out.writeLong(s.lastFullRun().getEpochSecond());
    out.writeInt(s.lastFullRun().getNano());
    out.writeInt(s.incrementalRunsSinceFull());
    // Only the strings users still refer to: the table of a long-lived snapshot sheds what departed
    // users left.
    int[] remap = new int[s.table.size()];
    java.util.Arrays.fill(remap, -1);
    List<String> used = new ArrayList<>();
    for (DirectorySnapshot.Packed p : s.users.values()) {
      mark(remap, used, s.table, p.parent());
      mark(remap, used, s.table, p.rule());
      for (int[] a : List.of(p.containers(), p.groups(), p.resolved())) {
        for (int i : a) {
          mark(remap, used, s.table, i);
        }
      }
    }
    out.writeInt(used.size());
    for (String v : used) {
      string(out, v);
    }
    out.writeInt(s.users.size());
    for (Map.Entry<String, DirectorySnapshot.Packed> e : s.users.entrySet()) {
      DirectorySnapshot.Packed p = e.getValue();
      id(out, e.getKey());
      string(out, p.rdn());
      out.writeInt(p.parent() < 0 ? -1 : remap[p.parent()]);
      ints(out, p.containers(), remap);
      ints(out, p.groups(), remap);
      ints(out, p.resolved(), remap);
      out.writeInt(p.rule() < 0 ? -1 : remap[p.rule()]);
      out.writeLong(p.hash());
      out.writeBoolean(p.retry());
    }
  }

  private static void mark(int[] remap, List<String> used, List<String> table, int i) {
    if (i >= 0 && remap[i] < 0) {
      remap[i] = used.size();
      used.add(table.get(i));
    }
  }

  static DirectorySnapshot decode(DataInputStream in, String where) throws IOException {
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new CorruptStateException(
          where
              + " does not start with "
              + new String(MAGIC, StandardCharsets.US_ASCII)
              + ": not a snapshot file",
          null);
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new CorruptStateException(
          where + " has version " + version + "; this UMT reads version " + VERSION, null);
    }
    String fingerprint = string(in);
    String token = string(in);
    Instant lastFull = Instant.ofEpochSecond(in.readLong(), in.readInt());
    DirectorySnapshot s = new DirectorySnapshot(fingerprint, token, lastFull, in.readInt());
    int tableSize = count(in, "table");
    Map<String, Integer> index = new HashMap<>(tableSize * 2);
    for (int i = 0; i < tableSize; i++) {
      String v = string(in);
      s.table.add(v);
      index.put(v, i);
    }
    s.index.putAll(index);
    int n = count(in, "users");
    for (int k = 0; k < n; k++) {
      String id = id(in);
      String rdn = string(in);
      int parent = ref(in, tableSize);
      int[] containers = ints(in, tableSize);
      int[] groups = ints(in, tableSize);
      int[] resolved = ints(in, tableSize);
      int rule = ref(in, tableSize);
      s.users.put(
          id,
          new DirectorySnapshot.Packed(
              rdn, parent, containers, groups, resolved, rule, in.readLong(), in.readBoolean()));
    }
    if (in.read() != -1) {
      throw new CorruptStateException(where + " has bytes after its last user", null);
    }
    return s;
  }

  /**
   * A user id: 16 bytes when it is a UUID in its usual lower-case form (objectGUID, entryUUID),
   * else a string.
   */
  private static void id(DataOutputStream out, String id) throws IOException {
    java.util.UUID uuid = null;
    if (id.length() == 36) {
      try {
        uuid = java.util.UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        uuid = null;
      }
    }
    if (uuid != null && uuid.toString().equals(id)) {
      out.writeByte(1);
      out.writeLong(uuid.getMostSignificantBits());
      out.writeLong(uuid.getLeastSignificantBits());
    } else {
      out.writeByte(0);
      string(out, id);
    }
  }

  private static String id(DataInputStream in) throws IOException {
    int kind = in.readUnsignedByte();
    if (kind == 1) {
      return new java.util.UUID(in.readLong(), in.readLong()).toString();
    }
    if (kind != 0) {
      throw new Invalid("a user id of kind " + kind);
    }
    return string(in);
  }

  private static void string(DataOutputStream out, String v) throws IOException {
    byte[] b = v.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String string(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 24) {
      throw new Invalid("a string of " + n + " bytes");
    }
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException();
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void ints(DataOutputStream out, int[] a, int[] remap) throws IOException {
    if (a.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "a user in "
              + a.length
              + " containers or groups; a snapshot holds at most 65535 per user");
    }
    out.writeShort(a.length);
    for (int i : a) {
      out.writeInt(remap[i]);
    }
  }

  private static int[] ints(DataInputStream in, int tableSize) throws IOException {
    int n = in.readUnsignedShort();
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readInt();
      if (a[i] < 0 || a[i] >= tableSize) {
        throw new Invalid("index " + a[i] + " outside the table of " + tableSize);
      }
    }
    return a;
  }

  private static int ref(DataInputStream in, int tableSize) throws IOException {
    int i = in.readInt();
    if (i < -1 || i >= tableSize) {
      throw new Invalid("index " + i + " outside the table of " + tableSize);
    }
    return i;
  }

  private static int count(DataInputStream in, String what) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new Invalid("a negative " + what + " count " + n);
    }
    return n;
  }
}
