package dev.umt.rules;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a JSON value, as Moshi's {@code Object} adapter reads it (maps, lists, strings, doubles,
 * booleans, null), against the shape of a JSON record: unknown fields, missing required fields,
 * wrong types and bad enum names, every one reported with its path (such as {@code
 * rules[2].source.kind}), so that Moshi's record adapter then only meets valid input.
 *
 * <p>Supported component types: {@code String}, {@code Integer}, {@code Double}, {@code Boolean},
 * enums, {@code List<T>}, {@code Map<String, T>}, {@code Object} (anything) and nested records.
 */
final class JsonShape {
  private JsonShape() {}

  /**
   * Adds to {@code problems} one line per way {@code value} does not fit {@code type}; {@code path}
   * is empty at the top.
   */
  public static void check(Object value, Type type, String path, List<String> problems) {
    if (value == null || type == Object.class) {
      return;
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type item = p.getActualTypeArguments()[raw == Map.class ? 1 : 0];
      if (List.class.isAssignableFrom(raw)) {
        if (!(value instanceof List<?> list)) {
          problems.add(at(path) + "must be a list, not " + describe(value));
          return;
        }
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) == null && item != Object.class) {
            problems.add(path + "[" + i + "]: must not be null");
          } else {
            check(list.get(i), item, path + "[" + i + "]", problems);
          }
        }
        return;
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (!(value instanceof Map<?, ?> map)) {
          problems.add(at(path) + "must be an object, not " + describe(value));
          return;
        }
        map.forEach(
            (k, v) -> {
              if (v == null) {
                problems.add(child(path, String.valueOf(k)) + ": must not be null");
              } else {
                check(v, item, child(path, String.valueOf(k)), problems);
              }
            });
        return;
      }
      throw new IllegalStateException("unsupported JSON type " + type);
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      if (!(value instanceof String)) {
        problems.add(at(path) + "must be a string, not " + describe(value));
      }
    } else if (c == Boolean.class) {
      if (!(value instanceof Boolean)) {
        problems.add(at(path) + "must be true or false, not " + describe(value));
      }
    } else if (c == Integer.class) {
      if (!(value instanceof Number n)
          || n.doubleValue() != Math.rint(n.doubleValue())
          || n.doubleValue() < Integer.MIN_VALUE
          || n.doubleValue() > Integer.MAX_VALUE) {
        problems.add(at(path) + "must be a whole number, not " + describe(value));
      }
    } else if (c == Double.class) {
      if (!(value instanceof Number)) {
        problems.add(at(path) + "must be a number, not " + describe(value));
      }
    } else if (c.isEnum()) {
      List<String> names =
          Arrays.stream(c.getEnumConstants())
              .map(e -> ((Enum<?>) e).name())
              .collect(Collectors.toList());
      if (!(value instanceof String s) || !names.contains(s)) {
        problems.add(
            at(path) + "must be one of " + String.join(", ", names) + ", not " + describe(value));
      }
    } else if (c.isRecord()) {
      if (!(value instanceof Map<?, ?> map)) {
        problems.add(at(path) + "must be an object, not " + describe(value));
        return;
      }
      RecordComponent[] components = c.getRecordComponents();
      List<String> known =
          Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toList());
      for (Object key : map.keySet()) {
        if (!known.contains(String.valueOf(key))) {
          problems.add(
              child(path, String.valueOf(key))
                  + ": unknown field; known fields: "
                  + String.join(", ", known));
        }
      }
      for (RecordComponent rc : components) {
        Object v = map.get(rc.getName());
        if (v == null) {
          if (rc.isAnnotationPresent(Required.class)) {
            problems.add(child(path, rc.getName()) + ": is required");
          }
        } else {
          check(v, rc.getGenericType(), child(path, rc.getName()), problems);
        }
      }
    } else {
      throw new IllegalStateException("unsupported JSON type " + type);
    }
  }

  /**
   * Checks a string value against a length limit and for control characters (Unicode category Cc:
   * U+0000 to U+001F, U+007F to U+009F, which covers tabs, line breaks and terminal escapes); adds
   * one problem naming {@code path} and returns false when it fails, so a caller skips the checks
   * that would quote the value.
   */
  public static boolean text(String value, String path, int limit, List<String> problems) {
    if (value.length() > limit) {
      problems.add(path + ": is " + value.length() + " characters long; the limit is " + limit);
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.getType(value.charAt(i)) == Character.CONTROL) {
        problems.add(
            path
                + ": must not contain control characters, found "
                + String.format("U+%04X", (int) value.charAt(i))
                + " at character "
                + (i + 1));
        return false;
      }
    }
    return true;
  }

  /** {@code path.name}, or {@code name} at the top. */
  public static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String at(String path) {
    return path.isEmpty() ? "the document: " : path + ": ";
  }

  /**
   * A JSON value for a message: strings quoted, numbers without a needless {@code .0}, objects and
   * lists by kind.
   */
  public static String describe(Object value) {
    if (value instanceof String s) {
      return '"' + s + '"';
    }
    if (value instanceof Double d
        && d == Math.rint(d)
        && !Double.isInfinite(d)
        && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "a list";
    }
    return String.valueOf(value);
  }
}
