package dev.umt.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.state.LedgerEntry;
import dev.umt.state.RunRecord;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import dev.umt.testkit.gotomypc.StandInUser;
import dev.umt.testkit.postgres.PostgresTestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Two UMT nodes in two JVMs ({@link ClusterNode}) share one clustered Quartz scheduler on the test
 * PostgreSQL and one schedule: a sync every {@link #INTERVAL}, each fire adding {@link #BATCH}
 * users to the directory, against the GoToMyPC stand-in in this JVM (slowed down, so a run takes a
 * while). Every fire time runs on one node only; the node running a fire is killed with {@code kill
 * -9} after it created some of that fire's accounts; the other node recovers that firing ({@code
 * requestsRecovery}) once Quartz sees the dead node miss its check-ins, then runs the next fire
 * times. Afterwards: each fire time completed exactly once, no two runs overlapped, and the
 * stand-in's accounts are exactly the ledger's (none twice, none without its ledger entry). Prints
 * the time the survivor took to take over.
 */
class ClusteredSchedulerTest {
  static final int BATCH = 6;
  static final Duration INTERVAL = Duration.ofSeconds(3);
  static final Duration WAIT = Duration.ofSeconds(90);

  static PostgresTestServer.Database database;
  static PostgresDatabase db;

  @TempDir static Path folder;

