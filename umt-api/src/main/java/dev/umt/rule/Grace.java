package dev.umt.rule;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before a deprovisioning action: the condition must have been seen on at least
 * {@code runs} runs and have lasted at least {@code duration}. {@link #NONE} acts at once.
 *
 * @param runs how many runs must see the condition (0 or 1: the first one acts)
 * @param duration how long since it was first seen
 */
public record Grace(int runs, Duration duration) {
  /** No grace: act on the first run that sees the condition. */
  public static final Grace NONE = new Grace(0, Duration.ZERO);

  public Grace {
    if (runs < 0) {
      throw new IllegalArgumentException("grace runs must not be negative, not " + runs);
    }
    Objects.requireNonNull(duration, "grace duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("grace duration must not be negative, not " + duration);
    }
  }

  public static Grace runs(int runs) {
    return new Grace(runs, Duration.ZERO);
  }

  public static Grace of(Duration duration) {
    return new Grace(0, duration);
  }

  /** Whether the action waits at all. */
  public boolean isNone() {
    return runs <= 1 && duration.isZero();
  }
}
