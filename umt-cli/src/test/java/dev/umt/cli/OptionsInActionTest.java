package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Local options change what a command does: the directory's search lines in the log, the pace of
 * GoToMyPC calls.
 */
class OptionsInActionTest extends CliTest {
  private String log() throws Exception {
    return Files.readString(f.data.resolve("logs").resolve("umt.log"));
  }

  @Test
  void detailedDirectoryLoggingWritesTheSourcesSearchAndPageLinesToTheLog() throws Exception {
    assertThat(f.connect().exit()).isZero();
    String sales = CliFixture.dn(CliFixture.ORG.unit("Sales").dn());
    Result off = f.run("users", sales, "--page-size", "1");
    assertThat(off.exit()).as(off.all()).isZero();
    assertThat(log()).doesNotContain("dev.umt.ldap.search");

    assertThat(f.run("settings", "set", "detailedDirectoryLogging", "true").exit()).isZero();
    Result on = f.run("users", sales, "--page-size", "1");
    assertThat(on.exit()).as(on.all()).isZero();
    String search = "INFO  \\[[^\\]]+\\] dev\\.umt\\.ldap\\.search - ";
    String doing = "reading the users of " + Pattern.quote(sales) + " \\(one level\\)";
    assertThat(log())
        .containsPattern(
            search
                + "LDAP search for "
                + doing
                + ": base \""
                + Pattern.quote(sales)
                + "\", scope ONE, filter "
                + Pattern.quote("(&(objectClass=user)(!(objectClass=computer)))")
                + ", attributes objectClass,objectGUID,[A-Za-z,]+, controls \\[paged results"
                + " 1\\.2\\.840\\.113556\\.1\\.4\\.319, page size 1\\], size limit 0, time limit 0"
                + " s\n")
        .containsPattern(
            search + "LDAP page 1 of " + doing + ": 1 entries in \\d+ ms, more follow\n")
        .containsPattern(
            search + "LDAP page [23] of " + doing + ": [01] entries in \\d+ ms, no more follow\n");

    assertThat(f.run("settings", "set", "detailedDirectoryLogging", "false").exit()).isZero();
    long lines = log().lines().filter(l -> l.contains("dev.umt.ldap.search")).count();
    assertThat(f.run("users", sales, "--page-size", "1").exit()).isZero();
    assertThat(log().lines().filter(l -> l.contains("dev.umt.ldap.search")).count())
        .as("off again: no new lines")
        .isEqualTo(lines);
  }

  /**
   * Each command makes its own client, so two commands back to back are each paced but not
   * together; the set-up therefore adds the rules before logging in (no GoToMyPC call), and the run
   * starts more than a second after the login's few calls, so every one-second window the stand-in
   * counts holds only the run's requests.
   *
   * <p>The client's pacer holds each request's place in the window until a second after its answer,
   * so the stand-in, which counts a request when it arrives, never sees more than the limit in any
   * second (until issue 12 the pacer spaced requests when they were sent, and the stand-in saw the
   * limit plus one).
   */
  @Test
  void aRunWithRateLimitFourSendsAtMostFourRequestsInAnySecond() throws Exception {
    assertThat(f.run("settings", "set", "rateLimitPerSecond", "4").exit()).isZero();
    assertThat(f.connect().exit()).isZero();
    String corp = CliFixture.dn(CliFixture.ORG.unit("Corp").dn());
    String bulk = CliFixture.dn(CliFixture.ORG.unit("Bulk").dn());
    assertThat(f.run("rules", "add", "corp", "--dn", corp, "--group", "Staff").exit()).isZero();
    Result b =
        f.run(
            "rules",
            "add",
            "bulk",
            "--dn",
            bulk,
            "--group",
            "Staff/Engineering",
            "--filter",
            "(sAMAccountName=bulk000*)");
    assertThat(b.exit()).as(b.all()).isZero();
    assertThat(f.login().exit()).isZero();
    int setUp = f.gotomypc.maxRequestsInAnySecond();
    Thread.sleep(1_100);
    long before = f.gotomypc.requestCount();
    Result run = f.run("run");
    assertThat(run.exit()).as(run.all()).isZero();
    assertThat(run.out()).contains("done 17 (create=14, no change=2, skip=1)");
    assertThat(f.gotomypc.requestCount() - before)
        .as("enough calls for the pace to matter")
        .isGreaterThanOrEqualTo(20);
    assertThat(setUp).as("the set-up's own pace").isLessThanOrEqualTo(4);
    assertThat(f.gotomypc.maxRequestsInAnySecond())
        .as("the limit, as the stand-in counts")
        .isLessThanOrEqualTo(4);
  }
}
