package dev.umt.ldap.spi;

import com.unboundid.util.StaticUtils;
import java.text.ParseException;
import java.time.Instant;

/** Directory time stamps. */
public final class Times {
  private Times() {}

  /**
   * Whether the generalized time {@code value} (such as {@code 20200101000000Z}) is at or before
   * {@code now}. Null or unreadable values are not past: an expiry nobody can read expires nothing.
   */
  public static boolean isPast(String value, Instant now) {
    Instant t = generalizedTime(value);
    return t != null && !t.isAfter(now);
  }

  /** The instant of a generalized time, or null when absent or unreadable. */
  public static Instant generalizedTime(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return StaticUtils.decodeGeneralizedTime(value.trim()).toInstant();
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }

  /**
   * AD's FILETIME (100 ns intervals since 1601-01-01 UTC, such as accountExpires) as an instant;
   * null for 0 and 0x7FFFFFFFFFFFFFFF, which both mean "never", and for unreadable values.
   */
  public static Instant fileTime(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    long v;
    try {
      v = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
    if (v <= 0 || v == Long.MAX_VALUE) {
      return null;
    }
    long seconds = v / 10_000_000L - 11_644_473_600L;
    long nanos = (v % 10_000_000L) * 100L;
    return Instant.ofEpochSecond(seconds, nanos);
  }
}
