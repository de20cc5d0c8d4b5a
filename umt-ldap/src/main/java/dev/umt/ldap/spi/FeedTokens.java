package dev.umt.ldap.spi;

import dev.umt.directory.TokenExpiredException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The text form of change-feed tokens: {@code <kind>.<version>} and then fields, each in URL-safe
 * Base64, separated by {@code ~}; for example {@code usn.1~<dsServiceName>~<invocationId>~<usn>}.
 * Tokens are opaque to the engine; a token of another kind or version is refused with a {@link
 * TokenExpiredException}, so a feed never misreads one. Stateless.
 */
final class FeedTokens {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private FeedTokens() {}

  /** A token of {@code kind} at {@code version} holding {@code fields}. */
  static String encode(String kind, int version, String... fields) {
    StringBuilder b = new StringBuilder(kind).append('.').append(version);
    for (String f : fields) {
      b.append('~').append(ENCODER.encodeToString(f.getBytes(StandardCharsets.UTF_8)));
    }
    return b.toString();
  }

  /**
   * The fields of {@code token}, which must be a {@code kind} token of {@code version} with {@code
   * count} fields.
   *
   * @param source names the source for the message
   * @throws TokenExpiredException when it is not
   */
  static List<String> decode(String token, String kind, int version, int count, String source) {
    String prefix = kind + "." + version;
    if (token == null || !token.startsWith(prefix + "~")) {
      throw new TokenExpiredException(
          "the change-feed token '"
              + shorten(token)
              + "' is not a "
              + kind
              + " token of version "
              + version
              + " (the feed of "
              + source
              + " reads "
              + kind
              + "): a full run is needed");
    }
    String[] parts = token.substring(prefix.length() + 1).split("~", -1);
    if (parts.length != count) {
      throw new TokenExpiredException(
          "the "
              + kind
              + " token '"
              + shorten(token)
              + "' has "
              + parts.length
              + " fields, not "
              + count
              + ": a full run is needed");
    }
    List<String> out = new ArrayList<>(count);
    for (String p : parts) {
      try {
        out.add(new String(DECODER.decode(p), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new TokenExpiredException(
            "the "
                + kind
                + " token '"
                + shorten(token)
                + "' is damaged ("
                + e.getMessage()
                + "): a full run is needed");
      }
    }
    return out;
  }

  /** Binary data as a field. */
  static String bytes(byte[] b) {
    return ENCODER.encodeToString(b);
  }

  /** A field written by {@link #bytes}. */
  static byte[] bytes(String field, String kind) {
    try {
      return DECODER.decode(field);
    } catch (IllegalArgumentException e) {
      throw new TokenExpiredException(
          "the "
              + kind
              + " token holds a damaged cookie ("
              + e.getMessage()
              + "): a full run is needed");
    }
  }

  /** The start of a token for messages: tokens may be long. */
  static String shorten(String token) {
    if (token == null) {
      return "null";
    }
    return token.length() <= 40 ? token : token.substring(0, 40) + "...";
  }
}
