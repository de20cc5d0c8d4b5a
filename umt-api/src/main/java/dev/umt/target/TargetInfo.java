package dev.umt.target;

/**
 * What a target can take.
 *
 * @param name a name for messages, such as {@code GoToMyPC account Example Corp}
 * @param maxBatchSize the most accounts one create call takes (at least 1)
 * @param requestsPerSecond the rate the target is paced at, or 0 when unlimited
 * @param maxConcurrency the most calls worth having in flight at once (at least 1)
 */
public record TargetInfo(String name, int maxBatchSize, double requestsPerSecond, int maxConcurrency) {
  public TargetInfo {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1, not " + maxBatchSize);
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("maxConcurrency must be at least 1, not " + maxConcurrency);
    }
    if (requestsPerSecond < 0) {
      throw new IllegalArgumentException("requestsPerSecond must not be negative");
    }
  }
}
