package dev.umt.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer for UMT's own files (the JSON state store, rule sets,
 * options, schedules, runs), so umt-api needs no JSON library. Objects read as {@code
 * LinkedHashMap}, arrays as {@code ArrayList}, numbers as {@code Long} when they are integers that
 * fit, else as {@code Double}. Not part of the API.
 *
 * <p>The reader accepts exactly RFC 8259 JSON text holding one value, and rejects, naming line and
 * column:
 *
 * <ul>
 *   <li>numbers outside the grammar ({@code 01}, {@code 0.}, {@code .5}, {@code +1}, {@code 1e}),
 *       and numbers too large for a {@code double} ({@code 1e400}): they would be written back as
 *       {@code Infinity}, which is not JSON;
 *   <li>unescaped control characters (U+0000 to U+001F) in strings, and escapes other than {@code
 *       \" \\ \/ \b \f \n \r \t \}{@code uXXXX};
 *   <li>unpaired UTF-16 surrogates in strings, escaped or not: RFC 8259 (section 8.2) leaves their
 *       meaning open, and UTF-8 cannot hold them, so such a string would be written back changed;
 *   <li>a field name that appears twice in one object (RFC 8259 says names "SHOULD be unique"; for
 *       UMT's files a second value is a mistake to report, not one to pick silently);
 *   <li>{@code true}, {@code false} and {@code null} in any case but lowercase;
 *   <li>whitespace other than space, tab, line feed and carriage return, comments, trailing commas,
 *       text after the value, and nesting deeper than {@value #MAX_DEPTH} arrays and objects.
 * </ul>
 *
 * <p>The writer writes compact JSON and throws {@link IllegalArgumentException} rather than write
 * what the reader would reject: a NaN or infinite number, or a string with an unpaired surrogate.
 * Thread-safe: it keeps no state between calls.
 */
public final class Json {
  /** The deepest nesting of arrays and objects the reader accepts (Moshi's limit too). */
  static final int MAX_DEPTH = 255;

  private final String text;
  private final Map<Object, Integer> objectLines;
  private int pos;
  private int line = 1;
  private int depth;

  private Json(String text, Map<Object, Integer> objectLines) {
    this.text = text;
    this.objectLines = objectLines;
  }

  /** Thrown for malformed JSON; the message says what is wrong, then the line and column. */
  public static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message);
    }
  }

  /** Parses one JSON value that fills {@code text}. */
  public static Object parse(String text) throws ParseException {
    return parse(text, null);
  }

  /**
   * Parses one JSON value that fills {@code text}, and puts into {@code objectLines} (an {@code
   * IdentityHashMap}, or null) the line on which each object read starts, so a caller can name the
   * line of a bad value it finds.
   */
  public static Object parse(String text, Map<Object, Integer> objectLines) throws ParseException {
    Json p = new Json(text, objectLines);
    p.skipSpace();
    Object v = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  /**
   * Writes {@code value} (maps, lists, strings, numbers, booleans, null) as compact JSON.
   *
   * @throws IllegalArgumentException for a NaN or infinite number, or a string holding an unpaired
   *     surrogate
   */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    try {
      write(b, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringBuilder throws none
    }
    return b.toString();
  }

  /**
   * Writes {@code value} as {@link #write(Object)} does, straight to {@code out} (a buffered writer
   * over a file, so a large document is never held as one string).
   *
   * @throws IOException when {@code out} fails
   * @throws IllegalArgumentException for a NaN or infinite number, or a string holding an unpaired
   *     surrogate; what was appended before stays appended
   */
  public static void write(Appendable b, Object v) throws IOException {
    if (v == null) {
      b.append("null");
    } else if (v instanceof String s) {
      quote(b, s);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
      b.append(v.toString());
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON has no " + d + " (the number " + n + ")");
      }
      b.append(Double.toString(d));
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.append(sep);
        quote(b, String.valueOf(e.getKey()));
        b.append(':');
        write(b, e.getValue());
        sep = ",";
      }
      b.append('}');
    } else if (v instanceof Iterable<?> list) {
      b.append('[');
      String sep = "";
      for (Object o : list) {
        b.append(sep);
        write(b, o);
        sep = ",";
      }
      b.append(']');
    } else {
      quote(b, v.toString());
    }
  }

  private static void quote(Appendable b, String s) throws IOException {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1))) {
              b.append(c).append(s.charAt(++i));
            } else {
              throw new IllegalArgumentException(
                  "a string to write as JSON holds an unpaired surrogate "
                      + hex(c)
                      + " at index "
                      + i);
            }
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  private Object value() throws ParseException {
    if (pos >= text.length()) {
      throw error("unexpected end of text");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object();
      case '[':
        return array();
      case '"':
        return string();
      case 't', 'T':
        return literal("true", Boolean.TRUE);
      case 'f', 'F':
        return literal("false", Boolean.FALSE);
      case 'n', 'N':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character " + describe(c));
    }
  }

  private void enter() throws ParseException {
    if (++depth > MAX_DEPTH) {
      throw error("arrays and objects nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private Map<String, Object> object() throws ParseException {
    enter();
    Map<String, Object> m = new LinkedHashMap<>();
    if (objectLines != null) {
      objectLines.put(m, line);
    }
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      depth--;
      return m;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a field name in quotes");
      }
      int keyAt = pos;
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (m.containsKey(key)) {
        pos = keyAt;
        throw error("field \"" + key + "\" appears twice");
      }
      m.put(key, value());
      skipSpace();
      char c = next();
      if (c == '}') {
        depth--;
        return m;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array() throws ParseException {
    enter();
    List<Object> l = new ArrayList<>();
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      depth--;
      return l;
    }
    while (true) {
      skipSpace();
      l.add(value());
      skipSpace();
      char c = next();
      if (c == ']') {
        depth--;
        return l;
      }
      if (c != ',') {
        pos--;
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() throws ParseException {
    pos++;
    StringBuilder b = new StringBuilder();
    int highAt = -1; // where a high surrogate waiting for its low half was read, or -1
    while (true) {
      if (pos >= text.length()) {
        throw error("unexpected end of text in a string");
      }
      int at = pos;
      char c = text.charAt(pos++);
      if (c == '"') {
        if (highAt >= 0) {
          throw unpaired(highAt, b.charAt(b.length() - 1));
        }
        return b.toString();
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          throw error("unexpected end of text in a string");
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '"', '\\', '/' -> c = e;
          case 'b' -> c = '\b';
          case 'f' -> c = '\f';
          case 'n' -> c = '\n';
          case 'r' -> c = '\r';
          case 't' -> c = '\t';
          case 'u' -> c = hexEscape(at);
          default -> {
            pos = at;
            throw error(
                "invalid escape \\"
                    + e
                    + " (JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
          }
        }
      } else if (c < 0x20) {
        pos = at;
        throw error(
            "control character "
                + hex(c)
                + " in a string (write it as \\u"
                + hex(c).substring(2)
                + ")");
      }
      if (highAt >= 0) {
        if (!Character.isLowSurrogate(c)) {
          throw unpaired(highAt, b.charAt(b.length() - 1));
        }
        highAt = -1;
      } else if (Character.isHighSurrogate(c)) {
        highAt = at;
      } else if (Character.isLowSurrogate(c)) {
        throw unpaired(at, c);
      }
      b.append(c);
    }
  }

  private char hexEscape(int at) throws ParseException {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
      if (d < 0 || text.charAt(pos) > 'f') { // Character.digit also takes non-ASCII digits
        pos = at;
        throw error("invalid escape: \\u needs four hex digits");
      }
      v = v * 16 + d;
      pos++;
    }
    return (char) v;
  }

  private ParseException unpaired(int at, char c) {
    pos = at;
    return error("unpaired surrogate " + hex(c) + " in a string (UTF-16 surrogates come in pairs)");
  }

  private Object number() throws ParseException {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    if (pos < text.length() && text.charAt(pos) == '0') {
      pos++;
      if (digitAt(pos)) {
        pos = start;
        throw error(
            "a number may not start with 0 unless it is 0 (found " + numberText(start) + ")");
      }
    } else if (!digits()) {
      throw error("expected a digit in a number");
    }
    boolean integral = true;
    if (pos < text.length() && text.charAt(pos) == '.') {
      integral = false;
      pos++;
      if (!digits()) {
        throw error("expected a digit after the decimal point");
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      integral = false;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (!digits()) {
        throw error("expected a digit in the exponent");
      }
    }
    String n = text.substring(start, pos);
    if (integral) {
      try {
        return Long.parseLong(n);
      } catch (NumberFormatException e) {
        // beyond a long: read it as a double below, as Moshi and JavaScript do
      }
    }
    double d = Double.parseDouble(n);
    if (Double.isInfinite(d)) {
      pos = start;
      throw error("number " + n + " is too large (the largest is about 1.8e308)");
    }
    return d;
  }

  private boolean digitAt(int i) {
    return i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9';
  }

  private boolean digits() {
    int from = pos;
    while (digitAt(pos)) {
      pos++;
    }
    return pos > from;
  }

  private String numberText(int start) {
    int end = start;
    while (end < text.length() && "+-0123456789.eE".indexOf(text.charAt(end)) >= 0) {
      end++;
    }
    return text.substring(start, end);
  }

  private Object literal(String word, Object v) throws ParseException {
    if (!text.startsWith(word, pos)) {
      if (text.regionMatches(true, pos, word, 0, word.length())) {
        throw error(
            text.substring(pos, pos + word.length()) + " must be written in lowercase: " + word);
      }
      throw error("unexpected word (expected true, false or null)");
    }
    pos += word.length();
    return v;
  }

  private void expect(char c) throws ParseException {
    if (next() != c) {
      pos--;
      throw error("expected '" + c + "'");
    }
  }

  private char peek() throws ParseException {
    if (pos >= text.length()) {
      throw error("unexpected end of text");
    }
    return text.charAt(pos);
  }

  private char next() throws ParseException {
    char c = peek();
    pos++;
    return c;
  }

  /** Skips JSON whitespace: space, tab, line feed, carriage return (and nothing else). */
  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private static String describe(char c) {
    return c < 0x20 || c >= 0x7f ? hex(c) : "'" + c + "'";
  }

  private static String hex(char c) {
    return String.format("U+%04X", (int) c);
  }

  private ParseException error(String what) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < Math.min(pos, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new ParseException(what + " at line " + line + " column " + col);
  }
}
