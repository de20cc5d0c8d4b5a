package dev.umt.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.SyncReport;
import dev.umt.TemporaryFailureException;
import dev.umt.UmtException;
import dev.umt.rule.DeprovisionAction;
import dev.umt.state.CorruptStateException;
import dev.umt.state.LedgerEntry;
import dev.umt.state.RunRecord;
import dev.umt.target.AccountStatus;
import dev.umt.testkit.postgres.PostgresTestServer;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only the PostgreSQL store does: a lost lock session, the schema, the lock's key, connection
 * errors.
 */
class PostgresStateStoreTest {
  static PostgresTestServer.Database database;
  static PostgresDatabase db;

  @BeforeAll
  static void database() {
    database = PostgresTestServer.find().createDatabase("store");
    db = PostgresDatabase.open(config(database.jdbcUrl()));
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

  static PostgresConfig config(String url) {
    return PostgresConfig.builder().jdbcUrl(url).user(database.server().user()).build();
  }

  static LedgerEntry entry(String id) {
    return new LedgerEntry(
        id,
        "k-" + id,
        id + "@example.test",
        null,
        null,
        null,
        true,
        AccountStatus.ACTIVE,
        null,
        Instant.parse("2026-12-01T00:00:00Z"),
        null);
  }

  /**
   * The server process of the session holding the company's lock (application_name says it is
   * UMT's).
   */
  static int lockSession(String company) throws Exception {
    try (Connection c = database.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE"
                    + " l.locktype = 'advisory' AND l.granted AND l.classid::text::bigint = ? AND"
                    + " l.objid::text::bigint = ?")) {
      long key = CompanyLock.key(company);
      s.setLong(1, key >>> 32);
      s.setLong(2, key & 0xFFFF_FFFFL);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).as("a session holds the lock of " + company).isTrue();
        return r.getInt(1);
      }
    }
  }

  @Test
  void aStoreWhoseLockSessionEndedRefusesToWriteAndAnotherStoreMayOpen() throws Exception {
    PostgresStateStore store = PostgresStateStore.open(db, "lost");
    store.writeLedger(List.of(entry("u-1")), List.of());
    int pid = lockSession("lost");
    try (Connection c = database.connect();
        Statement s = c.createStatement()) {
      // What a lost network connection or a server restart does to the session.
      s.execute("SELECT pg_terminate_backend(" + pid + ")");
      // Terminating is asynchronous: the session (and its lock) is lost once its process has ended.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try (ResultSet r =
            s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
          r.next();
          if (r.getInt(1) == 0) {
            break;
          }
        }
        assertThat(System.nanoTime()).as("session %d ended within 30 s", pid).isLessThan(deadline);
        Thread.sleep(10);
      }
    }
    String lost =
        "the ledger of company lost in "
            + database.jdbcUrl()
            + " is no longer locked by this store: its database session "
            + "(server pid "
            + pid
            + ") ended, so another node may be applying to it now. Nothing more is written through"
            + " this store; close it and open the store again (a run in progress stops here)";
    assertThatThrownBy(() -> store.writeLedger(List.of(entry("u-2")), List.of()))
        .isInstanceOf(LedgerLockedException.class)
        .hasMessage(lost);
    // Every later write is refused too, without asking the database again.
    assertThatThrownBy(() -> store.saveToken("directory", "t"))
        .isInstanceOf(LedgerLockedException.class)
        .hasMessage(lost);
    // Reads still answer, and the refused write left nothing behind.
    assertThat(store.ledger()).containsOnlyKeys("u-1");
    try (PostgresStateStore again = PostgresStateStore.open(db, "lost")) {
      again.writeLedger(List.of(entry("u-3")), List.of());
      assertThat(again.ledger()).containsOnlyKeys("u-1", "u-3");
    } finally {
      store.close();
    }
  }

  @Test
  void closingReleasesTheLockAtOnce() throws Exception {
    PostgresStateStore store = PostgresStateStore.open(db, "release");
    lockSession("release");
    store.close();
    try (Connection c = database.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND application_name LIKE 'umt pid %'")) {
      try (ResultSet r = s.executeQuery()) {
        r.next();
        assertThat(r.getInt(1)).as("lock sessions left").isZero();
      }
    }
  }

  @Test
  void anUnknownPendingActionOrRunStatusInTheTablesIsCorruptStateNamingTheColumn()
      throws Exception {
    try (PostgresStateStore store = PostgresStateStore.open(db, "enums")) {
      Instant t = Instant.parse("2026-12-01T00:00:00Z");
      store.writeLedger(
          List.of(
              entry("u1")
                  .withPending(new LedgerEntry.Pending(DeprovisionAction.REVOKE_LICENSE, t, 2))),
          List.of());
      store.recordRun(
          new RunRecord(
              "p1", SyncReport.Status.COMPLETED_WITH_ERRORS, "", t, t, java.util.Map.of()));
      // Stored as the names, as before the enums.
      try (Connection c = database.connect();
          Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT l.pending_action, r.status FROM umt_ledger l, umt_run r WHERE l.company ="
                      + " 'enums' AND r.company = 'enums'")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1) + " " + r.getString(2))
            .isEqualTo("REVOKE_LICENSE COMPLETED_WITH_ERRORS");
      }
      assertThat(store.ledger().get("u1").pending().action())
          .isEqualTo(DeprovisionAction.REVOKE_LICENSE);
      assertThat(store.runs(1))
          .extracting(RunRecord::status)
          .containsExactly(SyncReport.Status.COMPLETED_WITH_ERRORS);

      try (Connection c = database.connect();
          Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE umt_ledger SET pending_action = 'PAUSE' WHERE company = 'enums'");
        s.executeUpdate("UPDATE umt_run SET status = 'DONE' WHERE company = 'enums'");
      }
      String where =
          "PostgreSQL state store of company enums in " + database.jdbcUrl() + " is corrupt: ";
      assertThatThrownBy(store::ledger)
          .isInstanceOf(CorruptStateException.class)
          .hasMessage(
              where
                  + "umt_ledger.pending_action of user u1 is \"PAUSE\", not one of [SUSPEND,"
                  + " REVOKE_LICENSE, DELETE]");
      assertThatThrownBy(() -> store.runs(1))
          .isInstanceOf(CorruptStateException.class)
          .hasMessageStartingWith(where + "umt_run.status of run ")
          .hasMessageEndingWith(
              " is \"DONE\", not one of [COMPLETED, COMPLETED_WITH_ERRORS, HELD, DRY_RUN, FAILED]");
    }
  }

  @Test
  void aBigLedgerWriteIsOneTransaction() {
    try (PostgresStateStore store = PostgresStateStore.open(db, "big")) {
      List<LedgerEntry> many = new ArrayList<>();
      for (int i = 0; i < 2_500; i++) {
        many.add(entry(String.format("u%05d", i)));
      }
      store.writeLedger(many, List.of());
      assertThat(store.ledger()).hasSize(2_500);
      // The same id twice in one write: the last put wins. A bad row fails the whole write and
      // stores none of it.
      List<LedgerEntry> withBad = new ArrayList<>(List.of(entry("new-1"), entry("new-2")));
      // A value PostgreSQL refuses (a NUL character) is no temporary failure: running again would
      // not help.
      assertThatThrownBy(() -> store.writeLedger(withBad, List.of("u00001", "\u0000nul")))
          .isInstanceOf(UmtException.class)
          .isNotInstanceOf(TemporaryFailureException.class)
          .hasMessageStartingWith(
              "PostgreSQL state store of company big in "
                  + database.jdbcUrl()
                  + ": cannot write the ledger: ");
      assertThat(store.ledger()).hasSize(2_500).containsKey("u00001").doesNotContainKey("new-1");
    }
  }

  @Test
  void openingAgainLeavesTheMigratedSchemaAsItIs() throws Exception {
    try (PostgresDatabase again = PostgresDatabase.open(config(database.jdbcUrl()));
        Connection c = database.connect();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT version, description, success FROM umt_schema_history WHERE version IS NOT"
                    + " NULL ORDER BY installed_rank")) {
      List<String> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getBoolean(3));
      }
      // A new, empty database needs no baseline: every migration ran once, when the class opened
      // it.
      assertThat(rows)
          .containsExactly(
              "1 umt state true", "2 quartz job store true", "3 directory snapshot true");
      assertThat(again.config().jdbcUrl()).isEqualTo(database.jdbcUrl());
    }
  }

  @Test
  void anUnreachableServerIsATemporaryFailureNamingTheUrlButNeverThePassword() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    PostgresConfig config =
        PostgresConfig.builder()
            .jdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/umt")
            .user("umt")
            .password(Secret.of("s3cret-pw"))
            .build();
    assertThatThrownBy(() -> PostgresDatabase.open(config))
        .isInstanceOf(TemporaryFailureException.class)
        .hasMessageStartingWith(
            "cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + port + "/umt as umt: ")
        .hasMessageNotContaining("s3cret-pw");
    assertThat(config.toString())
        .isEqualTo(
            "PostgresConfig[jdbc:postgresql://127.0.0.1:"
                + port
                + "/umt, user umt, password ***, sslmode driver default, pool 4]");
  }

  @Test
  void aBadConfigurationNamesTheFieldAndTheValue() {
    assertThatThrownBy(
            () -> PostgresConfig.builder().jdbcUrl("jdbc:mysql://db/umt").user("umt").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "postgres.jdbcUrl: must start with jdbc:postgresql:, not 'jdbc:mysql://db/umt'");
    assertThatThrownBy(
            () ->
                PostgresConfig.builder()
                    .jdbcUrl("jdbc:postgresql://db/umt?user=u&password=hunter2")
                    .user("umt")
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "postgres.jdbcUrl: must not hold the password (it would be logged with the URL); give"
                + " it as postgres.password");
    assertThatThrownBy(
            () -> PostgresConfig.builder().jdbcUrl("jdbc:postgresql://db/umt").user(" ").build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("postgres.user: must not be blank");
    assertThatThrownBy(
            () ->
                PostgresConfig.builder()
                    .jdbcUrl("jdbc:postgresql://db/umt")
                    .user("umt")
                    .sslMode("verify_full")
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "postgres.sslMode: 'verify_full' is not one of disable, allow, prefer, require,"
                + " verify-ca, verify-full");
    assertThatThrownBy(
            () ->
                PostgresConfig.builder()
                    .jdbcUrl("jdbc:postgresql://db/umt")
                    .user("umt")
                    .maxPoolSize(0)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("postgres.maxPoolSize: must be 1 to 100, not 0");
    assertThatThrownBy(() -> PostgresStateStore.open(db, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("company: must not be blank");
  }

  @Test
  void theLockKeyDependsOnTheCompanyOnly() {
    assertThat(CompanyLock.key("company-1"))
        .isEqualTo(CompanyLock.key("company-1"))
        .isNotEqualTo(CompanyLock.key("company-2"));
    assertThat(CompanyLock.applicationName("x".repeat(100))).hasSize(63);
  }
}
