package dev.umt.target;

/**
 * What a target can take.
 *
 * @param name a name for messages, such as {@code GoToMyPC account Example Corp}
 * @param maxBatchSize the most accounts one create call takes (at least 1)
 * @param requestsPerSecond the rate the target is paced at, or 0 when unlimited
 * @param maxConcurrency the most calls worth having in flight at once (at least 1)
 * @param maxEmailLength the longest email the target takes, in characters (at least 3)
 * @param maxFirstNameLength the longest first name the target takes, in characters (at least 1)
 * @param maxLastNameLength the longest last name the target takes, in characters (at least 1)
 */
public record TargetInfo(
    String name,
    int maxBatchSize,
    double requestsPerSecond,
    int maxConcurrency,
    int maxEmailLength,
    int maxFirstNameLength,
    int maxLastNameLength) {
  /**
   * The email limit of {@link #TargetInfo(String, int, double, int)}: 254, the longest address SMTP
   * carries (RFC 5321).
   */
  public static final int DEFAULT_MAX_EMAIL_LENGTH = 254;

  /**
   * The name limit of {@link #TargetInfo(String, int, double, int)}: 64 characters each for first
   * and last name.
   */
  public static final int DEFAULT_MAX_NAME_LENGTH = 64;

  /**
   * A target with the default field limits ({@value #DEFAULT_MAX_EMAIL_LENGTH} for emails, {@value
   * #DEFAULT_MAX_NAME_LENGTH} for names).
   */
  public TargetInfo(String name, int maxBatchSize, double requestsPerSecond, int maxConcurrency) {
    this(
        name,
        maxBatchSize,
        requestsPerSecond,
        maxConcurrency,
        DEFAULT_MAX_EMAIL_LENGTH,
        DEFAULT_MAX_NAME_LENGTH,
        DEFAULT_MAX_NAME_LENGTH);
  }

  public TargetInfo {
    if (maxEmailLength < 3 || maxFirstNameLength < 1 || maxLastNameLength < 1) {
      throw new IllegalArgumentException(
          "field limits must be at least 3 (email) and 1 (names), not "
              + maxEmailLength
              + ", "
              + maxFirstNameLength
              + ", "
              + maxLastNameLength);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, not " + maxBatchSize);
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException(
          "maxConcurrency must be at least 1, not " + maxConcurrency);
    }
    if (requestsPerSecond < 0) {
      throw new IllegalArgumentException("requestsPerSecond must not be negative");
    }
  }
}
