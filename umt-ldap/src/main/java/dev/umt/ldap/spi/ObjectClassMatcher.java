package dev.umt.ldap.spi;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A dialect's filter matched against an entry as {@link Filter#matchesEntry(Entry)} would, but
 * quicker for the filters dialects use: an AND, OR or NOT of equalities on {@code objectClass} is
 * matched against the bytes of the entry's object classes ignoring ASCII case ({@link #classesOf}),
 * not by decoding and normalising every value with UnboundID's case-ignore rule for every
 * component. Any other filter, or an entry with an object class that lower-casing alone cannot
 * compare (not plain ASCII, or with a space), is matched by {@link Filter#matchesEntry(Entry)}.
 * Immutable and thread-safe.
 */
final class ObjectClassMatcher {
  private final Filter filter;

  /** The compiled filter, or null when it is not an objectClass-only filter. */
  private final Predicate<byte[][]> compiled;

  ObjectClassMatcher(Filter filter) {
    this.filter = filter;
    this.compiled = compile(filter);
  }

  /**
   * The object classes of {@code e} as the server sent them (UTF-8), for {@link #matches}; null
   * when one of them is not plain ASCII without inner spaces (then only the full match is exact).
   * Decodes and copies nothing.
   */
  static byte[][] classesOf(Entry e) {
    Attribute a = e.getObjectClassAttribute();
    if (a == null) {
      return new byte[0][];
    }
    ASN1OctetString[] raw = a.getRawValues();
    byte[][] out = new byte[raw.length][];
    for (int i = 0; i < raw.length; i++) {
      byte[] v = raw[i].getValue();
      if (!isPlain(v)) {
        return null;
      }
      out[i] = v;
    }
    return out;
  }

  /**
   * Whether {@code e} matches the filter. {@code classes} must be {@link #classesOf}{@code (e)}
   * (null sends the entry to the full match).
   */
  boolean matches(Entry e, byte[][] classes) {
    if (compiled != null && classes != null) {
      return compiled.test(classes);
    }
    try {
      return filter.matchesEntry(e);
    } catch (LDAPException ex) {
      return false;
    }
  }

  /**
   * Whether {@code v}, without leading and trailing spaces, is non-empty plain ASCII with no space:
   * then UnboundID's case-ignore normalising is trimming and lower-casing, which {@link #sameClass}
   * does without a copy.
   */
  private static boolean isPlain(byte[] v) {
    int start = start(v);
    int end = end(v, start);
    if (start == end) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (v[i] <= ' ' || v[i] > '~') {
        return false;
      }
    }
    return true;
  }

  private static int start(byte[] v) {
    int start = 0;
    while (start < v.length && v[start] == ' ') {
      start++;
    }
    return start;
  }

  private static int end(byte[] v, int start) {
    int end = v.length;
    while (end > start && v[end - 1] == ' ') {
      end--;
    }
    return end;
  }

  /**
   * Whether plain {@code v}, trimmed, is {@code wanted} (plain, trimmed, lower case) ignoring ASCII
   * case.
   */
  private static boolean sameClass(byte[] v, String wanted) {
    int start = start(v);
    int end = end(v, start);
    if (end - start != wanted.length()) {
      return false;
    }
    for (int i = 0; i < wanted.length(); i++) {
      int c = v[start + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != wanted.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static Predicate<byte[][]> compile(Filter f) {
    switch (f.getFilterType()) {
      case Filter.FILTER_TYPE_EQUALITY -> {
        byte[] value = f.getAssertionValueBytes();
        if (!f.getAttributeName().equalsIgnoreCase("objectClass") || !isPlain(value)) {
          return null;
        }
        String wanted = f.getAssertionValue().trim().toLowerCase(Locale.ROOT);
        return classes -> {
          for (byte[] c : classes) {
            if (sameClass(c, wanted)) {
              return true;
            }
          }
          return false;
        };
      }
      case Filter.FILTER_TYPE_NOT -> {
        Predicate<byte[][]> inner = compile(f.getNOTComponent());
        return inner == null ? null : inner.negate();
      }
      case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR -> {
        List<Predicate<byte[][]>> parts = new ArrayList<>();
        for (Filter component : f.getComponents()) {
          Predicate<byte[][]> p = compile(component);
          if (p == null) {
            return null;
          }
          parts.add(p);
        }
        boolean and = f.getFilterType() == Filter.FILTER_TYPE_AND;
        return classes -> {
          for (Predicate<byte[][]> p : parts) {
            if (p.test(classes) != and) {
              return !and;
            }
          }
          return and;
        };
      }
      default -> {
        return null;
      }
    }
  }
}
