package dev.umt.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.SyncReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's "Done when", as tests: a run of 1,500 users (100 of them renamed, about 200 calls at
 * the pace of the limit) through the stand-in at its documented limit meets no 429 and never sends
 * more than 10 requests in a sliding second; a run of 1,500 users where one call in five answers
 * 503 reports exactly what the stand-in holds, step by step, and the next run finishes the job.
 * {@link TruthfulRunFigures} prints the same figures at full size.
 */
class TruthfulRunTest {
  private static final int USERS = 1500;

  @TempDir Path folder;

  @Test
  void aRunOf1500UsersAtTheDocumentedLimitMeetsNo429() {
    try (World w = World.start(folder, USERS, 0, USERS, 0, true, Map.of())) {
      TruthfulRuns.Paced paced = TruthfulRuns.paced(w, USERS, 100);
      System.out.println(paced);

      assertThat(paced.report().status())
          .as(paced.report().summary())
          .isEqualTo(SyncReport.Status.COMPLETED);
      assertThat(paced.report().applied(dev.umt.PlanStep.Kind.UPDATE)).isEqualTo(100);
      assertThat(paced.requests()).as("requests of the paced run").isGreaterThan(100);
      assertThat(paced.tooManyRequests()).as("429 answers from the stand-in").isZero();
      assertThat(paced.overLimit())
          .as("requests over 10 in a sliding second, busiest second %d", paced.busiestSecond())
          .isZero();
    }
  }

  @Test
  void aRunOf1500UsersWithOneCallInFiveAnswering503ReportsWhatTheStandInHolds() {
    try (World w =
        World.start(folder, USERS, 0, USERS, 0, true, Map.of("requestsPerSecond", "200"))) {
      w.proxy.policy(TruthfulRuns.oneIn5Answers503(8));
      World.Run faulty = w.run();
      w.proxy.policy(FaultProxy.Policy.NONE);
      System.out.println(
          "503 run of "
              + USERS
              + " users: "
              + faulty.faults()
              + " of "
              + faulty.requests().size()
              + " calls answered 503; "
              + (faulty.report() == null
                  ? "threw " + faulty.thrown()
                  : TruthfulRuns.outcomes(faulty.report())));

      assertThat(faulty.faults())
          .as("calls answered 503")
          .isGreaterThan(faulty.requests().size() / 10);
      Truth.reportMatchesStandIn(w, faulty);
      Truth.noDuplicates(w);
      Truth.noDeprovisioning(w, faulty);
      List<World.Run> after = TruthfulRuns.recover(w);
      World.Run last = after.get(after.size() - 1);
      for (World.Run r : after) {
        Truth.reportMatchesStandIn(w, r);
      }
      assertThat(last.reportOrFail().status())
          .as(last.report().summary())
          .isEqualTo(SyncReport.Status.COMPLETED);
      Truth.converged(w, last, USERS);
      Truth.ledgerMatchesStandIn(w, last);
      assertThat(w.run().writes()).as("writes of a further run").isZero();
    }
  }
}
