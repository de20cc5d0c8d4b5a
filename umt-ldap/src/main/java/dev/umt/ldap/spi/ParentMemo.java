package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A value per parent container of the entries read (their container ids, their path from a scope's
 * root), remembered by the parent's text as the server wrote it, so that only the first entry of
 * each container has its DN parsed. The text is what follows the DN's first comma that is not
 * escaped ({@link #parentStart}); it becomes a key only once the whole DN, parsed, has the parent
 * that text parses to, so a DN the split would get wrong is parsed every time instead. The entry
 * just before is checked first, without a copy: servers send the users of one container together.
 * One key per container (and per spelling of its DN). Thread-safe.
 */
final class ParentMemo<T> {
  private final Map<String, T> byText = new ConcurrentHashMap<>();
  private final Function<DN, T> compute;
  private final T fallback;
  private volatile Last<T> last;

  private record Last<T>(String text, T value) {}

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
    if (start > 0) {
      Last<T> l = last;
      if (l != null && dn.length() - start == l.text.length() && dn.startsWith(l.text, start)) {
        return l.value;
      }
      text = dn.substring(start);
      T known = byText.get(text);
      if (known != null) {
        last = new Last<>(text, known);
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
      last = new Last<>(text, value);
    }
    return value;
  }

  /** Forgets every value. */
  void clear() {
    byText.clear();
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
