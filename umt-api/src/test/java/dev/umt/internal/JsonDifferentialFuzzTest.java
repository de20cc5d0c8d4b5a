package dev.umt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of {@link Json} against Moshi's strict {@link JsonReader}: tens of thousands
 * of inputs, generated and mutated from a fixed seed (so every run sees the same ones), must be
 * accepted or rejected by both, and read as the same value when accepted.
 *
 * <p>Deliberate differences, where Moshi accepts and {@link Json} rejects (RFC 8259 sides with
 * {@link Json} in each):
 *
 * <ul>
 *   <li>{@code control}: an unescaped control character (U+0000 to U+001F) in a string; RFC 8259
 *       section 7 says they "MUST be escaped", Moshi does not check;
 *   <li>{@code escape}: the escapes {@code \'} and backslash-newline, which Moshi takes even when
 *       strict and RFC 8259 does not list;
 *   <li>{@code surrogate}: an escaped unpaired UTF-16 surrogate in a string ({@code "\ud800"});
 *       UTF-8 cannot hold it, so a state file would be written back changed;
 *   <li>{@code literal}: {@code true}, {@code false} and {@code null} in other cases ({@code TRUE},
 *       {@code falsE}); RFC 8259 section 3 says they "MUST be lowercase", Moshi ignores case;
 *   <li>{@code duplicate}: a field name repeated in one object whose first value was {@code null};
 *       Moshi's {@code readJsonValue} notices a repeat only when it replaces a non-null value, UMT
 *       rejects every repeat (and so does Moshi for the others).
 * </ul>
 *
 * Any other disagreement fails the test with the input.
 */
class JsonDifferentialFuzzTest {
  private static final long SEED = 20261201L;
  private static final int INPUTS = 100_000;

  private static final List<String> CORNERS =
      List.of(
          "01",
          "0.",
          "1e400",
          "-1e400",
          "1E+400",
          "1e-400",
          ".5",
          "+1",
          "-",
          "-0",
          "0",
          "-01",
          "1.e5",
          "1e",
          "1e+",
          "0e0",
          "1.5E-3",
          "123456789012345678901234567890",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "1.7976931348623157e308",
          "1.8e308",
          "\"\\u00e9\"",
          "\"\\u00G0\"",
          "\"\\u+123\"",
          "\"\\ud83d\\ude00\"",
          "\"\\ud83d\"",
          "\"\\ude00\"",
          "\"\\ud83dx\"",
          "\"\\'\"",
          "\"a\\\nb\"",
          "\"\\x\"",
          "\"\u0001\"",
          "\"\t\"",
          "\"\u007f\"",
          "[1,]",
          "{\"a\":1,}",
          "{\"a\":1,\"a\":2}",
          "[] []",
          " \u000b1",
          "\u00a01",
          "\ufeff{}",
          "[1 2]",
          "{\"a\" 1}",
          "{a:1}",
          "tru",
          "truex",
          "nul",
          "[true,false,null]",
          "//c\n1",
          "#c\n1",
          "'a'",
          "\"abc",
          "",
          " ",
          "[",
          "{",
          "]",
          "}",
          "\"\\",
          "\"\\u12",
          "NaN",
          "Infinity",
          "-Infinity",
          "[\n\r\t ]",
          "{\"\":\"\"}");

  private static final String[] TOKENS = {
    "{", "}", "[", "]", ",", ":", "\"", "\\", "0", "1", "9", "-", "+", ".", "e", "E", "t", "f", "n",
    "u", "l", "00", "01", "0.", ".5", "+1", "1e", "1e400", "-1e999", "\u0001", "\u001f", " ", "\t",
    "\n", "\r", "\u000b", "\u00a0", "\ufeff", "/", "#", "\\u", "\\x", "\\'", "\\\n", "\\ud800",
    "\\udc00", "true", "false", "null", "nul", "tru", "\"k\":", "é", "😀", "\u0000", "TRUE", "E",
    "L"
  };

  private static final String[] STRING_PARTS = {
    "a",
    "b",
    "Zoë",
    "Łukasiewicz",
    "😀",
    " ",
    "\\\"",
    "\\\\",
    "\\/",
    "\\b",
    "\\f",
    "\\n",
    "\\r",
    "\\t",
    "\\u00e9",
    "\\u00E9",
    "\\u0000",
    "\\ud83d\\ude00",
    "\\uD83D\\uDE00",
    "x y",
    "/",
    "'"
  };

  private static final String[] RARE_STRING_PARTS = {
    "\\ud800", "\\udfff", "\u0001", "\u001f", "\\'", "\\\n", "\\q", "\\u12g4", "\u007f"
  };

  record Outcome(boolean accepted, Object value, String error) {}

  @Test
  void umtAndMoshiAcceptTheSameInputsAndReadTheSameValues() {
    Random random = new Random(SEED);
    Map<String, Integer> counts = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      String input =
          i < CORNERS.size()
              ? CORNERS.get(i)
              : random.nextInt(10) < 3 ? document(random) : mutate(document(random), random);
      Outcome umt = umt(input);
      Outcome moshi = moshi(input);
      String verdict;
      if (umt.accepted() && moshi.accepted()) {
        verdict = "accepted by both";
        if (!same(umt.value(), moshi.value())) {
          failures.add(
              "values differ for "
                  + show(input)
                  + ": UMT "
                  + umt.value()
                  + ", Moshi "
                  + moshi.value());
        } else {
          String written = Json.write(umt.value());
          Outcome again = umt(written);
          Outcome moshiAgain = moshi(written);
          if (!again.accepted()
              || !java.util.Objects.equals(again.value(), umt.value())
              || !moshiAgain.accepted()
              || !same(umt.value(), moshiAgain.value())) {
            failures.add(
                "written form "
                    + show(written)
                    + " of "
                    + show(input)
                    + " does not read back the same: "
                    + again
                    + " / "
                    + moshiAgain);
          }
        }
      } else if (!umt.accepted() && !moshi.accepted()) {
        verdict = "rejected by both";
      } else if (moshi.accepted() && deliberate(umt.error()) != null) {
        verdict = "deliberate: " + deliberate(umt.error());
      } else {
        verdict = "disagreement";
        failures.add(
            show(input)
                + ": UMT "
                + (umt.accepted() ? "accepts " + umt.value() : "rejects: " + umt.error())
                + "; Moshi "
                + (moshi.accepted() ? "accepts " + moshi.value() : "rejects: " + moshi.error()));
      }
      counts.merge(verdict, 1, Integer::sum);
    }
    failures.forEach(f -> System.out.println("DISAGREE " + f));
    System.out.println(
        "JsonDifferentialFuzzTest: " + INPUTS + " inputs, seed " + SEED + ": " + counts);

    assertThat(failures.subList(0, Math.min(20, failures.size())))
        .as("disagreements (the first 20 of %d)", failures.size())
        .isEmpty();
    // The run is worth something only when it exercised every side: plenty accepted and rejected by
    // both, and each deliberate difference seen (so its classification is tested too).
    assertThat(counts.getOrDefault("accepted by both", 0)).isGreaterThan(INPUTS / 5);
    assertThat(counts.getOrDefault("rejected by both", 0)).isGreaterThan(INPUTS / 5);
    assertThat(counts)
        .containsKeys(
            "deliberate: control",
            "deliberate: escape",
            "deliberate: surrogate",
            "deliberate: literal",
            "deliberate: duplicate");
  }

  @Test
  void theIssuesExamplesAreRejectedWithTheirPosition() {
    assertThat(umt("01").error())
        .isEqualTo("a number may not start with 0 unless it is 0 (found 01) at line 1 column 1");
    assertThat(umt("[0.]").error())
        .isEqualTo("expected a digit after the decimal point at line 1 column 4");
    assertThat(umt("{\n  \"n\": 1e400}").error())
        .isEqualTo("number 1e400 is too large (the largest is about 1.8e308) at line 2 column 8");
    assertThat(moshi("01").accepted()).isFalse();
    assertThat(moshi("0.").accepted()).isFalse();
    assertThat(moshi("1e400").accepted()).isFalse();
  }

  @Test
  void bothAcceptTheSameNestingDepth() {
    String deepest = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
    String tooDeep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
    assertThat(umt(deepest).accepted()).isTrue();
    assertThat(moshi(deepest).accepted()).isTrue();
    assertThat(umt(tooDeep).error())
        .isEqualTo("arrays and objects nested deeper than 255 levels at line 1 column 256");
    assertThat(moshi(tooDeep).accepted()).isFalse();
  }

  /** Which deliberate difference a UMT error message names, or null for none. */
  private static String deliberate(String umtError) {
    if (umtError.startsWith("control character U+00")) {
      return "control";
    }
    if (umtError.startsWith("invalid escape \\' ") || umtError.startsWith("invalid escape \\\n ")) {
      return "escape";
    }
    if (umtError.startsWith("unpaired surrogate ")) {
      return "surrogate";
    }
    if (umtError.contains(" must be written in lowercase: ")) {
      return "literal";
    }
    if (umtError.startsWith("field \"") && umtError.contains("\" appears twice ")) {
      return "duplicate";
    }
    return null;
  }

  private static Outcome umt(String input) {
    try {
      return new Outcome(true, Json.parse(input), null);
    } catch (Json.ParseException e) {
      return new Outcome(false, null, e.getMessage());
    }
  }

  private static Outcome moshi(String input) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(input))) {
      Object value = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        return new Outcome(false, null, "text after the value");
      }
      return new Outcome(true, value, null);
    } catch (IOException | RuntimeException e) {
      return new Outcome(false, null, e.toString());
    }
  }

  /** Equal values, numbers compared as doubles (Moshi reads every number as a Double). */
  private static boolean same(Object umt, Object moshi) {
    if (umt == null || moshi == null) {
      return umt == moshi;
    }
    if (umt instanceof Number u && moshi instanceof Number m) {
      return u.doubleValue() == m.doubleValue() && (umt instanceof Long || umt instanceof Double);
    }
    if (umt instanceof Map<?, ?> u && moshi instanceof Map<?, ?> m) {
      if (u.size() != m.size() || !u.keySet().equals(m.keySet())) {
        return false;
      }
      return u.entrySet().stream().allMatch(e -> same(e.getValue(), m.get(e.getKey())));
    }
    if (umt instanceof List<?> u && moshi instanceof List<?> m) {
      if (u.size() != m.size()) {
        return false;
      }
      Iterator<?> mi = m.iterator();
      return u.stream().allMatch(x -> same(x, mi.next()));
    }
    return umt.equals(moshi);
  }

  /** A JSON document (valid but for a rare odd part) with random whitespace between tokens. */
  private static String document(Random r) {
    StringBuilder b = new StringBuilder();
    space(b, r);
    value(b, r, 0);
    space(b, r);
    return b.toString();
  }

  private static void value(StringBuilder b, Random r, int depth) {
    int kind = r.nextInt(depth > 3 ? 6 : 9);
    switch (kind) {
      case 0 -> b.append("null");
      case 1 -> b.append(r.nextBoolean());
      case 2, 3 -> number(b, r);
      case 4, 5 -> string(b, r);
      case 6, 7 -> {
        b.append('{');
        int n = r.nextInt(4);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          space(b, r);
          String key = r.nextInt(30) == 0 && !keys.isEmpty() ? keys.get(0) : "k" + r.nextInt(100);
          keys.add(key);
          b.append('"').append(key).append('"');
          space(b, r);
          b.append(':');
          space(b, r);
          value(b, r, depth + 1);
          space(b, r);
          if (i < n - 1) {
            b.append(',');
          }
        }
        b.append('}');
      }
      default -> {
        b.append('[');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          space(b, r);
          value(b, r, depth + 1);
          space(b, r);
          if (i < n - 1) {
            b.append(',');
          }
        }
        b.append(']');
      }
    }
  }

  private static void number(StringBuilder b, Random r) {
    switch (r.nextInt(8)) {
      case 0 -> b.append(r.nextInt(10));
      case 1 -> b.append(r.nextLong());
      case 2 ->
          b.append(r.nextBoolean() ? "-" : "")
              .append(r.nextInt(1000))
              .append('.')
              .append(r.nextInt(1000));
      case 3 ->
          b.append(r.nextInt(100))
              .append(r.nextBoolean() ? 'e' : 'E')
              .append(new String[] {"", "+", "-"}[r.nextInt(3)])
              .append(r.nextInt(r.nextBoolean() ? 20 : 420));
      case 4 -> b.append(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
      case 5 -> b.append("-0");
      case 6 -> b.append("1").append("0".repeat(15 + r.nextInt(10)));
      default ->
          b.append(r.nextInt(5))
              .append('.')
              .append(r.nextInt(10))
              .append("e-")
              .append(300 + r.nextInt(30));
    }
  }

  private static void string(StringBuilder b, Random r) {
    b.append('"');
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      b.append(
          r.nextInt(25) == 0
              ? RARE_STRING_PARTS[r.nextInt(RARE_STRING_PARTS.length)]
              : STRING_PARTS[r.nextInt(STRING_PARTS.length)]);
    }
    b.append('"');
  }

  private static void space(StringBuilder b, Random r) {
    if (r.nextInt(3) == 0) {
      b.append(new String[] {" ", "\t", "\n", "\r\n", "  "}[r.nextInt(5)]);
    }
  }

  /** One to three edits: insert a token, delete, replace or duplicate a character, or truncate. */
  private static String mutate(String s, Random r) {
    StringBuilder b = new StringBuilder(s);
    int edits = 1 + r.nextInt(3);
    for (int i = 0; i < edits; i++) {
      int at = r.nextInt(b.length() + 1);
      switch (r.nextInt(5)) {
        case 0, 1 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
        case 2 -> {
          if (at < b.length()) {
            b.deleteCharAt(at);
          }
        }
        case 3 -> {
          if (at < b.length()) {
            b.replace(at, at + 1, TOKENS[r.nextInt(TOKENS.length)]);
          }
        }
        default -> b.setLength(at);
      }
    }
    // An edit can split a raw surrogate pair. No UTF-8 file holds half a pair, and okio would
    // encode it as '?' for Moshi, so both readers get the '?'.
    for (int i = 0; i < b.length(); i++) {
      char c = b.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < b.length()
          && Character.isLowSurrogate(b.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        b.setCharAt(i, '?');
      }
    }
    return b.toString();
  }

  private static String show(String s) {
    StringBuilder b = new StringBuilder("«");
    for (char c : s.toCharArray()) {
      b.append(
          c < 0x20 || Character.isSurrogate(c)
              ? String.format("\\x{%04x}", (int) c)
              : String.valueOf(c));
    }
    return b.append('»').toString();
  }
}
