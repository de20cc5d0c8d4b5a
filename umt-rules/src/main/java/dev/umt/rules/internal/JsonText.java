package dev.umt.rules.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import okio.Buffer;

/** Moshi set-up shared by the rule-set and options files. */
public final class JsonText {
  /** The one Moshi instance: records through its built-in record adapter. */
  public static final Moshi MOSHI = new Moshi.Builder().build();
  private static final JsonAdapter<Object> TREE = MOSHI.adapter(Object.class);

  private JsonText() {}

  /**
   * Parses {@code json} into maps, lists, strings, doubles, booleans and null.
   *
   * @throws IllegalArgumentException for malformed JSON, saying where
   */
  public static Object parseTree(String json) {
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
      Object tree = TREE.fromJson(reader);
      try {
        if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
          throw new JsonEncodingException("after the end");
        }
      } catch (JsonEncodingException e) {
        throw new IllegalArgumentException("not valid JSON: text after the end of the JSON document at path $", e);
      }
      return tree;
    } catch (IOException | JsonDataException e) {
      String m = String.valueOf(e.getMessage())
          .replace("Use JsonReader.setLenient(true) to accept malformed JSON", "malformed JSON")
          ;
      throw new IllegalArgumentException("not valid JSON: " + m, e);
    }
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
