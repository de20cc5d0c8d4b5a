package dev.umt.gotomypc;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link PaceClock} for tests: time stands still until a paced request sleeps, which moves it
 * forward at once to the sleeper's deadline (never back). Give {@link #nanoTime} to the stand-in's
 * {@code rateClock} too, so the client and the service count on one timeline. Thread-safe.
 */
public final class FakePaceClock implements PaceClock {
  private final AtomicLong now;
  private final AtomicInteger sleeps = new AtomicInteger();

  public FakePaceClock(long start) {
    this.now = new AtomicLong(start);
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public void sleepUntil(long deadline) {
    sleeps.incrementAndGet();
    now.accumulateAndGet(deadline, Math::max);
  }

  /** Moves the time forward by {@code nanos}, as a test's own step. */
  public void advance(long nanos) {
    now.addAndGet(nanos);
  }

  /** How many times a paced request slept. */
  public int sleeps() {
    return sleeps.get();
  }
}
