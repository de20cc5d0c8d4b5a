package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code umt demo} on a small generated organisation, and the commands it tells the user to run
 * afterwards.
 */
class DemoTest {
  @TempDir Path tmp;

  private Result umt(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    int exit =
        Umt.execute(
            args,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theDemoRunsAndLeavesItsDataFolderForStatusHistoryAndReport() throws Exception {
    Path data = tmp.resolve("demo");
    Result demo = umt("--data", data.toString(), "demo", "--users", "300");
    assertThat(demo.exit()).as(demo.all()).isZero();
    assertThat(demo.out())
        .contains(
            "300 generated users",
            "raised from 10 to 500 requests/s for the demo",
            "Logged in to GoToMyPC as Morgan Manager <manager@example.test>, company Example Corp",
            "bound as cn=Directory Manager",
            "Added rule emea",
            "Added rule sales",
            "Applied plan: COMPLETED",
            "OU renamed: OU=EMEA is now OU=Europe",
            "Run: COMPLETED",
            "create=1 update=1 suspend=2",
            "umt --data " + data + " status");
    assertThat(Files.readString(data.resolve("reports/first-plan.html")))
        .contains("<title>UMT plan ");
    Matcher run = Pattern.compile("umt --data \\S+ report (\\S+) --html").matcher(demo.out());
    assertThat(run.find()).isTrue();

    Result history = umt("--data", data.toString(), "history");
    assertThat(history.exit()).isZero();
    assertThat(history.out()).contains(run.group(1), "COMPLETED", "suspend=2");
    Result report = umt("--data", data.toString(), "report", run.group(1));
    assertThat(report.out()).contains("SUSPEND (2)", "user left the scope of rule sales");
    Result status = umt("--data", data.toString(), "status");
    assertThat(status.exit()).isZero();
    assertThat(status.out())
        .contains(
            "  could not reach GoToMyPC at http://127.0.0.1:",
            "  could not reach the directory (active-directory) at 127.0.0.1:",
            "emea ",
            "last run: ");

    Result again = umt("--data", data.toString(), "demo", "--users", "300");
    assertThat(again.exit()).as("a second demo empties its own folder").isZero();
    Files.writeString(tmp.resolve("other.txt"), "x");
    Result refused = umt("--data", tmp.toString(), "demo", "--users", "300");
    assertThat(refused.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(refused.err())
        .endsWith(
            "umt: "
                + tmp
                + " is not empty and not a demo folder: give the demo an empty or new folder with"
                + " --data DIR\n");
  }
}
