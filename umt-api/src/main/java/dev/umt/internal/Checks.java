package dev.umt.internal;

import java.util.List;

/** Argument checks shared by the model records. Not part of the API. */
public final class Checks {
  private Checks() {}

  public static String notBlank(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is blank");
    }
    return value;
  }

  public static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  public static List<String> noBlanks(List<String> values, String what) {
    for (String v : values) {
      notBlank(v, what);
    }
    return List.copyOf(values);
  }
}
