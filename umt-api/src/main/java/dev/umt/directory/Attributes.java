package dev.umt.directory;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Further attributes of a directory entry. Names are compared case-insensitively, as LDAP does;
 * values keep their order. Immutable and thread-safe.
 *
 * <pre>{@code
 * Attributes a = Attributes.of("employeeNumber", "4711");
 * a.first("EMPLOYEENUMBER"); // Optional[4711]
 * }</pre>
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

  /**
   * A view over attributes another object holds, such as an LDAP entry read from the server:
   * nothing is copied, an attribute's values are made when asked for (on each ask; callers that
   * need a value often keep it), and the names only when they are needed ({@link #names}, {@link
   * #isEmpty}, equality, hashing, {@link #toString}). For a directory source that would otherwise
   * copy every attribute of every user it reads.
   *
   * <pre>{@code
   * Attributes a = Attributes.view(() -> namesOf(entry), name -> {
   *     Attribute x = entry.getAttribute(name); // any case
   *     return x == null ? null : List.of(x.getValues()); });
   * }</pre>
   *
   * @param names the attribute names, none blank; two that differ only in case are one attribute
   * @param values the values of an attribute by any of the names, in any case; null for any other
   *     name. Both must answer the same each time, not throw, and be safe to call from any thread,
   *     for as long as the view is used
   * @throws IllegalArgumentException from the first use of the names, when one is blank
   */
  public static Attributes view(
      Supplier<? extends Collection<String>> names,
      Function<String, ? extends List<String>> values) {
    return new Attributes(new View(names, values));
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

  /**
   * The map behind {@link #view}: names sorted ignoring case on first need, values looked up on
   * each get. Read-only.
   */
  private static final class View extends AbstractMap<String, List<String>> {
    private final Supplier<? extends Collection<String>> names;
    private final Function<String, ? extends List<String>> values;
    private volatile Set<String> sorted;

    View(
        Supplier<? extends Collection<String>> names,
        Function<String, ? extends List<String>> values) {
      this.names = names;
      this.values = values;
    }

    @Override
    public List<String> get(Object name) {
      if (!(name instanceof String s)) {
        return null;
      }
      List<String> v = values.apply(s);
      return v == null ? null : List.copyOf(v);
    }

    @Override
    public boolean containsKey(Object name) {
      return get(name) != null;
    }

    @Override
    public boolean isEmpty() {
      return keySet().isEmpty();
    }

    @Override
    public Set<String> keySet() {
      Set<String> s = sorted;
      if (s == null) {
        TreeSet<String> t = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : names.get()) {
          if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("attribute name is blank");
          }
          t.add(name);
        }
        s = Collections.unmodifiableSortedSet(t);
        sorted = s;
      }
      return s;
    }

    @Override
    public Set<Map.Entry<String, List<String>>> entrySet() {
      Set<String> keys = keySet();
      return new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, List<String>>> iterator() {
          Iterator<String> i = keys.iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return i.hasNext();
            }

            @Override
            public Map.Entry<String, List<String>> next() {
              String name = i.next();
              List<String> v = get(name);
              return new AbstractMap.SimpleImmutableEntry<>(name, v == null ? List.of() : v);
            }
          };
        }

        @Override
        public int size() {
          return keys.size();
        }
      };
    }
  }
}
