package dev.umt.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.state.LedgerEntry;
import dev.umt.target.AccountStatus;
import dev.umt.testkit.postgres.PostgresTestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two processes on one company: while a node (another JVM) holds the store, this one is refused
 * with the holder's name, pid and address; once that node is killed with {@code kill -9},
 * PostgreSQL ends its session and this one opens the store.
 */
class TwoProcessLockTest {
  static PostgresTestServer.Database database;
  static PostgresDatabase db;

  @BeforeAll
  static void database() {
    database = PostgresTestServer.find().createDatabase("two-process-lock");
    db =
        PostgresDatabase.open(
            PostgresConfig.builder()
                .jdbcUrl(database.jdbcUrl())
                .user(database.server().user())
                .build());
  }

  @AfterAll
  static void drop() {
    if (db != null) {
      db.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void anotherProcessHoldingTheCompanyIsNamedAndItsDeathByKillNineFreesTheCompany()
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                database.jdbcUrl(),
                database.server().user(),
                "acme")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("HELD");
      assertThatThrownBy(() -> PostgresStateStore.open(db, "acme"))
          .isInstanceOf(LedgerLockedException.class)
          .hasMessageMatching(
              "the ledger of company acme in \\Q"
                  + database.jdbcUrl()
                  + "\\E is in use by another UMT store "
                  + "\\(application_name 'umt pid "
                  + holder.pid()
                  + " on [^']+', client 127\\.0\\.0\\.1:\\d+, server pid \\d+, since [^)]+\\): "
                  + "two runs applying to one ledger would apply the same changes twice\\..*");
      holder.destroyForcibly();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // The server ends the dead client's session when its socket closes; a new opener may come a
      // moment before that.
      PostgresStateStore store = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (store == null) {
        try {
          store = PostgresStateStore.open(db, "acme");
        } catch (LedgerLockedException e) {
          assertThat(System.nanoTime())
              .as("the killed holder's lock is freed within 30 s")
              .isLessThan(deadline);
          Thread.sleep(20);
        }
      }
      try (PostgresStateStore s = store) {
        s.writeLedger(
            List.of(
                new LedgerEntry(
                    "u-1",
                    "k-1",
                    "one@example.test",
                    null,
                    null,
                    null,
                    true,
                    AccountStatus.ACTIVE,
                    null,
                    Instant.parse("2026-12-01T00:00:00Z"),
                    null)),
            List.of());
        assertThat(s.ledger()).containsOnlyKeys("u-1");
      }
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
