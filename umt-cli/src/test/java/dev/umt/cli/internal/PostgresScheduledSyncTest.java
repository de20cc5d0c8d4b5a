package dev.umt.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture;
import dev.umt.postgres.PostgresConfig;
import dev.umt.postgres.PostgresDatabase;
import dev.umt.postgres.PostgresStateStore;
import dev.umt.schedule.RunResult;
import dev.umt.testkit.postgres.PostgresTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled fire of {@code umt daemon} with {@code stateStore postgres}: while another run (any
 * node) holds the company it is SKIPPED naming the holder, nothing applied; once free it runs and
 * its ledger is in the database.
 */
class PostgresScheduledSyncTest {
  static PostgresTestServer.Database database;
  @TempDir Path tmp;
  CliFixture f;

  @BeforeAll
  static void database() {
    database = PostgresTestServer.find().createDatabase("cli-sched");
  }

  @AfterAll
  static void drop() {
    if (database != null) {
      database.close();
    }
  }

  @BeforeEach
  void setUp() {
    f = new CliFixture(tmp.resolve("data"));
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
    assertThat(
            f.run(
                    "settings",
                    "set",
                    "stateStore",
                    "postgres",
                    "postgres.url",
                    database.jdbcUrl(),
                    "postgres.user",
                    database.server().user())
                .exit())
        .isZero();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void aFireWhileAnotherRunHoldsTheCompanyIsSkippedNamingTheHolder() {
    ScheduledSync sync =
        new ScheduledSync(f.data, Map.of(), new PrintStream(new ByteArrayOutputStream()));
    PostgresConfig config =
        PostgresConfig.builder().jdbcUrl(database.jdbcUrl()).user(database.server().user()).build();
    try (PostgresDatabase db = PostgresDatabase.open(config);
        PostgresStateStore other = PostgresStateStore.open(db, f.company)) {
      RunResult skipped = sync.run(ScheduledSyncTest.fire("rules.json"), () -> false);
      assertThat(skipped.outcome()).isEqualTo(RunResult.Outcome.SKIPPED);
      assertThat(skipped.reason())
          .matches(
              "another run holds the company's ledger, so this fire is skipped, not queued: the"
                  + " ledger of company "
                  + Pattern.quote(f.company)
                  + " in "
                  + Pattern.quote(database.jdbcUrl())
                  + " is in use by another UMT store "
                  + "\\(application_name 'umt pid "
                  + ProcessHandle.current().pid()
                  + " on [^']+', .*");
      assertThat(f.gotomypc.users(f.company)).isEmpty();
    }
    RunResult ran = sync.run(ScheduledSyncTest.fire("rules.json"), () -> false);
    assertThat(ran.outcome()).as(ran.reason()).isEqualTo(RunResult.Outcome.COMPLETED);
    try (PostgresDatabase db = PostgresDatabase.open(config);
        PostgresStateStore store = PostgresStateStore.open(db, f.company)) {
      assertThat(store.ledger()).hasSameSizeAs(f.gotomypc.users(f.company)).isNotEmpty();
    }
  }
}
