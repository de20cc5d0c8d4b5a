package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import dev.umt.state.HeldPlan;
import dev.umt.state.JsonFileStateStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code umt held} and {@code umt status} read the state store's held plans, and status still
 * answers when the servers are gone.
 */
class HeldAndStatusTest extends CliTest {
  @Test
  void aPlanHeldByAnotherProgramOnTheStateFolderIsListedWithItsReason() {
    assertThat(f.run("held").out()).isEqualTo("No plan is waiting for approval.\n");
    try (JsonFileStateStore store = JsonFileStateStore.open(f.data.resolve("state"))) {
      store.holdPlan(
          new HeldPlan(
              "nightly-1",
              "f1",
              Instant.parse("2026-11-30T02:00:00Z"),
              "would suspend 40 of 100 accounts (limit 10%)"));
      store.holdPlan(
          new HeldPlan(
              "nightly-2",
              "f2",
              Instant.parse("2026-12-01T02:00:00Z"),
              "would delete 12 accounts (limit 5)"));
    }
    Result held = f.run("held");
    assertThat(held.exit()).as(held.all()).isZero();
    assertThat(held.out())
        .isEqualTo(
            """
            nightly-2  2026-12-01 02:00:00Z  held   would delete 12 accounts (limit 5)
                apply with: umt approve nightly-2
            nightly-1  2026-11-30 02:00:00Z  held   would suspend 40 of 100 accounts (limit 10%)
                apply with: umt approve nightly-1
            """);
    assertThat(f.run("status").out())
        .contains(
            """
            Waiting for approval
              nightly-2  2026-12-01 02:00:00Z  held   would delete 12 accounts (limit 5)
                  apply with: umt approve nightly-2
              nightly-1  2026-11-30 02:00:00Z  held   would suspend 40 of 100 accounts (limit 10%)
                  apply with: umt approve nightly-1
            """);
  }

  @Test
  void statusAfterTheServersStoppedShowsWhatTheDataFolderKnowsAndOneLinePerUnreachableService() {
    assertThat(f.login().exit()).isZero();
    assertThat(f.connect().exit()).isZero();
    String sales = CliFixture.dn(CliFixture.ORG.unit("Sales").dn());
    assertThat(f.run("rules", "add", "sales", "--dn", sales, "--group", "Staff/Sales").exit())
        .isZero();
    Result run = f.run("run");
    assertThat(run.exit()).as(run.all()).isZero();
    String servers = f.ad.host() + ":" + f.ad.port();
    String baseUrl = f.gotomypc.baseUrl();
    f.close();

    Result status = f.run("status");
    assertThat(status.exit()).as(status.all()).isZero();
    assertThat(
            status
                .out()
                .lines()
                .filter(l -> l.startsWith("  could not reach GoToMyPC at " + baseUrl + ": ")))
        .hasSize(1);
    assertThat(
            status
                .out()
                .lines()
                .filter(
                    l ->
                        l.startsWith(
                            "  could not reach the directory (active-directory) at "
                                + servers
                                + ": ")))
        .hasSize(1);
    assertThat(status.out())
        .contains(
            "Rules\n  sales ",
            "      last run: create=2 skip=1",
            "Last runs\n  ",
            "  COMPLETED ",
            "Waiting for approval\n  nothing\n");
    assertThat(status.err()).isEmpty();
  }
}
