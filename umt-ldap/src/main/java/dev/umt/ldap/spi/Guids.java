package dev.umt.ldap.spi;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.UUID;

/**
 * Conversions of 16-byte binary ids (AD objectGUID, eDirectory GUID) to and from their canonical
 * string form {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}.
 */
public final class Guids {
  private Guids() {}

  /**
   * AD's objectGUID as Windows writes it: the first three fields are stored little-endian. {@code
   * {0x78,0x56,0x34,0x12, 0x34,0x12, 0x78,0x56, ...}} is {@code 12345678-1234-5678-...}.
   */
  public static String fromMicrosoftBytes(byte[] b) {
    check(b);
    byte[] n = b.clone();
    swap(n, 0, 3);
    swap(n, 1, 2);
    swap(n, 4, 5);
    swap(n, 6, 7);
    return fromBigEndianBytes(n);
  }

  /**
   * The bytes AD stores for the canonical GUID string {@code guid}; inverse of {@link
   * #fromMicrosoftBytes}.
   */
  public static byte[] toMicrosoftBytes(String guid) {
    byte[] n = toBigEndianBytes(guid);
    swap(n, 0, 3);
    swap(n, 1, 2);
    swap(n, 4, 5);
    swap(n, 6, 7);
    return n;
  }

  /** 16 bytes in network order (eDirectory's GUID) as a canonical string. */
  public static String fromBigEndianBytes(byte[] b) {
    check(b);
    ByteBuffer buffer = ByteBuffer.wrap(b);
    return new UUID(buffer.getLong(), buffer.getLong()).toString().toLowerCase(Locale.ROOT);
  }

  /** The 16 network-order bytes of the canonical string {@code guid}. */
  public static byte[] toBigEndianBytes(String guid) {
    UUID uuid = parse(guid);
    return ByteBuffer.allocate(16)
        .putLong(uuid.getMostSignificantBits())
        .putLong(uuid.getLeastSignificantBits())
        .array();
  }

  /** Whether {@code s} is a canonical GUID string. */
  public static boolean isGuid(String s) {
    return s != null
        && s.length() == 36
        && s.matches("(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  /**
   * {@code id} as a canonical GUID string (trimmed, braces such as AD shows removed), if it is a
   * GUID.
   */
  public static java.util.Optional<String> canonical(String id) {
    String s = id.trim();
    if (s.startsWith("{") && s.endsWith("}")) {
      s = s.substring(1, s.length() - 1);
    }
    return isGuid(s) ? java.util.Optional.of(s) : java.util.Optional.empty();
  }

  private static UUID parse(String guid) {
    return UUID.fromString(
        canonical(guid)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'"
                            + guid
                            + "' is not a GUID such as 12345678-1234-5678-9abc-def012345678")));
  }

  private static void check(byte[] b) {
    if (b == null || b.length != 16) {
      throw new IllegalArgumentException(
          "a GUID has 16 bytes, not " + (b == null ? "none" : b.length));
    }
  }

  private static void swap(byte[] b, int i, int j) {
    byte t = b[i];
    b[i] = b[j];
    b[j] = t;
  }
}
