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
 * <p>Thread-safe. A caller reserves the next free slot under a short lock and sleeps outside it.
 */
final class Pacer {
  private final long spacingNanos;
  private final long maxWaitNanos;
  private final LongSupplier nanoTime;
  private boolean started;
  private long nextSlot;

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
   * Waits for a permit.
   *
   * @return false when none comes within the maximum wait
   * @throws InterruptedException when interrupted while waiting (the slot stays spent, which only slows later callers)
   */
  boolean acquire() throws InterruptedException {
    long wait = reserve();
    if (wait < 0) {
      return false;
    }
    // Thread.sleep may round a fraction of a millisecond down, so sleep until the clock says so.
    long deadline = nanoTime.getAsLong() + wait;
    for (long left = wait; left > 0; left = deadline - nanoTime.getAsLong()) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
    return true;
  }
}
