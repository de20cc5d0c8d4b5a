package dev.umt.reliability;

import dev.umt.StepOutcome;
import dev.umt.SyncReport;
import dev.umt.reliability.FaultProxy.Fault;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The two runs issue 8 asks the closing note to show, shared by {@link TruthfulRunTest} and the
 * printable {@link TruthfulRunFigures}: a run of many users through the stand-in at its documented
 * limit of 10 requests per second that must meet no 429, and a run where one call in five answers
 * 503 whose report must match the stand-in step by step.
 */
final class TruthfulRuns {
  private TruthfulRuns() {}

  /**
   * What a paced run did.
   *
   * @param users users in the run
   * @param requests API requests the run made
   * @param tooManyRequests 429 answers the stand-in gave during the run
   * @param overLimit requests that arrived with 10 or more others in the second before, counted at
   *     the proxy
   * @param busiestSecond the most requests in any sliding second
   * @param seconds how long the run took
   * @param report the run's report
   */
  record Paced(
      int users,
      int requests,
      long tooManyRequests,
      int overLimit,
      int busiestSecond,
      double seconds,
      SyncReport report) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "paced run of %d users: %s, %d requests in %.1f s, 429 answers %d, requests over 10 in a"
              + " sliding second %d, busiest second %d requests",
          users,
          report == null ? "threw" : report.summary(),
          requests,
          seconds,
          tooManyRequests,
          overLimit,
          busiestSecond);
    }
  }

  /**
   * Creates every user of {@code w} without pacing, then turns the stand-in's limit of 10 requests
   * per second on, gives the target its default pacing, renames {@code renamed} users and measures
   * the run that applies that: every user of the organisation is in it, {@code renamed} of them
   * changed.
   */
  static Paced paced(World w, int users, int renamed) {
    w.setting("requestsPerSecond", "200");
    World.Run first = w.run();
    if (first.report() == null || first.report().status() != SyncReport.Status.COMPLETED) {
      throw new AssertionError(
          "the unpaced first run did not complete: "
              + (first.report() == null ? first.thrown() : first.report().summary()));
    }
    w.setting("requestsPerSecond", null);
    w.standIn.requestsPerSecond(10);
    for (int i = 0; i < renamed; i++) {
      w.rename(i, "Renamed" + i);
    }
    long before = w.standIn.tooManyRequestsCount();
    long start = System.nanoTime();
    World.Run run = w.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Paced(
        users,
        run.requests().size(),
        w.standIn.tooManyRequestsCount() - before,
        FaultProxy.overLimit(run.requests(), 10),
        FaultProxy.busiestSecond(run.requests()),
        seconds,
        run.reportOrFail());
  }

  /** One API call in five answers 503 (before the stand-in sees it), seeded. */
  static FaultProxy.Policy oneIn5Answers503(long seed) {
    Random r = new Random(seed);
    return (n, method, path) -> r.nextDouble() < 0.2 ? Fault.status(503, false) : null;
  }

  /** The outcomes of a report counted by result and kind, for the figures. */
  static Map<String, Integer> outcomes(SyncReport report) {
    Map<String, Integer> counts = new TreeMap<>();
    for (StepOutcome o : report.outcomes()) {
      counts.merge(o.result() + " " + o.step().kind(), 1, Integer::sum);
    }
    return counts;
  }

  /** The runs after a fault run, until one completes (at most two); returns them. */
  static List<World.Run> recover(World w) {
    World.Run a = w.run();
    if (a.report() != null && a.report().status() == SyncReport.Status.COMPLETED) {
      return List.of(a);
    }
    return List.of(a, w.run());
  }
}
