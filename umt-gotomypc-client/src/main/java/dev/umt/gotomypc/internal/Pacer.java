package dev.umt.gotomypc.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Hands out permits at least {@code spacing} apart, in the order they were asked for, so any window
 * of {@code n * spacing} holds at most {@code n} of them; a sliding one-second window therefore sees
 * at most {@code ceil(1 s / spacing)}.
 *
 * <p>Not Resilience4j's {@code RateLimiter}: both of its implementations in 2.4.0
 * ({@code AtomicRateLimiter}, {@code SemaphoreBasedRateLimiter}) cut time into fixed refresh cycles and
 * refill all of a cycle's permits at its start, so a permit taken at the end of one cycle and the next
 * taken at the start of the following cycle are back to back, and a sliding window of one second sees
 * one permit more than the cycles promise (11 at one permit per 100 ms). No configuration of cycles
 * bounds a sliding window without giving up a tenth of the pace.
 *
 * <p>Thread-safe. A caller reserves the next free slot under a short lock and sleeps outside it; when
 * it wakes, it takes its permit only if the permit before was taken at least one spacing ago, so
 * callers that all wake late (after a garbage-collection pause or a stall) leave one by one.
 */
final class Pacer {
  private final long spacingNanos;
  private final long maxWaitNanos;
  private final LongSupplier nanoTime;
  private boolean started;
  private long nextSlot;
  private boolean taken;
  private long lastTaken;

  Pacer(Duration spacing, Duration maxWait) {
    this(spacing, maxWait, System::nanoTime);
  }

  Pacer(Duration spacing, Duration maxWait, LongSupplier nanoTime) {
    this.spacingNanos = spacing.toNanos();
    this.maxWaitNanos = maxWait.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Reserves the next slot, or none when it is further away than the maximum wait.
   *
   * @return how long the caller must wait for its slot, in nanoseconds (0: go now), or -1 when no slot
   *     comes within the maximum wait (nothing reserved)
   */
  synchronized long reserve() {
    long now = nanoTime.getAsLong();
    long slot = started && nextSlot - now > 0 ? nextSlot : now;
    long wait = slot - now;
    if (wait > maxWaitNanos) {
      return -1;
    }
    started = true;
    nextSlot = slot + spacingNanos;
    return wait;
  }

  /**
   * Takes the permit of a caller whose slot has come, unless the previous permit was taken less than
   * one spacing ago (its caller woke late, after a pause or a stall), so that callers woken together
   * never go out together.
   *
   * @return 0 when the permit is taken, else how many nanoseconds to wait before asking again
   */
  synchronized long take() {
    long now = nanoTime.getAsLong();
    long left = taken ? lastTaken + spacingNanos - now : 0;
    if (left > 0) {
      return left;
    }
    taken = true;
    lastTaken = now;
    return 0;
  }

  /**
   * Waits for a permit: a slot in the order asked, then at least one spacing after the permit
   * before it.
   *
   * @return false when no slot comes within the maximum wait
   * @throws InterruptedException when interrupted while waiting (the slot stays spent, which only slows later callers)
   */
  boolean acquire() throws InterruptedException {
    long wait = reserve();
    if (wait < 0) {
      return false;
    }
    sleep(wait);
    for (long left = take(); left > 0; left = take()) {
      sleep(left);
    }
    return true;
  }

  /** Sleeps {@code nanos} at least: Thread.sleep may round a fraction of a millisecond down. */
  private void sleep(long nanos) throws InterruptedException {
    long deadline = nanoTime.getAsLong() + nanos;
    for (long left = nanos; left > 0; left = deadline - nanoTime.getAsLong()) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
