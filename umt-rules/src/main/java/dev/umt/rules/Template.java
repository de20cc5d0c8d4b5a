package dev.umt.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A parsed mapping template such as {@code ${givenName}.${sn}@example.com} or {@code
 * ${mail|userPrincipalName:lower}}. Immutable and thread-safe.
 *
 * <p>Syntax: literal text with placeholders {@code ${...}}; {@code $$} is a literal {@code $}. A
 * placeholder holds one or more sources separated by {@code |} (the first that has a non-blank
 * value wins), each an attribute name or a literal in single quotes ({@code 'Staff'}), then zero or
 * more transforms, each after a {@code :} ({@code lower}, {@code upper}, {@code trim}), applied
 * left to right to the chosen value. Spaces around names and transforms are ignored.
 */
final class Template {
  private final String text;
  private final List<Part> parts;

  private Template(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
  }

  /** A transform applied to a placeholder's value. */
  enum Transform {
    LOWER,
    UPPER,
    TRIM;

    String apply(String v) {
      return switch (this) {
        case LOWER -> v.toLowerCase(Locale.ROOT);
        case UPPER -> v.toUpperCase(Locale.ROOT);
        case TRIM -> v.strip();
      };
    }
  }

  private sealed interface Part permits Literal, Placeholder {}

  private record Literal(String text) implements Part {}

  /** One source of a placeholder: an attribute name, or a literal when {@code literal} is true. */
  private record Source(String value, boolean literal) {}

  private record Placeholder(String text, List<Source> sources, List<Transform> transforms)
      implements Part {}

  /**
   * What a template gave for one user: the value, or the first placeholder that had no value.
   *
   * @param value the expanded text, or null when a placeholder had no value
   * @param emptyPlaceholder the placeholder as written, such as {@code ${sn}}, when {@code value}
   *     is null
   */
  public record Expansion(String value, String emptyPlaceholder) {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming what is wrong and at which character (1-based)
   */
  public static Template parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the template is empty");
    }
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        literal.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int end = closingBrace(text, i);
        if (literal.length() > 0) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(placeholder(text, i, end));
        i = end + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return new Template(text, parts);
  }

  private static int closingBrace(String text, int start) {
    boolean quoted = false;
    for (int j = start + 2; j < text.length(); j++) {
      char c = text.charAt(j);
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == '}' && !quoted) {
        return j;
      }
    }
    throw new IllegalArgumentException(
        (quoted ? "unclosed quote in" : "no closing '}' for")
            + " the '${' at character "
            + (start + 1));
  }

  private static Placeholder placeholder(String text, int start, int end) {
    String whole = text.substring(start, end + 1);
    int bodyStart = start + 2;
    List<String> pieces = split(text, bodyStart, end);
    // pieces: "src|src|src", then transforms; split on ':' outside quotes
    String sourcesText = pieces.get(0);
    int sourceOffset = bodyStart;
    if (sourcesText.isBlank()) {
      throw new IllegalArgumentException(
          "no attribute name in " + whole + " at character " + (sourceOffset + 1));
    }
    List<Source> sources = new ArrayList<>();
    int pos = sourceOffset;
    for (String s : splitOutsideQuotes(sourcesText, '|')) {
      String name = s.strip();
      int at = pos + leadingSpaces(s) + 1;
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty fallback in " + whole + " at character " + at);
      }
      if (name.startsWith("'")) {
        if (name.length() < 2 || !name.endsWith("'")) {
          throw new IllegalArgumentException(
              "text after a quoted literal in " + whole + " at character " + at);
        }
        sources.add(new Source(name.substring(1, name.length() - 1), true));
      } else if (!isAttributeName(name)) {
        throw new IllegalArgumentException(
            "\""
                + name
                + "\" in "
                + whole
                + " at character "
                + at
                + " is not an attribute name (a letter, then letters, digits or '-')");
      } else {
        sources.add(new Source(name, false));
      }
      pos += s.length() + 1;
    }
    List<Transform> transforms = new ArrayList<>();
    pos = sourceOffset + sourcesText.length() + 1;
    for (String t : pieces.subList(1, pieces.size())) {
      String name = t.strip();
      if (name.isEmpty()) {
        throw new IllegalArgumentException(
            "empty transform after ':' in " + whole + " at character " + pos);
      }
      Transform transform =
          switch (name) {
            case "lower" -> Transform.LOWER;
            case "upper" -> Transform.UPPER;
            case "trim" -> Transform.TRIM;
            default ->
                throw new IllegalArgumentException(
                    "unknown transform \""
                        + name
                        + "\" in "
                        + whole
                        + " at character "
                        + (pos + leadingSpaces(t) + 1)
                        + "; known: lower, upper, trim");
          };
      transforms.add(transform);
      pos += t.length() + 1;
    }
    return new Placeholder(whole, sources, transforms);
  }

  /** The body between {@code from} and {@code to}, split on ':' outside quotes. */
  private static List<String> split(String text, int from, int to) {
    return splitOutsideQuotes(text.substring(from, to), ':');
  }

  private static List<String> splitOutsideQuotes(String s, char separator) {
    List<String> out = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (c == separator && !quoted) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    out.add(s.substring(start));
    return out;
  }

  private static int leadingSpaces(String s) {
    int n = 0;
    while (n < s.length() && Character.isWhitespace(s.charAt(n))) {
      n++;
    }
    return n;
  }

  private static boolean isAttributeName(String name) {
    if (name.isEmpty() || !isAsciiLetter(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** The template as written. */
  public String text() {
    return text;
  }

  /** Whether the template is one placeholder and nothing else, such as {@code ${sn}}. */
  public boolean isSinglePlaceholder() {
    return parts.size() == 1 && parts.get(0) instanceof Placeholder;
  }

  /** The attribute names the template reads, in order. */
  public List<String> attributeNames() {
    List<String> names = new ArrayList<>();
    for (Part p : parts) {
      if (p instanceof Placeholder ph) {
        ph.sources().stream().filter(s -> !s.literal()).forEach(s -> names.add(s.value()));
      }
    }
    return names;
  }

  /**
   * Expands the template; {@code attributes} gives an attribute's value by name (case-insensitive
   * names are the caller's business). A placeholder none of whose sources has a non-blank value
   * makes the whole expansion empty; so does a result that is blank.
   */
  public Expansion expand(Function<String, Optional<String>> attributes) {
    if (parts.size() == 1 && parts.get(0) instanceof Placeholder ph && ph.transforms().isEmpty()) {
      // The usual template, one placeholder such as {mail}: its value is the result, no buffer
      // needed.
      for (Source s : ph.sources()) {
        String v = s.literal() ? s.value() : attributes.apply(s.value()).orElse(null);
        if (v != null && !v.isBlank()) {
          return new Expansion(v, null);
        }
      }
      return new Expansion(null, ph.text());
    }
    StringBuilder b = new StringBuilder();
    for (Part p : parts) {
      if (p instanceof Literal l) {
        b.append(l.text());
      } else {
        Placeholder ph = (Placeholder) p;
        String value = null;
        for (Source s : ph.sources()) {
          String v = s.literal() ? s.value() : attributes.apply(s.value()).orElse(null);
          if (v != null && !v.isBlank()) {
            value = v;
            break;
          }
        }
        if (value == null) {
          return new Expansion(null, ph.text());
        }
        for (Transform t : ph.transforms()) {
          value = t.apply(value);
        }
        b.append(value);
      }
    }
    String result = b.toString();
    return result.isBlank() ? new Expansion(null, text) : new Expansion(result, null);
  }

  @Override
  public String toString() {
    return text;
  }
}
