package dev.umt.benchmarks;

import dev.umt.PlanStep;
import dev.umt.SyncEngine;
import dev.umt.SyncOptions;
import dev.umt.SyncReport;
import dev.umt.directory.DirectoryUser;
import dev.umt.directory.Scope;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.state.JsonFileStateStore;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.InMemoryTarget;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times {@code SyncEngine.plan} over 100,000 users with the test kit's in-memory directory and
 * target and the default rule evaluator, and reports the heap it needed. Two cases: the first run
 * (every user gets a create step) and the steady state (every user already has an account in the
 * ledger: every user gets compared). Run it with {@code -Xmx256m} so the heap bound is enforced:
 * {@code scripts/bench.sh PlanBenchmark}.
 */
public final class PlanBenchmark {
  /** Keeps the last report reachable while the heap is measured. */
  private static volatile Object sink;

  private PlanBenchmark() {}

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String base = "dc=example,dc=test";
    InMemoryDirectory dir = InMemoryDirectory.empty(base);
    String corp = dir.addContainer("Corp", dir.rootId());
    List<String> ous = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ous.add(dir.addContainer("Dept " + i, corp));
    }
    for (int i = 0; i < users; i++) {
      String login = "user" + i;
      dir.addUser(
          ous.get(i % ous.size()),
          DirectoryUser.builder(
                  "00000000-0000-0000-0000-" + String.format("%012d", i),
                  "cn=User " + i + ",x",
                  login)
              .email(login + "@example.test")
              .givenName("Given" + i)
              .surname("Surname" + i)
              .title("Title " + (i % 50))
              .department("Dept " + (i % 20)));
    }
    InMemoryTarget target =
        InMemoryTarget.builder().batchSize(100).group("g1", "Staff", null).build();
    Path data = Files.createTempDirectory("umt-bench");
    Rule rule =
        Rule.builder("all", "Everyone", Scope.container(corp, "ou=Corp," + base, true))
            .group(GroupRef.path("Staff"))
            .build();
    try (JsonFileStateStore store = JsonFileStateStore.open(data)) {
      SyncEngine engine =
          SyncEngine.builder()
              .source(dir)
              .evaluator(DefaultRuleEvaluator.create())
              .target(target)
              .stateStore(store)
              .options(SyncOptions.builder().pageSize(1000).fullRunEveryRuns(0).build())
              .build();

      System.out.printf(
          "users: %,d; max heap: %,d MB; %d measured rounds after 2 warm-ups%n",
          users, Runtime.getRuntime().maxMemory() / (1024 * 1024), rounds);
      measure("first run (all creates)", engine, rule, rounds, PlanStep.Kind.CREATE, users);

      applyFirstRun(engine, rule);

      measure(
          "steady state (all compared, no change)",
          engine,
          rule,
          rounds,
          PlanStep.Kind.NO_CHANGE,
          users);
    }
  }

  /**
   * Applies the first run; its report is not kept, so the steady-state figures hold only their own
   * plan.
   */
  private static void applyFirstRun(SyncEngine engine, Rule rule) {
    long t0 = System.nanoTime();
    String summary = engine.run(List.of(rule)).summary();
    System.out.printf(
        "applied the first run in %,d ms: %s%n", (System.nanoTime() - t0) / 1_000_000, summary);
  }

  private static void measure(
      String name, SyncEngine engine, Rule rule, int rounds, PlanStep.Kind expected, int users) {
    SyncEngine dry = engine.withOptions(engine.options().toBuilder().dryRun(true).build());
    for (int i = 0; i < 2; i++) {
      check(dry.run(List.of(rule)), expected, users);
    }
    List<Long> total = new ArrayList<>();
    List<Long> read = new ArrayList<>();
    List<Long> decide = new ArrayList<>();
    long live = 0;
    for (int i = 0; i < rounds; i++) {
      System.gc();
      SyncReport r = dry.run(List.of(rule));
      total.add(r.readTime().plus(r.planTime()).toMillis());
      read.add(r.readTime().toMillis());
      decide.add(r.planTime().toMillis());
      check(r, expected, users);
      live = Math.max(live, liveHeapWhileHolding(r));
    }
    sink = null;
    System.out.printf(
        "%-40s plan median %,5d ms (min %,d, max %,d; read %,d + decide %,d); live heap with the"
            + " plan held %,d MB%n",
        name,
        median(total),
        Collections.min(total),
        Collections.max(total),
        median(read),
        median(decide),
        live / (1024 * 1024));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /**
   * Heap in use after a full GC while {@code held} is still reachable: directory, target, ledger
   * and the plan.
   */
  private static long liveHeapWhileHolding(Object held) {
    System.gc();
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    sink = held;
    return used;
  }

  private static void check(SyncReport report, PlanStep.Kind expected, int users) {
    if (report.count(dev.umt.StepOutcome.Result.PLANNED).get(expected) != users) {
      throw new IllegalStateException(
          "expected " + users + " " + expected + " steps: " + report.summary());
    }
  }
}
