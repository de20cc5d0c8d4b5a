package dev.umt.benchmarks.harness;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The live heap of a phase: while the phase runs, a second thread forces a full collection every
 * {@value #SAMPLE_MS} ms and reads the heap in use after it (the live heap at that moment), and
 * every collection's own report of the heap left after it is kept too (an upper bound: a young
 * collection leaves the old generation's garbage). Not for timed rounds: the forced collections
 * slow the phase down.
 */
final class HeapProbe {
  static final int SAMPLE_MS = 100;

  /**
   * A phase's peaks in bytes: sampled live heap, most heap left after any collection, and how many
   * samples.
   */
  record Peak(long sampledLive, long afterAnyGc, int samples) {}

  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());
  private final AtomicLong afterGc = new AtomicLong();

  HeapProbe() {
    NotificationListener listener =
        (Notification n, Object handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              n.getType())) {
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            long used = 0;
            for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
              if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
              }
            }
            afterGc.accumulateAndGet(used, Math::max);
          }
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
      }
    }
  }

  /** The heap in use right after a full collection. */
  long liveNow() {
    System.gc();
    MemoryUsage u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return u.getUsed();
  }

  /**
   * Runs {@code phase} while sampling the live heap; the peaks include one sample after it ends.
   */
  Peak during(Harness.Timed phase) throws Exception {
    AtomicLong peak = new AtomicLong(liveNow());
    afterGc.set(0);
    int[] samples = {1};
    Thread sampler =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  Thread.sleep(SAMPLE_MS);
                  peak.accumulateAndGet(liveNow(), Math::max);
                  samples[0]++;
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "heap-probe");
    sampler.setDaemon(true);
    sampler.start();
    try {
      phase.run();
    } finally {
      sampler.interrupt();
      sampler.join();
    }
    peak.accumulateAndGet(liveNow(), Math::max);
    return new Peak(peak.get(), afterGc.get(), samples[0] + 1);
  }
}
