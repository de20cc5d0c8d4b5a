package dev.umt.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the figures of issue 8's closing note at the documented pace: a run of 1,500 users (or the
 * number given) at the stand-in's limit of 10 requests per second with the target's default pacing,
 * where every user is renamed so every one costs a call (the 429 answers, the requests over 10 in a
 * sliding second, the busiest second); then a first run of as many users where one call in five
 * answers 503, paced the same way (faults injected, the outcomes, whether the report matches the
 * stand-in step by step, the runs it took to converge, duplicates and wrongful deprovisions). Takes
 * about 8 to 10 minutes for 1,500 users; exits 1 when a figure is not what issue 8 asks.
 *
 * <pre>{@code
 * mvn -B -q -pl umt-reliability -am test-compile -Ptruthful-figures [-Dexec.args=1500]
 * }</pre>
 */
public final class TruthfulRunFigures {
  private TruthfulRunFigures() {}

  public static void main(String[] args) throws IOException {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
    System.out.printf(
        Locale.ROOT,
        "truthful runs through the GoToMyPC stand-in at 10 requests/s (Java %s, %d cores)%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    boolean ok;
    Path folder = Files.createTempDirectory("umt-truthful-");
    try (World w = World.start(folder.resolve("paced"), users, 0, users, 0, true, Map.of())) {
      TruthfulRuns.Paced paced = TruthfulRuns.paced(w, users, users);
      System.out.println(paced);
      ok = paced.tooManyRequests() == 0 && paced.overLimit() == 0;
    }
    try (World w = World.start(folder.resolve("503"), users, 0, users, 10, true, Map.of())) {
      w.proxy.policy(TruthfulRuns.oneIn5Answers503(8));
      long start = System.nanoTime();
      World.Run faulty = w.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      w.proxy.policy(FaultProxy.Policy.NONE);
      System.out.printf(
          Locale.ROOT,
          "503 run of %d users: %d of %d calls answered 503, %.1f s, %s%n",
          users,
          faulty.faults(),
          faulty.requests().size(),
          seconds,
          faulty.report() == null
              ? "threw " + faulty.thrown()
              : faulty.report().status() + " " + TruthfulRuns.outcomes(faulty.report()));
      List<String> lies = faulty.report() == null ? List.of("no report") : Truth.lies(w, faulty);
      System.out.printf(
          Locale.ROOT,
          "  steps of the 503 run whose report is not what the stand-in holds: %d%s%n",
          lies.size(),
          lies.isEmpty() ? "" : ", the first: " + lies.get(0));
      boolean truthful =
          check(
              "report of the 503 run matches the stand-in step by step",
              () -> Truth.reportMatchesStandIn(w, faulty));
      long duplicates = Truth.duplicates(w);
      long wrongful = Truth.deprovisions(w, faulty);
      List<World.Run> after = TruthfulRuns.recover(w);
      World.Run last = after.get(after.size() - 1);
      for (World.Run r : after) {
        truthful &=
            check(
                "report of the run after it matches the stand-in",
                () -> Truth.reportMatchesStandIn(w, r));
        wrongful += Truth.deprovisions(w, r);
      }
      boolean converged =
          check("converged", () -> Truth.converged(w, last, users))
              & check("the ledger matches the stand-in", () -> Truth.ledgerMatchesStandIn(w, last));
      long quiet = w.run().writes();
      System.out.printf(
          Locale.ROOT,
          "after the fault: %d run(s), last %s; writes of a further run %d; duplicates %d; wrongful"
              + " deprovisions %d%n",
          after.size(),
          last.report() == null ? "threw" : last.report().summary(),
          quiet,
          duplicates,
          wrongful);
      ok &= truthful && converged && quiet == 0 && duplicates == 0 && wrongful == 0;
    }
    System.exit(ok ? 0 : 1);
  }

  private static boolean check(String what, Runnable check) {
    try {
      check.run();
      System.out.println("  " + what + ": yes");
      return true;
    } catch (AssertionError e) {
      String message =
          e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ");
      System.out.println(
          "  "
              + what
              + ": NO: "
              + (message.length() > 600 ? message.substring(0, 600) + "..." : message));
      return false;
    }
  }
}
