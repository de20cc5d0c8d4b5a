package dev.umt.postgres;

import dev.umt.state.StateStore;
import dev.umt.testkit.StateStoreContract;
import dev.umt.testkit.postgres.PostgresTestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The PostgreSQL store passes the state store contract: one company per store name, all in one
 * database.
 */
class PostgresStateStoreContractTest extends StateStoreContract {
  static PostgresTestServer.Database database;
  static PostgresDatabase db;

  @BeforeAll
  static void database() {
    database = PostgresTestServer.find().createDatabase("store-contract");
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

  @Override
  protected StateStore open(String name) {
    return PostgresStateStore.open(db, name);
  }

  @Override
  protected String lockedMessage(String name) {
    return "the ledger of company "
        + Pattern.quote(name)
        + " in "
        + Pattern.quote(database.jdbcUrl())
        + " is in use by another UMT store \\(application_name 'umt pid \\d+ on [^']+', client"
        + " 127\\.0\\.0\\.1:\\d+, server pid \\d+, since [0-9T:.\\-]+Z\\): two runs applying to one"
        + " ledger would apply the same changes twice\\. Wait for that run to end, or stop that"
        + " node, and run again; PostgreSQL frees the lock when that session ends, even if its"
        + " process is killed";
  }

  @Override
  protected String damageDirectorySnapshot(String name) throws Exception {
    try (Connection c = database.connect();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE umt_directory_snapshot SET snapshot = ? WHERE company = ?")) {
      s.setBytes(1, "not a snapshot".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.setString(2, name);
      if (s.executeUpdate() != 1) {
        throw new AssertionError("no saved snapshot of company " + name);
      }
    }
    return "the directory snapshot of company "
        + name
        + " in "
        + database.jdbcUrl()
        + " (table umt_directory_snapshot)";
  }
}
