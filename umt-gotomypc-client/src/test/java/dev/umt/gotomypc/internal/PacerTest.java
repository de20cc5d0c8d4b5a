package dev.umt.gotomypc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.gotomypc.RateLimitPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pacer on a test clock: slots in order, never closer than the spacing, refused beyond the maximum wait. */
class PacerTest {
  private static final long MS = 1_000_000L;
  private final AtomicLong now = new AtomicLong(5_000 * MS);

  @Test
  void givesSlotsOneSpacingApartInTheOrderAskedAndRefusesBeyondTheMaximumWait() {
    Pacer pacer = new Pacer(Duration.ofMillis(100), Duration.ofMillis(250), now::get);
    assertThat(pacer.reserve()).as("the first goes at once").isZero();
    assertThat(pacer.reserve()).isEqualTo(100 * MS);
    assertThat(pacer.reserve()).isEqualTo(200 * MS);
    assertThat(pacer.reserve()).as("300 ms is beyond the 250 ms wait; nothing is reserved").isEqualTo(-1);
    now.addAndGet(50 * MS);
    assertThat(pacer.reserve()).as("the slot at 300 ms, 250 ms from now").isEqualTo(250 * MS);
    now.addAndGet(1_000 * MS);
    assertThat(pacer.reserve()).as("an idle pacer stores no burst: a slot now").isZero();
    assertThat(pacer.reserve()).isEqualTo(100 * MS);
  }

  @Test
  void callersWokenLateLeaveOneSpacingApart() {
    Pacer pacer = new Pacer(Duration.ofMillis(100), Duration.ofMinutes(1), now::get);
    assertThat(pacer.reserve()).isZero();
    assertThat(pacer.reserve()).isEqualTo(100 * MS);
    assertThat(pacer.reserve()).isEqualTo(200 * MS);
    now.addAndGet(350 * MS);   // a pause: all three slots have passed when the callers wake
    assertThat(pacer.take()).as("the first goes").isZero();
    assertThat(pacer.take()).as("the second waits a spacing after the first").isEqualTo(100 * MS);
    now.addAndGet(60 * MS);
    assertThat(pacer.take()).isEqualTo(40 * MS);
    now.addAndGet(40 * MS);
    assertThat(pacer.take()).isZero();
    assertThat(pacer.take()).as("the third waits a spacing after the second").isEqualTo(100 * MS);
  }

  @Test
  void theDefaultPutsAtMostEightInAnySlidingSecondWhereFixedCyclesOfOneHundredMillisecondsPutEleven() {
    Pacer pacer = new Pacer(RateLimitPolicy.DEFAULT.spacing(), Duration.ofMinutes(10), now::get);
    Random random = new Random(8);
    List<Long> slots = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      now.addAndGet(random.nextInt(3) == 0 ? random.nextInt(400) * MS : 0);   // callers arrive in bursts and pauses
      slots.add(now.get() + pacer.reserve());
    }
    assertThat(maxInAnySecond(slots)).isEqualTo(8);
    // What the Resilience4j AtomicRateLimiter did with one permit per 100 ms cycle: the last instant of a cycle, then its next cycle's start.
    List<Long> cycles = new ArrayList<>();
    for (int cycle = 0; cycle < 11; cycle++) {
      cycles.add(cycle * 100 * MS + (cycle == 0 ? 100 * MS - 1 : 0));
    }
    assertThat(maxInAnySecond(cycles)).isEqualTo(11);
  }

  /** The most instants within any half-open window of one second: the fullest window ends at one of them. */
  static int maxInAnySecond(List<Long> instants) {
    List<Long> sorted = instants.stream().sorted().toList();
    int max = 0;
    int first = 0;
    for (int last = 0; last < sorted.size(); last++) {
      while (sorted.get(last) - sorted.get(first) >= 1_000 * MS) {
        first++;
      }
      max = Math.max(max, last - first + 1);
    }
    return max;
  }
}
