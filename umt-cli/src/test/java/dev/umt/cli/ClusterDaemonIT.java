package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import dev.umt.schedule.FireHistory;
import dev.umt.schedule.FireRecord;
import dev.umt.schedule.RunResult;
import dev.umt.testkit.postgres.PostgresTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code ./umt daemon --cluster} processes over the packaged application (failsafe, after
 * {@code package}), as two nodes: each its own data folder (the second a copy of the first, made
 * before either daemon runs; docs/deployment.md has each node log in on its own instead, for its
 * own refresh token, which the stand-in does not need here), both on the test PostgreSQL ({@code
 * stateStore postgres}), the embedded directory and the GoToMyPC stand-in of this JVM. A once
 * schedule runs on one node only, and a node restarted after that does not run it again.
 */
class ClusterDaemonIT {
  static PostgresTestServer.Database database;

  @TempDir Path tmp;
  CliFixture f;
  final List<Process> daemons = new ArrayList<>();

  @BeforeAll
  static void databaseUp() {
    database = PostgresTestServer.find().createDatabase("cli-cluster");
  }

  @AfterAll
  static void drop() {
    if (database != null) {
      database.close();
    }
  }

  @AfterEach
  void tearDown() {
    daemons.forEach(Process::destroyForcibly);
    if (f != null) {
      f.close();
    }
  }

  @Test
  void aOnceScheduleRunsOnOneNodeOnlyAndNotAgainWhenANodeRestarts() throws Exception {
    Path a = tmp.resolve("node-a");
    f = new CliFixture(a);
    assertThat(f.login().exit()).isZero();
    assertThat(f.connect().exit()).isZero();
    Result rule =
        f.run(
            "rules",
            "add",
            "eng",
            "--dn",
            CliFixture.dn(CliFixture.ORG.group("Engineers").dn()),
            "--group",
            "Staff/Engineering");
    assertThat(rule.exit()).as(rule.all()).isZero();
    Result postgres =
        f.run(
            "settings",
            "set",
            "--local",
            "stateStore",
            "postgres",
            "postgres.url",
            database.jdbcUrl(),
            "postgres.user",
            database.server().user());
    assertThat(postgres.exit()).as(postgres.all()).isZero();
    LocalDateTime soon =
        LocalDateTime.ofInstant(Instant.now().plusSeconds(20), ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.SECONDS);
    Result added =
        f.run(
            "schedule",
            "add",
            "go-live",
            "--once",
            soon.toString(),
            "--zone",
            "UTC",
            "--from",
            soon.minusMinutes(1).toString());
    assertThat(added.exit()).as(added.all()).isZero();
    Path b = tmp.resolve("node-b");
    copy(a, b);

    Process nodeA = daemon(a, "a1");
    Process nodeB = daemon(b, "b1");
    String first = awaitLine("a1");
    assertThat(first).startsWith("umt daemon: 1 schedule(s) on " + a + ", clustered; ");
    assertThat(awaitLine("b1")).startsWith("umt daemon: 1 schedule(s) on " + b + ", clustered; ");

    FireRecord fired = awaitFire(a, b);
    assertThat(fired.outcome()).as(fired.reason()).isEqualTo(RunResult.Outcome.COMPLETED);
    long firedOn =
        Stream.of(a, b)
            .filter(n -> FireHistory.open(history(n)).lastOf("go-live").isPresent())
            .count();
    assertThat(firedOn).as("nodes that ran the once schedule").isEqualTo(1);
    int created = f.gotomypc.users(f.company).size();
    assertThat(created).as("the rule's two accounts, as DaemonIT's run plans").isEqualTo(2);

    // The node that did not run it restarts: the schedule is done for the whole cluster.
    Path idle = FireHistory.open(history(a)).lastOf("go-live").isPresent() ? b : a;
    Process stopping = idle.equals(a) ? nodeA : nodeB;
    stopping.destroy(); // SIGTERM
    assertThat(stopping.waitFor(60, TimeUnit.SECONDS)).isTrue();
    daemon(idle, "restarted");
    assertThat(awaitLine("restarted")).contains(", clustered; ");
    assertThat(awaitLine("restarted")).isEqualTo("  go-live: next run never again");

    Result history = f.run("history");
    assertThat(history.out().lines().filter(l -> l.contains(" COMPLETED ")).count())
        .as(history.out())
        .isEqualTo(1);
    assertThat(f.gotomypc.users(f.company)).hasSize(created);
  }

  private Path history(Path node) {
    return node.resolve(FireHistory.NAME);
  }

  private FireRecord awaitFire(Path a, Path b) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      for (Path n : List.of(a, b)) {
        Optional<FireRecord> r = FireHistory.open(history(n)).lastOf("go-live");
        if (r.isPresent()) {
          return r.get();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "no node ran go-live; node a said " + out("a1") + ", node b " + out("b1"));
  }

  private Process daemon(Path data, String name) throws IOException {
    Path script = Path.of("..", "umt").toAbsolutePath().normalize();
    ProcessBuilder pb =
        new ProcessBuilder(List.of("sh", script.toString(), "daemon", "--cluster"))
            .redirectError(tmp.resolve(name + ".err").toFile())
            .redirectOutput(tmp.resolve(name + ".out").toFile());
    pb.environment().put("UMT_DATA", data.toString());
    pb.environment().remove("UMT_SECRET_KEY");
    pb.environment().remove("UMT_SECRET_KEY_FILE");
    Process p = pb.start();
    daemons.add(p);
    return p;
  }

  private String out(String name) {
    try {
      return Files.readString(tmp.resolve(name + ".out"))
          + Files.readString(tmp.resolve(name + ".err"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next line of the daemon's output not yet returned, waiting up to a minute for it. */
  private String awaitLine(String name) throws Exception {
    int seen = linesSeen.merge(name, 1, Integer::sum);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<String> lines = Files.readString(tmp.resolve(name + ".out")).lines().toList();
      String text = Files.readString(tmp.resolve(name + ".out"));
      if (lines.size() >= seen && (lines.size() > seen || text.endsWith("\n"))) {
        return lines.get(seen - 1);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("daemon " + name + " printed no line " + seen + ": " + out(name));
  }

  private final java.util.Map<String, Integer> linesSeen = new java.util.HashMap<>();

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path rel = from.relativize(p);
        if (rel.startsWith("logs")) {
          continue;
        }
        Path dest = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    }
  }
}
