package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher script {@code ./umt} over the packaged application (run by failsafe after
 * {@code package}).
 */
class LauncherIT {
  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  private Run umt(String... args) throws IOException, InterruptedException {
    Path script = Path.of("..", "umt").toAbsolutePath().normalize();
    List<String> command = new ArrayList<>(List.of("sh", script.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(tmp.resolve("out").toFile())
            .redirectError(tmp.resolve("err").toFile());
    pb.environment().put("UMT_DATA", tmp.resolve("data").toString());
    pb.environment().remove("UMT_SECRET_KEY");
    pb.environment().remove("UMT_SECRET_KEY_FILE");
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(tmp.resolve("out"), StandardCharsets.UTF_8),
        Files.readString(tmp.resolve("err"), StandardCharsets.UTF_8));
  }

  @Test
  void theScriptRunsThePackagedTool() throws Exception {
    Run help = umt("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("Usage: umt [-hvV] [--debug] [--data=DIR] [COMMAND]", "Exit codes:");
    Run about = umt("about");
    assertThat(about.exit()).isZero();
    assertThat(about.out())
        .contains(
            "umt 0.1.0-SNAPSHOT",
            "data folder:  " + tmp.resolve("data"),
            "installed at: ",
            Path.of("umt-cli", "target", "umt", "umt-cli.jar").toString());
    Run bad = umt("rules", "edit");
    assertThat(bad.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(bad.err())
        .isEqualTo(
            "umt rules edit: Missing required parameter: 'RULE-ID' (see 'umt rules edit"
                + " --help')\n");
    Run notConnected = umt("browse");
    assertThat(notConnected.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(notConnected.err())
        .isEqualTo("umt: no directory is configured: run 'umt connect' first\n");
    assertThat(Files.readString(tmp.resolve("data/logs/umt.log")))
        .contains("ERROR [main] umt - no directory is configured: run 'umt connect' first");
  }
}
