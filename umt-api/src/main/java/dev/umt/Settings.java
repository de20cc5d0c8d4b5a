package dev.umt;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * String settings handed to a provider, with names compared case-insensitively and typed readers
 * whose errors name the setting and its source. Values whose name contains {@code password}, {@code
 * secret} or {@code token} are read as {@link Secret}s and never printed.
 *
 * <pre>{@code
 * Settings s = Settings.of("ldap.properties", Map.of("host", "dc1.example.com", "port", "636"));
 * int port = s.getInt("port", 389);
 * }</pre>
 */
public final class Settings {
  private final String origin;
  private final Map<String, String> values;

  private Settings(String origin, Map<String, String> values) {
    this.origin = origin;
    this.values = values;
  }

  /** Settings from {@code values}; {@code origin} (a file name, say) is named in every error. */
  public static Settings of(String origin, Map<String, String> values) {
    Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    values.forEach(
        (k, v) -> {
          if (k == null || v == null) {
            throw new ConfigurationException(origin + ": a setting has a null name or value");
          }
          copy.put(k.trim(), v.trim());
        });
    return new Settings(origin, Collections.unmodifiableMap(copy));
  }

  /** Where these settings came from, as given to {@link #of}. */
  public String origin() {
    return origin;
  }

  /** The value of {@code name}, if set and not blank. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty());
  }

  /**
   * The value of {@code name}, or a {@link ConfigurationException} naming it when it is missing.
   */
  public String require(String name) {
    return get(name)
        .orElseThrow(
            () -> new ConfigurationException(origin + ": setting '" + name + "' is required"));
  }

  /** The secret {@code name}, if set. */
  public Optional<Secret> secret(String name) {
    return get(name).map(Secret::of);
  }

  /** The integer {@code name}, or {@code fallback} when unset. */
  public int getInt(String name, int fallback) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          origin + ": setting '" + name + "' must be a whole number, not '" + v.get() + "'");
    }
  }

  /** The boolean {@code name} ({@code true} or {@code false}), or {@code fallback} when unset. */
  public boolean getBoolean(String name, boolean fallback) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return fallback;
    }
    return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new ConfigurationException(
              origin + ": setting '" + name + "' must be true or false, not '" + v.get() + "'");
    };
  }

  /** The ISO-8601 duration {@code name} (such as {@code PT30S}), or {@code fallback} when unset. */
  public Duration getDuration(String name, Duration fallback) {
    Optional<String> v = get(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Duration.parse(v.get());
    } catch (DateTimeParseException e) {
      throw new ConfigurationException(
          origin
              + ": setting '"
              + name
              + "' must be an ISO-8601 duration such as PT30S, not '"
              + v.get()
              + "'");
    }
  }

  /** The names that are set. */
  public java.util.Set<String> names() {
    return values.keySet();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Settings[").append(origin).append(": ");
    String sep = "";
    for (Map.Entry<String, String> e : values.entrySet()) {
      String k = e.getKey().toLowerCase(java.util.Locale.ROOT);
      boolean secret = k.contains("password") || k.contains("secret") || k.contains("token");
      b.append(sep).append(e.getKey()).append('=').append(secret ? "***" : e.getValue());
      sep = ", ";
    }
    return b.append(']').toString();
  }
}
