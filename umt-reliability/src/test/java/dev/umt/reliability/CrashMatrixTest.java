package dev.umt.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.SyncReport;
import dev.umt.reliability.FaultProxy.Fault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash side of the fault matrix: a child JVM ({@link CrashChild}, same class path) runs a sync
 * against the stand-in in this JVM, through the {@link FaultProxy}, with its data folder under a
 * temporary folder, and is killed with {@link Process#destroyForcibly()} (SIGKILL) at 20 points of
 * the apply chosen from a fixed seed: while a chosen call is held by the proxy (some of them create
 * batches the stand-in has already applied, or not yet), right after a ledger write starts, and
 * right after a compaction of the ledger starts. After each kill the next run, in this JVM, must
 * open the ledger without a corruption error, converge (no duplicate account, every user in their
 * wanted state, nothing deprovisioned), and a further run must write nothing.
 */
class CrashMatrixTest {
  private static final long SEED = 20261201L;
  private static final int KILLS = 20;
  private static final int USERS = 20;
  private static final int LATER = 20;
  private static final int RENAMES = 5;

  /**
   * Calls the killed run makes at least (reads, 4 create batches of 5, a group per new user, the
   * renames): the held call is one of these.
   */
  private static final int CALLS = 32;

  private static final List<String> FIGURES = new ArrayList<>();

  @TempDir Path folder;

  @AfterAll
  static void printFigures() {
    FIGURES.forEach(System.out::println);
  }

  /** Where one case kills the child. */
  private record KillPoint(String kind, int n, boolean applied, int delayMillis) {
    @Override
    public String toString() {
      return switch (kind) {
        case "call" ->
            "while call "
                + n
                + " is held"
                + (applied ? " (the stand-in applied it)" : " (before the stand-in)");
        case "create" ->
            "inside create batch "
                + n
                + (applied ? " (the stand-in created it)" : " (before the stand-in)");
        case "ledger-write" -> "in ledger write " + n + " (+" + delayMillis + " ms)";
        default -> "in ledger compaction " + n + " (+" + delayMillis + " ms)";
      };
    }
  }

  private static List<KillPoint> killPoints() {
    Random r = new Random(SEED);
    List<KillPoint> points = new ArrayList<>();
    for (int i = 0; i < KILLS; i++) {
      points.add(
          switch (i % 4) {
            case 0 -> new KillPoint("call", 1 + r.nextInt(CALLS), r.nextBoolean(), 0);
            case 1 -> new KillPoint("create", 1 + r.nextInt(LATER / 5), r.nextBoolean(), 0);
            case 2 -> new KillPoint("ledger-write", 1, false, r.nextInt(4));
            default -> new KillPoint("compact", 1, false, r.nextInt(4));
          });
    }
    return points;
  }

  @Test
  void twentyKillsDuringTheApplyEachConvergeOnTheNextRun() throws Exception {
    kill(killPoints(), false);
  }

  /**
   * The first 8 of the same kills (two of each kind), and after each the ledger must hold what
   * GoToMyPC holds: a change the killed run applied but could not record must be recorded by the
   * next run, even when that run finds nothing left to do.
   */
  @Test
  void afterEachKillTheNextRunLeavesALedgerThatMatchesTheStandIn() throws Exception {
    kill(killPoints().subList(0, 8), true);
  }

  private void kill(List<KillPoint> points, boolean checkLedger) throws Exception {
    int killed = 0;
    long wrongful = 0;
    long duplicates = 0;
    List<String> notKilled = new ArrayList<>();
    int i = 0;
    for (KillPoint point : points) {
      Path caseFolder = Files.createDirectories(folder.resolve("case-" + ++i));
      try (World w =
          World.start(
              caseFolder,
              USERS,
              LATER,
              200,
              0,
              false,
              Map.of(
                  "requestsPerSecond",
                  "200",
                  "maxUsersPerCreate",
                  "5",
                  "retry.initialBackoff",
                  "PT0.01S",
                  "retry.maxBackoff",
                  "PT0.05S"))) {
        World.Run first = w.run();
        assertThat(first.reportOrFail().status())
            .as("case %d: the clean first run", i)
            .isEqualTo(SyncReport.Status.COMPLETED);
        CrashChild.changeDirectory(w, USERS, LATER, RENAMES);

        CountDownLatch reached = new CountDownLatch(1);
        AtomicBoolean hit = new AtomicBoolean();
        w.proxy.onHold(
            () -> {
              hit.set(true);
              reached.countDown();
            });
        if (point.kind().equals("call")) {
          w.proxy.policy(
              TargetFaultMatrixTest.counted(
                  (n, m, p) -> n == point.n() ? Fault.hold(point.applied()) : null));
        } else if (point.kind().equals("create")) {
          int[] creates = new int[1];
          w.proxy.policy(
              (n, m, p) ->
                  m.equals("POST") && p.endsWith("/users") && ++creates[0] == point.n()
                      ? Fault.hold(point.applied())
                      : null);
        }
        String marker =
            switch (point.kind()) {
              case "ledger-write" -> CrashChild.LEDGER_WRITE + point.n();
              case "compact" -> CrashChild.COMPACT + point.n();
              default -> null;
            };
        Process child = start(w, caseFolder);
        List<String> lines = new ArrayList<>();
        Thread reader =
            new Thread(() -> read(child, lines, marker, hit, reached), "crash-child-reader");
        reader.setDaemon(true);
        reader.start();
        assertThat(reached.await(60, TimeUnit.SECONDS))
            .as("case %d: the child reached its kill point or ended", i)
            .isTrue();
        if (hit.get() && point.delayMillis() > 0) {
          Thread.sleep(point.delayMillis());
        }
        boolean alive = child.isAlive();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("case %d: the child died", i).isTrue();
        reader.join(5_000);
        w.proxy.policy(FaultProxy.Policy.NONE);
        if (!hit.get() || (marker == null && !alive)) {
          notKilled.add(point + ": " + lines);
        }
        if (alive) {
          killed++;
        }
        boolean tempLeft;
        try (Stream<Path> files = Files.list(w.state)) {
          tempLeft = files.anyMatch(f -> f.getFileName().toString().contains("tmp"));
        }

        World.Run next = w.run();
        Truth.reportMatchesStandIn(w, next);
        Truth.noDuplicates(w);
        Truth.noDeprovisioning(w, next);
        assertThat(next.reportOrFail().status())
            .as("case %d (%s): the run after the kill: %s", i, point, next.report().summary())
            .isEqualTo(SyncReport.Status.COMPLETED);
        Truth.converged(w, next, USERS + LATER);
        if (checkLedger) {
          Truth.ledgerMatchesStandIn(w, next);
        }
        World.Run quiet = w.run();
        assertThat(quiet.writes()).as("case %d (%s): writes of a further run", i, point).isZero();
        wrongful += Truth.deprovisions(w, next) + Truth.deprovisions(w, quiet);
        duplicates += Truth.duplicates(w);
        FIGURES.add(
            String.format(
                Locale.ROOT,
                "crash case %2d: killed %-60s %s, %s; next run %s",
                i,
                point,
                alive ? "while running" : "after it had ended",
                tempLeft ? "a temporary file left" : "no temporary file left",
                next.report().summary()));
      }
    }
    FIGURES.add(
        String.format(
            Locale.ROOT,
            "crash matrix%s: %d kill points, %d killed while running, wrongful deprovisions %d,"
                + " duplicates %d",
            checkLedger ? " (ledger checked too)" : "",
            points.size(),
            killed,
            wrongful,
            duplicates));
    assertThat(notKilled).as("kill points the child ran past").isEmpty();
  }

  private static Process start(World w, Path caseFolder) throws IOException {
    Path settingsFile = caseFolder.resolve("child-settings.properties");
    Properties p = new Properties();
    p.putAll(w.settings());
    try (OutputStream out = Files.newOutputStream(settingsFile)) {
      p.store(out, "target settings for the crash child");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xshare:auto",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            System.getProperty("java.class.path"),
            CrashChild.class.getName(),
            settingsFile.toString(),
            caseFolder.toString(),
            String.valueOf(USERS),
            String.valueOf(LATER),
            String.valueOf(LATER),
            String.valueOf(RENAMES));
    pb.redirectError(caseFolder.resolve("child-stderr.txt").toFile());
    return pb.start();
  }

  /**
   * Reads the child's lines; counts {@code reached} down at {@code marker} (setting {@code hit}) or
   * at the end of its output.
   */
  private static void read(
      Process child, List<String> lines, String marker, AtomicBoolean hit, CountDownLatch reached) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.equals(marker)) {
          hit.set(true);
          reached.countDown();
        }
        synchronized (lines) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      if (child.isAlive()) {
        throw new UncheckedIOException(e);
      }
    } finally {
      reached.countDown();
    }
  }
}
