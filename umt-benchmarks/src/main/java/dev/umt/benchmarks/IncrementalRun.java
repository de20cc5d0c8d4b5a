package dev.umt.benchmarks;

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
import java.util.function.LongSupplier;

/**
 * An incremental run next to a full run over 100,000 users in the test kit's in-memory directory
 * and target, with the default rule evaluator and the file state store (issue 11). After a first
 * full run that creates every account, each round makes 10 changes (3 renames, 2 new users, 2
 * disabled, 1 deleted, 1 moved out of the rule's OU, 1 new email) and runs incrementally, then
 * makes 10 more and runs full: for each, the time of the whole run (read, plan, apply, snapshot),
 * the directory entries read, the target writes and the CPU time of the thread that ran it (the
 * apply's pool threads aside), min / median / max over the rounds; then the snapshot's load and
 * save on their own, and the load average (the wall times grow with it on a shared machine). Run it
 * with {@code -Xmx256m}, which the snapshot of 100,000 users plus the run must fit: {@code java
 * -Xmx256m -cp ... dev.umt.benchmarks.IncrementalRun [users] [rounds]}.
 */
public final class IncrementalRun {
  private IncrementalRun() {}

  private static final String BASE = "dc=example,dc=test";

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    InMemoryDirectory dir = InMemoryDirectory.empty(BASE);
    String corp = dir.addContainer("Corp", dir.rootId());
    String elsewhere = dir.addContainer("Elsewhere", dir.rootId());
    List<String> ous = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ous.add(dir.addContainer("Dept " + i, corp));
    }
    for (int i = 0; i < users; i++) {
      dir.addUser(ous.get(i % ous.size()), user(i));
    }
    InMemoryTarget target =
        InMemoryTarget.builder().batchSize(100).group("g1", "Staff", null).build();
    Path data = Files.createTempDirectory("umt-bench-incr");
    Rule rule =
        Rule.builder("all", "Everyone", Scope.container(corp, "ou=Corp," + BASE, true))
            .group(GroupRef.path("Staff"))
            .build();
    System.out.printf(
        "users: %,d; max heap: %,d MB; %d rounds%n",
        users, Runtime.getRuntime().maxMemory() / (1024 * 1024), rounds);
    try (JsonFileStateStore store = JsonFileStateStore.open(data)) {
      SyncEngine engine =
          SyncEngine.builder()
              .source(dir)
              .evaluator(DefaultRuleEvaluator.create())
              .target(target)
              .stateStore(store)
              .options(SyncOptions.builder().pageSize(1000).build())
              .build();
      long t0 = System.nanoTime();
      SyncReport first = engine.run(List.of(rule));
      System.out.printf(
          "first run (%s) in %,d ms: %s%n",
          first.kindReason(), (System.nanoTime() - t0) / 1_000_000, first.summary());
      check(first, SyncReport.Kind.FULL);

      List<long[]> inc = new ArrayList<>();
      List<long[]> full = new ArrayList<>();
      int next = users;
      for (int round = 0; round < rounds; round++) {
        next = tenChanges(dir, ous, elsewhere, next, round * 2);
        inc.add(
            measure(
                () -> dir.reads(),
                target,
                () -> check(engine.run(List.of(rule)), SyncReport.Kind.INCREMENTAL)));
        next = tenChanges(dir, ous, elsewhere, next, round * 2 + 1);
        full.add(
            measure(
                () -> dir.reads(),
                target,
                () -> check(engine.runFull(List.of(rule)), SyncReport.Kind.FULL)));
      }
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.printf(
          "%-12s %26s %30s %20s %24s%n",
          "run",
          "time ms (min/median/max)",
          "entries read (min/median/max)",
          "target writes",
          "main-thread CPU ms");
      print("incremental", inc);
      print("full", full);
      System.out.printf(
          "load average while measuring: %.1f on %d cores%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
      System.out.printf(
          "snapshot file %,d bytes; live heap after the runs, with directory, target, ledger and"
              + " snapshot held: %,d MB%n",
          Files.size(data.resolve("snapshot.bin")), heap / (1024 * 1024));
    }
    coldSnapshot(data, users, rounds);
  }

  /**
   * The snapshot's load by a store that has not read it yet (as at the start of a command-line run;
   * a long-lived store reads it once) and its save, with the directory and target gone.
   */
  private static void coldSnapshot(Path data, int users, int rounds) {
    List<long[]> io = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      System.gc();
      try (JsonFileStateStore cold = JsonFileStateStore.open(data)) {
        long l0 = System.nanoTime();
        dev.umt.state.DirectorySnapshot s = cold.directorySnapshot().orElseThrow();
        long l1 = System.nanoTime();
        cold.saveDirectorySnapshot(s);
        io.add(new long[] {(l1 - l0) / 1_000_000, (System.nanoTime() - l1) / 1_000_000});
      }
    }
    System.out.printf(
        "snapshot of %,d users: first load by a store %s ms, save (write, fsync, rename) %s ms (min"
            + " / median / max)%n",
        users, stats(io, 0), stats(io, 1));
  }

  private static DirectoryUser.Builder user(int i) {
    String login = "user" + i;
    return DirectoryUser.builder(
            "00000000-0000-0000-0000-" + String.format("%012d", i), "cn=User " + i + ",x", login)
        .email(login + "@example.test")
        .givenName("Given" + i)
        .surname("Surname" + i)
        .title("Title " + (i % 50))
        .department("Dept " + (i % 20));
  }

  private static String id(int i) {
    return "00000000-0000-0000-0000-" + String.format("%012d", i);
  }

  /**
   * Ten changes, each one target write: 3 renames, 2 new users, 2 disabled, 1 deleted, 1 moved out
   * of Corp, 1 new email; batch {@code k} touches users no other batch touched. Returns the next
   * new user number.
   */
  private static int tenChanges(
      InMemoryDirectory dir, List<String> ous, String elsewhere, int next, int k) {
    int at = 1000 + k * 10;
    for (int i = 0; i < 3; i++) {
      int n = at + i;
      dir.updateUser(id(n), b -> b.surname("Renamed" + n));
    }
    dir.addUser(ous.get(0), user(next++));
    dir.addUser(ous.get(1), user(next++));
    dir.updateUser(id(at + 3), b -> b.enabled(false));
    dir.updateUser(id(at + 4), b -> b.enabled(false));
    dir.removeUser(id(at + 5));
    dir.moveUser(id(at + 6), elsewhere);
    int n = at + 7;
    dir.updateUser(id(n), b -> b.email("new" + n + "@example.test"));
    return next;
  }

  private static long[] measure(LongSupplier reads, InMemoryTarget target, Runnable run) {
    System.gc();
    long r0 = reads.getAsLong();
    int w0 = target.writes().size();
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long c0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    run.run();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new long[] {
      ms,
      reads.getAsLong() - r0,
      target.writes().size() - w0,
      (threads.getCurrentThreadCpuTime() - c0) / 1_000_000
    };
  }

  private static SyncReport check(SyncReport r, SyncReport.Kind kind) {
    if (r.kind() != kind || r.status() != SyncReport.Status.COMPLETED) {
      throw new IllegalStateException(
          "expected a completed " + kind + " run: " + r.kindReason() + "; " + r.summary());
    }
    return r;
  }

  private static void print(String name, List<long[]> rows) {
    System.out.printf(
        "%-12s %26s %30s %20s %24s%n",
        name, stats(rows, 0), stats(rows, 1), stats(rows, 2), stats(rows, 3));
  }

  private static String stats(List<long[]> rows, int col) {
    List<Long> v = new ArrayList<>();
    rows.forEach(r -> v.add(r[col]));
    Collections.sort(v);
    return String.format("%,d / %,d / %,d", v.get(0), v.get(v.size() / 2), v.get(v.size() - 1));
  }
}
