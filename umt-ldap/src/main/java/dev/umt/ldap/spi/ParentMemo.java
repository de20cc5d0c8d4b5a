package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A value per parent container of the entries read (their container ids, their path from a scope's
 * root), remembered by the parent's text as the server wrote it, so that only the first entry of
 * each container has its DN parsed. The text is what follows the DN's first comma that is not
 * escaped ({@link #parentStart}); it becomes a key only once the whole DN, parsed, has the parent
 * that text parses to, so a DN the split would get wrong is parsed every time instead. One key per
 * container (and per spelling of its DN).
 *
 * <p>The common cases are checked without a copy of the text: the parent of the entry just before
 * (servers that send the users of one container together), then a small table of the parents seen,
 * indexed by the hash of the text read in place (servers that send users in the order they were
 * added, from containers taken in turn). Only a parent missing from both is copied to look it up in
 * the map of every key.
 *
 * <p>Thread-safe: the map is concurrent; the entry before and the table hold immutable records, so
 * a thread that sees an older one (or none) only looks further.
 */
final class ParentMemo<T> {
  /** Slots of the table of recent parents; a power of two. */
  static final int SLOTS = 256;

  private final Map<String, T> byText = new ConcurrentHashMap<>();
  private final Function<DN, T> compute;
  private final T fallback;

  @SuppressWarnings("unchecked")
  private final Known<T>[] recent = (Known<T>[]) new Known<?>[SLOTS];

  private Known<T> last;

  /** A parent's text, the hash of that text and its value. */
  private record Known<T>(String text, int hash, T value) {}

  /**
   * @param compute the value for a parsed parent DN; not null
   * @param fallback the value for a DN that does not parse or has no parent
   */
  ParentMemo(Function<DN, T> compute, T fallback) {
    this.compute = compute;
    this.fallback = fallback;
  }

  /** The value for the parent of {@code e}'s DN. */
  T of(Entry e) {
    String dn = e.getDN();
    int start = parentStart(dn);
    String text = null;
    int hash = 0;
    int slot = 0;
    if (start > 0) {
      int length = dn.length() - start;
      Known<T> l = last;
      if (l != null && length == l.text.length() && dn.startsWith(l.text, start)) {
        return l.value;
      }
      hash = hash(dn, start);
      slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
      Known<T> r = recent[slot];
      if (r != null
          && r.hash == hash
          && length == r.text.length()
          && dn.startsWith(r.text, start)) {
        last = r;
        return r.value;
      }
      text = dn.substring(start);
      T known = byText.get(text);
      if (known != null) {
        remember(new Known<>(text, hash, known), slot);
        return known;
      }
    }
    DN parsed = EntryMapper.parsedDn(e);
    DN parent = parsed == null ? null : parsed.getParent();
    if (parent == null) {
      return fallback;
    }
    T value = compute.apply(parent);
    if (text != null && parses(text, parent)) {
      byText.put(text, value);
      remember(new Known<>(text, hash, value), slot);
    }
    return value;
  }

  private void remember(Known<T> known, int slot) {
    recent[slot] = known;
    last = known;
  }

  /** The hash of {@code dn} from {@code start}: {@link String#hashCode()} of that substring. */
  static int hash(String dn, int start) {
    int h = 0;
    for (int i = start; i < dn.length(); i++) {
      h = 31 * h + dn.charAt(i);
    }
    return h;
  }

  /** Forgets every value. */
  void clear() {
    byText.clear();
    Arrays.fill(recent, null);
    last = null;
  }

  /**
   * Where the text of the parent of {@code dn} starts (after its first comma that is not escaped),
   * or -1 when {@code dn} has no parent or its text cannot be split without parsing (a quoted value
   * or a {@code ;} separator, allowed by LDAPv2). In {@code cn=Smith\, John,ou=People} the parent
   * is {@code ou=People}; a hex escape ({@code \2C}) is not a separator either, nor is the {@code
   * +} of a multi-valued RDN.
   */
  static int parentStart(String dn) {
    for (int i = 0; i < dn.length(); i++) {
      char c = dn.charAt(i);
      if (c == '\\') {
        i++; // the escaped character, or the first of two hex digits: never a separator
      } else if (c == ',') {
        return i + 1 < dn.length() ? i + 1 : -1;
      } else if (c == '"' || c == ';') {
        return -1;
      }
    }
    return -1;
  }

  private static boolean parses(String text, DN parent) {
    try {
      return new DN(text).equals(parent);
    } catch (LDAPException e) {
      return false;
    }
  }
}
