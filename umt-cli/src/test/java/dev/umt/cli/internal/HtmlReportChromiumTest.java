package dev.umt.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real browser: headless Chromium (Debian package {@code chromium}) loads the
 * file, runs its script, and {@code --dump-dom} shows what it shows. Skipped where Chromium is not
 * installed, unless {@code UMT_REQUIRE_TEST_SERVERS=1} (CI installs it), where that fails.
 */
class HtmlReportChromiumTest {
  @TempDir Path tmp;

  static final SavedReport REPORT =
      new SavedReport(
          "0e9f-plan",
          SavedReport.Kind.RUN,
          SavedReport.Status.COMPLETED_WITH_ERRORS,
          "",
          true,
          "2026-12-01T05:00:00Z",
          List.of(
              new SavedReport.Step(
                  PlanStep.Kind.CREATE,
                  "CN=Zoë Łukasiewicz,OU=Engineering,DC=example,DC=test",
                  "u1",
                  "eng",
                  "in OU Engineering",
                  StepOutcome.Result.DONE,
                  ""),
              new SavedReport.Step(
                  PlanStep.Kind.CREATE,
                  "CN=<script>alert(1)</script>,DC=example,DC=test",
                  "u2",
                  "eng",
                  "in OU Engineering",
                  StepOutcome.Result.FAILED,
                  "HTTP 400 & more"),
              new SavedReport.Step(
                  PlanStep.Kind.SUSPEND,
                  "bob@example.test",
                  "u3",
                  "sales",
                  "user left the scope of rule sales",
                  StepOutcome.Result.DONE,
                  ""),
              new SavedReport.Step(
                  PlanStep.Kind.NO_CHANGE,
                  "CN=Alice,DC=example,DC=test",
                  "u4",
                  "sales",
                  "in OU Sales",
                  StepOutcome.Result.DONE,
                  "")));

  private static Path chromium() {
    for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    boolean required =
        "1".equals(System.getenv("UMT_REQUIRE_TEST_SERVERS"))
            || "true".equals(System.getProperty("umt.requireTestServers"));
    if (required) {
      throw new AssertionError(
          "headless Chromium is required (UMT_REQUIRE_TEST_SERVERS=1) but not installed: apt-get"
              + " install chromium");
    }
    assumeTrue(false, "Chromium is not installed (apt-get install chromium)");
    return null;
  }

  private String dumpDom(Path html, String fragment) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                chromium().toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + tmp.resolve("profile"),
                "--dump-dom",
                html.toUri() + fragment)
            .redirectError(tmp.resolve("chromium.err").toFile())
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static List<String> visibleKinds(String dom) {
    Matcher m = Pattern.compile("<tr data-kind=\"([a-z_]+)\"([^>]*)>").matcher(dom);
    List<String> kinds = new java.util.ArrayList<>();
    while (m.find()) {
      if (!m.group(2).contains("hidden")) {
        kinds.add(m.group(1));
      }
    }
    return kinds;
  }

  @Test
  void chromiumShowsEveryStepAndTheFilterSelectsOneKind() throws Exception {
    Path html = tmp.resolve("report.html");
    Files.writeString(html, HtmlReport.render(REPORT));
    String all = dumpDom(html, "");
    assertThat(all)
        .contains(
            "<title>UMT run 0e9f-plan</title>",
            "Status: <b>COMPLETED_WITH_ERRORS</b>",
            "CN=Zoë Łukasiewicz",
            "CN=&lt;script&gt;alert(1)&lt;/script&gt;",
            "FAILED: HTTP 400 &amp; more",
            "data-filter=\"all\"",
            "<span id=\"shown\">4</span>");
    assertThat(visibleKinds(all)).containsExactly("create", "create", "suspend", "no_change");
    assertThat(all).doesNotContain("<script>alert(1)</script>");

    String creates = dumpDom(html, "#kind=create");
    assertThat(visibleKinds(creates)).containsExactly("create", "create");
    assertThat(creates)
        .contains(
            "data-filter=\"create\"",
            "<span id=\"shown\">2</span>",
            "<button data-kind=\"create\" class=\"on\">create</button>");
    String suspends = dumpDom(html, "#kind=suspend");
    assertThat(visibleKinds(suspends)).containsExactly("suspend");
    assertThat(suspends).contains("<span id=\"shown\">1</span>");
  }

  @Test
  void theFileIsSelfContained() {
    String html = HtmlReport.render(REPORT);
    assertThat(html).doesNotContain("src=", "href=", "@import", "url(");
  }
}
