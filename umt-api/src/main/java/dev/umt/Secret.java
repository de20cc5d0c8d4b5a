package dev.umt;

import java.util.Arrays;

/**
 * A password, client secret or token. {@link #toString()} is {@code ***}, so a secret never reaches
 * a log line or an exception message by accident; {@link #reveal()} is the one way to read it.
 *
 * <pre>{@code
 * Secret password = Secret.of(System.getenv("UMT_LDAP_PASSWORD"));
 * }</pre>
 */
public final class Secret {
  private final char[] value;

  private Secret(char[] value) {
    this.value = value;
  }

  /** Wraps {@code value}, which must not be null. */
  public static Secret of(String value) {
    if (value == null) {
      throw new IllegalArgumentException("secret value is null");
    }
    return new Secret(value.toCharArray());
  }

  /** Wraps a copy of {@code value}, which must not be null. */
  public static Secret of(char[] value) {
    if (value == null) {
      throw new IllegalArgumentException("secret value is null");
    }
    return new Secret(value.clone());
  }

  /** The secret in clear text. Do not log it. */
  public String reveal() {
    return new String(value);
  }

  /** Whether the secret is the empty string. */
  public boolean isEmpty() {
    return value.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "***";
  }
}
