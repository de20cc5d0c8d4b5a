package dev.umt.benchmarks;

import dev.umt.postgres.PostgresConfig;
import dev.umt.postgres.PostgresDatabase;
import dev.umt.postgres.PostgresStateStore;
import dev.umt.state.JsonFileStateStore;
import dev.umt.state.LedgerEntry;
import dev.umt.state.StateStore;
import dev.umt.target.AccountStatus;
import dev.umt.testkit.postgres.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Ledger write throughput of both state stores at 100,000 accounts: each round opens a new, empty
 * store, writes 100,000 ledger entries the way a first run's apply does (one {@code writeLedger}
 * per create batch of 100, so 1,000 durable writes), closes it (the file store folds its journal
 * into {@code ledger.json} then), and opens it again to read the ledger back. Prints min / median /
 * max of the write phase over the rounds, in seconds and entries per second, and of close and
 * reopen.
 *
 * <p>The PostgreSQL store uses the test server of {@code scripts/test-servers} (a database of its
 * own, dropped at the end) unless a JDBC URL and user are given: {@code scripts/bench.sh
 * LedgerWriteBenchmark [accounts] [rounds] [batch] [jdbcUrl user]}.
 */
public final class LedgerWriteBenchmark {
  private LedgerWriteBenchmark() {}

  public static void main(String[] args) throws Exception {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    List<List<LedgerEntry>> batches = new ArrayList<>();
    Instant now = Instant.parse("2026-12-01T10:00:00.123456Z");
    for (int from = 0; from < accounts; from += batch) {
      List<LedgerEntry> b = new ArrayList<>();
      for (int i = from; i < Math.min(accounts, from + batch); i++) {
        String id = "00000000-0000-0000-0000-" + String.format("%012d", i);
        b.add(
            new LedgerEntry(
                id,
                "acct-" + i,
                "user" + i + "@example.test",
                "Given" + i,
                "Surname" + i,
                "g-" + (i % 20),
                true,
                AccountStatus.ACTIVE,
                "rule-" + (i % 5),
                now,
                null));
      }
      batches.add(b);
    }
    System.out.printf(
        "accounts: %,d in %,d writes of %d; %d rounds after 1 warm-up; %d cores, max heap %,d MB%n",
        accounts,
        batches.size(),
        batch,
        rounds,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    Path root = Files.createTempDirectory("umt-ledger-bench");
    try {
      measure(
          "JsonFileStateStore (data folder under " + root + ")",
          rounds,
          batches,
          accounts,
          round -> () -> JsonFileStateStore.open(root.resolve("round-" + round)));
    } finally {
      try (Stream<Path> all = Files.walk(root)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    PostgresTestServer.Database testDatabase = null;
    PostgresConfig config;
    if (args.length > 4) {
      config = PostgresConfig.builder().jdbcUrl(args[3]).user(args[4]).build();
    } else {
      testDatabase = PostgresTestServer.find().createDatabase("ledger-bench");
      config =
          PostgresConfig.builder()
              .jdbcUrl(testDatabase.jdbcUrl())
              .user(testDatabase.server().user())
              .build();
    }
    try (PostgresDatabase db = PostgresDatabase.open(config)) {
      measure(
          "PostgresStateStore (" + config.jdbcUrl() + ", one company per round)",
          rounds,
          batches,
          accounts,
          round -> () -> PostgresStateStore.open(db, "bench-company-" + round));
    } finally {
      if (testDatabase != null) {
        testDatabase.close();
      }
    }
  }

  /** {@code stores.apply(round)} opens the store of that round, the same one each call. */
  private static void measure(
      String name,
      int rounds,
      List<List<LedgerEntry>> batches,
      int accounts,
      IntFunction<Supplier<StateStore>> stores) {
    List<Double> write = new ArrayList<>();
    List<Double> close = new ArrayList<>();
    List<Double> reopen = new ArrayList<>();
    for (int round = -1; round < rounds; round++) {
      Supplier<StateStore> opener = stores.apply(round + 1);
      StateStore store = opener.get();
      long t0 = System.nanoTime();
      for (List<LedgerEntry> b : batches) {
        store.writeLedger(b, List.of());
      }
      long t1 = System.nanoTime();
      store.close();
      long t2 = System.nanoTime();
      int read;
      try (StateStore again = opener.get()) {
        read = again.ledger().size();
      }
      long t3 = System.nanoTime();
      if (read != accounts) {
        throw new IllegalStateException(
            name + ": read back " + read + " entries, wrote " + accounts);
      }
      if (round >= 0) {
        write.add((t1 - t0) / 1e9);
        close.add((t2 - t1) / 1e9);
        reopen.add((t3 - t2) / 1e9);
      }
    }
    System.out.println(name);
    System.out.printf(
        "  write %,d entries: %s s  = %s entries/s%n",
        accounts, stats(write, 1), rate(write, accounts));
    System.out.printf(
        "  close: %s s;  reopen and read the ledger: %s s%n", stats(close, 1), stats(reopen, 1));
  }

  private static String stats(List<Double> v, double scale) {
    List<Double> s = v.stream().map(x -> x * scale).sorted().toList();
    return String.format(
        "%.2f / %.2f / %.2f (min / median / max)",
        s.get(0), s.get(s.size() / 2), s.get(s.size() - 1));
  }

  private static String rate(List<Double> seconds, int accounts) {
    List<Double> r = seconds.stream().map(s -> accounts / s).sorted().toList();
    return String.format(
        "%,.0f / %,.0f / %,.0f", r.get(0), r.get(r.size() / 2), r.get(r.size() - 1));
  }
}
