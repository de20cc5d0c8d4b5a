package dev.umt.directory;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Further attributes of a directory entry. Names are compared case-insensitively, as LDAP does;
 * values keep their order. Immutable.
 */
public final class Attributes {
  private static final Attributes EMPTY = new Attributes(Collections.emptyNavigableMap());
  private final Map<String, List<String>> values;

  private Attributes(Map<String, List<String>> values) {
    this.values = values;
  }

  /** No attributes. */
  public static Attributes empty() {
    return EMPTY;
  }

  /** The attributes in {@code values}; two names that differ only in case are an error. */
  public static Attributes of(Map<String, ? extends List<String>> values) {
    if (values.isEmpty()) {
      return EMPTY;
    }
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    values.forEach(
        (name, list) -> {
          if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("attribute name is blank");
          }
          if (copy.put(name, List.copyOf(list)) != null) {
            throw new IllegalArgumentException(
                "attribute '" + name + "' is given twice, in different case");
          }
        });
    return new Attributes(Collections.unmodifiableNavigableMap(copy));
  }

  /** Attributes from name, value pairs, each with one value. */
  public static Attributes of(String... nameValuePairs) {
    if (nameValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    Map<String, List<String>> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < nameValuePairs.length; i += 2) {
      m.put(nameValuePairs[i], List.of(nameValuePairs[i + 1]));
    }
    return of(m);
  }

  /** The first value of {@code name}, if any. */
  public Optional<String> first(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** Every value of {@code name}; empty when absent. */
  public List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  /** The attribute names, in case-insensitive order. */
  public Set<String> names() {
    return values.keySet();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Attributes a) || a.values.size() != values.size()) {
      return false;
    }
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      if (!e.getValue().equals(a.values.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      h += e.getKey().toLowerCase(Locale.ROOT).hashCode() ^ e.getValue().hashCode();
    }
    return h;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
