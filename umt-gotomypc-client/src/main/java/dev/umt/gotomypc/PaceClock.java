package dev.umt.gotomypc;

import java.util.concurrent.TimeUnit;

/**
 * The time the client's pace runs on: when each request took its place and got its answer, and how
 * a request waits for a place to come free. {@link #system()} (the default) is {@link
 * System#nanoTime} and real sleeps; a test passes a fake whose {@link #sleepUntil} moves its time
 * forward at once, so a paced run needs no real waiting, and gives the same clock to the service's
 * stand-in so both count one timeline.
 *
 * <p>A wait for an answer (every place held by a request still in flight) is not a sleep: it ends
 * when an answer comes in, on either clock.
 *
 * <pre>{@code
 * AtomicLong now = new AtomicLong();
 * PaceClock fake = new PaceClock() {
 *   public long nanoTime() { return now.get(); }
 *   public void sleepUntil(long deadline) { now.accumulateAndGet(deadline, Math::max); }
 * };
 * GoToMyPcClient client = GoToMyPcClient.builder().paceClock(fake)...build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe: many requests read and wait on one clock at once.
 */
public interface PaceClock {
  /** The time now in nanoseconds from an arbitrary origin; never less than an earlier reading. */
  long nanoTime();

  /**
   * Returns once {@link #nanoTime()} has reached {@code deadline} (at once when it has already).
   *
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  void sleepUntil(long deadline) throws InterruptedException;

  /** {@link System#nanoTime} and real sleeps. */
  static PaceClock system() {
    return SystemPaceClock.INSTANCE;
  }
}

/** {@link PaceClock#system()}. */
enum SystemPaceClock implements PaceClock {
  INSTANCE;

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void sleepUntil(long deadline) throws InterruptedException {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  @Override
  public String toString() {
    return "PaceClock.system()";
  }
}
