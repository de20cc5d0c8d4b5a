package dev.umt.rule;

/**
 * The most deprovisioning (suspensions, license removals, deletions) one run may do before it is
 * held for approval: a count, and a percentage of the accounts UMT manages. Crossing either holds.
 *
 * @param maxCount the most deprovisioning steps, at least 0
 * @param maxPercent the most as a percentage of managed accounts, 0 to 100
 */
public record Threshold(int maxCount, int maxPercent) {
  /** 500 accounts or 20 %. */
  public static final Threshold DEFAULT = new Threshold(500, 20);

  public Threshold {
    if (maxCount < 0) {
      throw new IllegalArgumentException("threshold count must not be negative, not " + maxCount);
    }
    if (maxPercent < 0 || maxPercent > 100) {
      throw new IllegalArgumentException(
          "threshold percentage must be 0 to 100, not " + maxPercent);
    }
  }

  /**
   * Why {@code count} deprovisioning steps out of {@code managed} accounts cross this threshold, or
   * empty when they do not.
   */
  public String crossedBy(int count, int managed) {
    if (count > maxCount) {
      return count + " deprovisioning steps exceed the limit of " + maxCount;
    }
    if (managed > 0 && (long) count * 100 > (long) maxPercent * managed) {
      return count
          + " deprovisioning steps are "
          + (count * 100 / managed)
          + " % of "
          + managed
          + " managed accounts, over the limit of "
          + maxPercent
          + " %";
    }
    return "";
  }
}
