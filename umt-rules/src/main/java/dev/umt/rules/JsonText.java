package dev.umt.rules;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okio.Buffer;

/** Moshi set-up shared by the rule-set and options files. */
final class JsonText {
  /** The one Moshi instance: records through its built-in record adapter. */
  public static final Moshi MOSHI = new Moshi.Builder().build();

  private static final JsonAdapter<Object> TREE = MOSHI.adapter(Object.class);

  private JsonText() {}

  /**
   * Parses {@code json} into maps, lists, strings, doubles, booleans and null. A leading UTF-8
   * byte-order mark (as some Windows editors write) is skipped.
   *
   * @throws IllegalArgumentException for malformed JSON, giving the line, the column and the JSON
   *     path where it went wrong, such as {@code not valid JSON at line 3 column 14: Expected name
   *     at path $.rules[0]}
   */
  public static Object parseTree(String json) {
    String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
    Buffer buffer = new Buffer().writeUtf8(text);
    long total = buffer.size();
    JsonReader reader = JsonReader.of(buffer);
    try {
      Object tree = TREE.fromJson(reader);
      boolean more;
      try {
        more = reader.peek() != JsonReader.Token.END_DOCUMENT;
      } catch (IOException e) {
        more = true;
      }
      if (more) {
        throw new IllegalArgumentException(
            "not valid JSON "
                + where(text, charIndex(text, total - buffer.size()))
                + ": text after the end of the JSON document at path $");
      }
      return tree;
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          "not valid JSON "
              + where(text, text.length())
              + ": the document ends too early at path "
              + reader.getPath(),
          e);
    } catch (IOException | JsonDataException e) {
      // The reader has consumed the text up to the character it could not take.
      String m =
          String.valueOf(e.getMessage())
              .replace(
                  "Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON");
      throw new IllegalArgumentException(
          "not valid JSON " + where(text, charIndex(text, total - buffer.size())) + ": " + m, e);
    }
  }

  /**
   * {@code at line L column C} for the character at {@code index} of {@code text}; both count from
   * 1.
   */
  private static String where(String text, int index) {
    String before = text.substring(0, index);
    int lineStart = before.lastIndexOf('\n') + 1;
    long line = before.chars().filter(c -> c == '\n').count() + 1;
    return "at line " + line + " column " + (before.codePointCount(lineStart, before.length()) + 1);
  }

  /**
   * The index in {@code text} of the character at UTF-8 byte {@code offset}, which the reader has
   * consumed up to.
   */
  private static int charIndex(String text, long offset) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new String(
            bytes, 0, (int) Math.max(0, Math.min(offset, bytes.length)), StandardCharsets.UTF_8)
        .length();
  }

  /** {@code value} as JSON indented by two spaces, with a final newline. */
  public static <T> String write(Class<T> type, T value) {
    return MOSHI.adapter(type).indent("  ").toJson(value) + "\n";
  }

  /** Converts a tree already checked with {@link JsonShape} into {@code type}. */
  public static <T> T fromTree(Class<T> type, Object tree) {
    return MOSHI.adapter(type).fromJsonValue(tree);
  }
}
