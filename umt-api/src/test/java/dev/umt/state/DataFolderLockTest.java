package dev.umt.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.internal.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix's concurrency case: two processes on one data folder never both open it (so
 * never both apply), the second is told who holds it, and a holder killed with {@code kill -9}
 * leaves the folder free. The processes are child JVMs on this test's class path.
 */
class DataFolderLockTest {
  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killChildren() {
    children.forEach(Process::destroyForcibly);
  }

  private Process start(Path folder) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                DataFolderLockHolder.class.getName(),
                folder.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    children.add(p);
    return p;
  }

  private static String firstLine(Process p) throws Exception {
    String line =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    return line == null ? "(no output; exit " + p.waitFor() + ")" : line;
  }

  /**
   * The message a refused opener gets while {@code holder} holds the folder, with the start time
   * its lock file gives.
   */
  private String lockedBy(Process holder) throws Exception {
    Map<?, ?> lock = (Map<?, ?>) Json.parse(Files.readString(dir.resolve("lock")).strip());
    return "data folder "
        + dir
        + " is in use by another UMT process (pid "
        + holder.pid()
        + " on host "
        + InetAddress.getLocalHost().getHostName()
        + ", since "
        + lock.get("since")
        + "): two runs on one data folder would apply the same changes twice. Wait for that run to"
        + " end, or stop that process, and run again; the operating system frees the lock when the"
        + " process ends, even if it is killed";
  }

  @Test
  void twoProcessesStartedTogetherNeverBothOpenTheFolder() throws Exception {
    Process a = start(dir);
    Process b = start(dir);
    List<String> lines = List.of(firstLine(a), firstLine(b));

    assertThat(lines).filteredOn("OPEN"::equals).hasSize(1);
    Process holder = lines.get(0).equals("OPEN") ? a : b;
    Process refused = holder == a ? b : a;
    assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(refused.exitValue()).isEqualTo(3);
    assertThat(lines).contains("REFUSED " + lockedBy(holder));
  }

  @Test
  void theSecondOpenerIsToldWhoHoldsTheFolderAndItIsFreeAgainOnceTheHolderIsKilled()
      throws Exception {
    Process holder = start(dir);
    assertThat(firstLine(holder)).isEqualTo("OPEN");

    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(DataFolderLockedException.class)
        .hasMessage(lockedBy(holder));

    holder.destroyForcibly().waitFor();
    Process next = start(dir);
    assertThat(firstLine(next)).as("a kill -9 leaves no stale lock").isEqualTo("OPEN");
    next.getOutputStream().close();
    assertThat(next.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(next.exitValue()).isZero();

    try (JsonFileStateStore store = JsonFileStateStore.open(dir)) {
      // This process holds the lock now: it must not read the lock file (closing any channel on it
      // would free the lock).
      assertThat(firstLine(start(dir)))
          .startsWith(
              "REFUSED data folder "
                  + dir
                  + " is in use by another UMT process (pid "
                  + ProcessHandle.current().pid()
                  + " on host "
                  + InetAddress.getLocalHost().getHostName()
                  + ", since ");
    }
  }
}
