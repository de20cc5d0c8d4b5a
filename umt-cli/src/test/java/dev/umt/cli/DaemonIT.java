package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./umt daemon} as a child process over the packaged application (failsafe, after {@code
 * package}), against the embedded directory and the GoToMyPC stand-in of this JVM: SIGTERM while a
 * scheduled run is reading stops it cleanly: the run ends FAILED with every step NOT_ATTEMPTED and
 * that said, nothing is created, and the daemon says it stopped.
 */
class DaemonIT {
  @TempDir Path tmp;
  CliFixture f;

  @BeforeEach
  void setUp() {
    f = new CliFixture(tmp.resolve("data"));
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void sigtermDuringAScheduledRunStopsItAfterTheCurrentStepAndTheDaemonExits() throws Exception {
    assertThat(f.login().exit()).isZero();
    assertThat(f.connect().exit()).isZero();
    assertThat(
            f.run(
                    "rules",
                    "add",
                    "eng",
                    "--dn",
                    CliFixture.dn(CliFixture.ORG.group("Engineers").dn()),
                    "--group",
                    "Staff/Engineering")
                .exit())
        .isZero();
    LocalDateTime soon =
        LocalDateTime.ofInstant(Instant.now().plusSeconds(2), ZoneOffset.UTC)
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
    f.gotomypc.latency(
        Duration.ofMillis(400)); // the run's reads take a few seconds: time to send SIGTERM mid-run
    long before = f.gotomypc.requestCount();

    Path script = Path.of("..", "umt").toAbsolutePath().normalize();
    ProcessBuilder pb =
        new ProcessBuilder(List.of("sh", script.toString(), "daemon"))
            .redirectError(tmp.resolve("err").toFile())
            .redirectOutput(
                tmp.resolve("out")
                    .toFile()); // destroy() closes the process's pipes: read its output from a file
    pb.environment().put("UMT_DATA", f.data.toString());
    pb.environment().remove("UMT_SECRET_KEY");
    pb.environment().remove("UMT_SECRET_KEY_FILE");
    Process daemon = pb.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(tmp.resolve("out")).contains("\n")
          && daemon.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(Files.readString(tmp.resolve("out")))
          .as("the daemon's first line")
          .startsWith("umt daemon: 1 schedule(s) on " + f.data + "; stop with SIGTERM or Ctrl-C\n");
      while (f.gotomypc.requestCount() == before && System.nanoTime() < deadline) {
        Thread.sleep(20); // until the scheduled run talks to GoToMyPC
      }
      assertThat(f.gotomypc.requestCount()).as("the scheduled run started").isGreaterThan(before);
      daemon.destroy(); // SIGTERM
      assertThat(daemon.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(daemon.exitValue()).isEqualTo(143);
      assertThat(Files.readString(tmp.resolve("out"))).endsWith("umt daemon: stopped\n");
      assertThat(Files.readString(tmp.resolve("err")).lines())
          .as("no error, only the fixture's unencrypted-secrets warning")
          .allMatch(l -> l.startsWith("warning: secrets are stored unencrypted in " + f.data));
    } finally {
      daemon.destroyForcibly();
    }
    assertThat(f.gotomypc.users(f.company)).as("nothing created after SIGTERM").isEmpty();
    Result history = f.run("history");
    assertThat(history.out())
        .contains(
            " FAILED ",
            "create not_attempted=2",
            "(the apply stopped after 0 of 2 target step(s): the run was asked to stop (the"
                + " scheduler is shutting down); the steps not started are left for the next run)");
    assertThat(f.run("schedule", "list").out()).contains("; last: ", " FAILED ");
    assertThat(Files.readString(f.data.resolve("logs/umt.log")))
        .contains("umt daemon: asked to stop", "umt daemon stopped at ");
  }
}