  @BeforeAll
  static void database() throws Exception {
    database = PostgresTestServer.find().createDatabase("quartz-cluster");
    db =
        PostgresDatabase.open(
            PostgresConfig.builder()
                .jdbcUrl(database.jdbcUrl())
                .user(database.server().user())
                .build());
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE cluster_fired (id BIGSERIAL PRIMARY KEY, node TEXT NOT NULL, fire_index INT"
              + " NOT NULL, recovering BOOLEAN NOT NULL, started_at TIMESTAMPTZ NOT NULL,"
              + " finished_at TIMESTAMPTZ, status TEXT)");
    }
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
    if (database != null) {
      database.close();
    }
  }

  record Fired(
      long id,
      String node,
      int index,
      boolean recovering,
      Instant startedAt,
      Instant finishedAt,
      String status) {}

  static List<Fired> fired() throws Exception {
    List<Fired> out = new ArrayList<>();
    try (Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT id, node, fire_index, recovering, started_at, finished_at, status FROM"
                    + " cluster_fired ORDER BY id")) {
      while (r.next()) {
        Timestamp end = r.getTimestamp(6);
        out.add(
            new Fired(
                r.getLong(1),
                r.getString(2),
                r.getInt(3),
                r.getBoolean(4),
                r.getTimestamp(5).toInstant(),
                end == null ? null : end.toInstant(),
                r.getString(7)));
      }
    }
    return out;
  }

  /** A node's JVM, its output lines in a queue. */
  static final class NodeProcess {
    final String id;
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    NodeProcess(String id, Path settings, Path log) throws IOException {
      this.id = id;
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      this.process =
          new ProcessBuilder(
                  java,
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ClusterNode.class.getName(),
                  settings.toString(),
                  id)
              .redirectError(log.toFile())
              .start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "output of " + id);
      reader.setDaemon(true);
      reader.start();
    }

    void await(String line) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        String got = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line.equals(got)) {
          return;
        }
        assertThat(process.isAlive() || !lines.isEmpty())
            .as("node %s ended before printing %s", id, line)
            .isTrue();
      }
      throw new AssertionError("node " + id + " did not print " + line + " within " + WAIT);
    }

    void stop() throws Exception {
      try (OutputStream in = process.getOutputStream()) {
        in.write("stop\n".getBytes(StandardCharsets.UTF_8));
      }
      await("STOPPED " + id);
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  static <T> T await(String what, java.util.concurrent.Callable<T> probe, Predicate<T> done)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      T v = probe.call();
      if (done.test(v)) {
        return v;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "timed out after " + WAIT + " waiting for " + what + "; cluster_fired: " + fired());
  }

  @Test
  void everyFireTimeRunsOnceAndAKilledNodesScheduleMovesToTheOtherNodeWithoutALostOrDoubledAccount()
      throws Exception {
    try (GoToMyPcStandIn standIn = GoToMyPcStandIn.builder().build().start()) {
      String company = standIn.addCompany("Cluster Corp");
      standIn.addGroup(company, "Staff", null);
      String license = standIn.addLicense(company, "GoToMyPC Corporate", List.of("G2PC"), 1_000);
      standIn.latency(Duration.ofMillis(120));

      Properties p = new Properties();
      p.setProperty("jdbcUrl", database.jdbcUrl());
      p.setProperty("user", database.server().user());
      p.setProperty("company", company);
      p.setProperty("batch", Integer.toString(BATCH));
      p.setProperty("tokenFolder", folder.toString());
      Map<String, String> target =
          new LinkedHashMap<>(standIn.targetSettings(company, folder.resolve("unused")));
      target.remove("tokenFile");
      target.remove("refreshToken");
      target.put("licenseKey", license);
      target.put("maxUsersPerCreate", "1");
      target.put("requestsPerSecond", "100");
      target.forEach((k, v) -> p.setProperty("target." + k, v));
      p.setProperty("refreshToken.node-a", standIn.issueRefreshToken());
      p.setProperty("refreshToken.node-b", standIn.issueRefreshToken());
      Path settings = folder.resolve("cluster.properties");
      try (Writer w = Files.newBufferedWriter(settings, StandardCharsets.UTF_8)) {
        p.store(w, "cluster test");
      }

      Map<String, NodeProcess> nodes = new HashMap<>();
      try {
        for (String id : List.of("node-a", "node-b")) {
          nodes.put(id, new NodeProcess(id, settings, folder.resolve(id + ".log")));
        }
        for (NodeProcess n : nodes.values()) {
          n.await("READY " + n.id);
        }

        // The schedule, stored through a scheduler that is never started: a client of the cluster.
        long start = System.currentTimeMillis() + 1_000;
        Properties client = PostgresQuartz.clusteredProperties(db.config(), ClusterNode.SCHEDULER);
        client.setProperty("org.quartz.scheduler.instanceId", "test-client");
        client.setProperty("org.quartz.threadPool.threadCount", "1");
        Scheduler scheduler = new StdSchedulerFactory(client).getScheduler();
        JobDetail job =
            JobBuilder.newJob(ClusterNode.SyncJob.class)
                .withIdentity("sync", "umt")
                .requestRecovery(true)
                .usingJobData("startMillis", Long.toString(start))
                .usingJobData("intervalMillis", Long.toString(INTERVAL.toMillis()))
                .build();
        Trigger trigger =
            TriggerBuilder.newTrigger()
                .withIdentity("every-3s", "umt")
                .forJob(job)
                .startAt(new Date(start))
                .withSchedule(
                    SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(INTERVAL.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithExistingCount())
                .build();
        scheduler.scheduleJob(job, trigger);
        scheduler.shutdown();

        // Catch a run of fire 2 or later part-way: some of its accounts created, not all.
        Fired victim =
            await(
                "a run part-way through its creates",
                () -> {
                  for (Fired f : fired()) {
                    int accounts = standIn.users(company).size();
                    if (f.finishedAt() == null
                        && f.index() >= 2
                        && accounts >= BATCH * f.index() + 2
                        && accounts < BATCH * (f.index() + 1)) {
                      return f;
                    }
                  }
                  return null;
                },
                f -> f != null);
        NodeProcess killed = nodes.get(victim.node());
        killed.process.destroyForcibly();
        Instant killedAt = Instant.now();
        assertThat(killed.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int createdBeforeKill = standIn.users(company).size();
        String survivor = victim.node().equals("node-a") ? "node-b" : "node-a";

        // The survivor recovers the killed firing, then runs the next two fire times.
        List<Fired> after =
            await(
                "recovery of fire " + victim.index() + " and two more fire times on " + survivor,
                ClusteredSchedulerTest::fired,
                rows ->
                    rows.stream()
                            .anyMatch(
                                f ->
                                    f.index() == victim.index()
                                        && f.recovering()
                                        && f.finishedAt() != null)
                        && rows.stream()
                            .anyMatch(
                                f -> f.index() == victim.index() + 2 && f.finishedAt() != null));
        nodes.get(survivor).stop();
        List<Fired> rows = fired();
        Fired recovery =
            rows.stream()
                .filter(f -> f.index() == victim.index() && f.recovering())
                .findFirst()
                .orElseThrow();
        long takeover = Duration.between(killedAt, recovery.startedAt()).toMillis();
        System.out.println(
            "CLUSTER-TAKEOVER killed "
                + victim.node()
                + " during fire "
                + victim.index()
                + " after "
                + createdBeforeKill
                + " accounts; "
                + survivor
                + " started its recovery "
                + takeover
                + " ms later (clusterCheckinInterval "
                + ClusterNode.CHECKIN_MILLIS
                + " ms); runs (fire@node start..end ms after the first fire time): "
                + rows.stream()
                    .map(
                        f ->
                            f.index()
                                + "@"
                                + f.node()
                                + (f.recovering() ? "(recovering)" : "")
                                + " "
                                + (f.startedAt().toEpochMilli() - start)
                                + ".."
                                + (f.finishedAt() == null
                                    ? "killed at " + (killedAt.toEpochMilli() - start)
                                    : f.finishedAt().toEpochMilli() - start))
                    .collect(Collectors.joining(", ")));
        assertThat(after).isNotEmpty();

        // Every fire time up to the last completed one ran to its end exactly once; only the killed
        // run did not end.
        int last =
            rows.stream()
                .filter(f -> f.finishedAt() != null)
                .mapToInt(Fired::index)
                .max()
                .orElseThrow();
        for (int i = 0; i <= last; i++) {
          int index = i;
          List<Fired> ofFire = rows.stream().filter(f -> f.index() == index).toList();
          assertThat(ofFire.stream().filter(f -> f.finishedAt() != null))
              .as("completed runs of fire %d: %s", i, ofFire)
              .hasSize(1);
          assertThat(ofFire).as("runs of fire %d", i).hasSize(i == victim.index() ? 2 : 1);
        }
        assertThat(rows.stream().filter(f -> f.finishedAt() == null)).containsExactly(victim);
        assertThat(rows.stream().filter(f -> f.finishedAt() != null))
            .extracting(Fired::status)
            .containsOnly("COMPLETED");
        assertThat(
                rows.stream()
                    .filter(f -> f.node().equals(victim.node()) && f.startedAt().isAfter(killedAt)))
            .isEmpty();
        assertThat(recovery.node()).isEqualTo(survivor);
        // No two runs overlapped: each started after the one before it ended (the killed one ended
        // when it was killed).
        for (int i = 1; i < rows.size(); i++) {
          Instant previousEnd =
              rows.get(i - 1).finishedAt() == null ? killedAt : rows.get(i - 1).finishedAt();
          assertThat(rows.get(i).startedAt())
              .as("start of %s", rows.get(i))
              .isAfterOrEqualTo(previousEnd);
        }

        // The stand-in's accounts are exactly the ledger's: none created twice, none whose ledger
        // write was lost.
        List<StandInUser> accounts = standIn.users(company);
        assertThat(accounts).hasSize(BATCH * (last + 1));
        assertThat(accounts.stream().map(StandInUser::email).collect(Collectors.toSet()))
            .hasSize(accounts.size());
        try (PostgresStateStore store = PostgresStateStore.open(db, company)) {
          Map<String, LedgerEntry> ledger = store.ledger();
          assertThat(
                  ledger.values().stream().map(LedgerEntry::accountKey).collect(Collectors.toSet()))
              .isEqualTo(accounts.stream().map(StandInUser::key).collect(Collectors.toSet()));
          assertThat(
                  ledger.values().stream()
                      .map(e -> e.email().toLowerCase())
                      .collect(Collectors.toSet()))
              .isEqualTo(
                  accounts.stream().map(u -> u.email().toLowerCase()).collect(Collectors.toSet()));
          List<RunRecord> runs = store.runs(1_000);
          assertThat(runs).as("runs recorded: one per completed fire").hasSize(last + 1);
          assertThat(runs)
              .extracting(RunRecord::status)
              .containsOnly(dev.umt.SyncReport.Status.COMPLETED);
        }
        assertThat(Set.of(victim.node(), survivor)).containsExactlyInAnyOrder("node-a", "node-b");
      } finally {
        for (NodeProcess n : nodes.values()) {
          n.process.destroyForcibly();
          n.process.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }
}
