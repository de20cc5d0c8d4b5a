package dev.umt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.umt.cli.CliFixture.Result;
import dev.umt.postgres.PostgresConfig;
import dev.umt.postgres.PostgresDatabase;
import dev.umt.postgres.PostgresStateStore;
import dev.umt.testkit.postgres.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code umt} with the local option {@code stateStore postgres} on the real test PostgreSQL: the
 * ledger, run history and global options go to the database (the data folder keeps local options,
 * secrets and logs), a run while another holds the company is refused naming the holder, and bad
 * settings are refused naming the field.
 */
class PostgresStateStoreCliTest extends CliTest {
  static PostgresTestServer.Database database;

  @BeforeAll
  static void database() {
    database = PostgresTestServer.find().createDatabase("cli");
  }

  @AfterAll
  static void drop() {
    if (database != null) {
      database.close();
    }
  }

  private Result usePostgres() {
    return f.run(
        "settings",
        "set",
        "--local",
        "stateStore",
        "postgres",
        "postgres.url",
        database.jdbcUrl(),
        "postgres.user",
        database.server().user());
  }

  private void loggedInConnectedWithARule() {
    assertThat(f.login().exit()).isZero();
    assertThat(f.connect().exit()).isZero();
    assertThat(
            f.run(
                    "rules",
                    "add",
                    "sales",
                    "--dn",
                    CliFixture.dn(CliFixture.ORG.unit("Sales").dn()),
                    "--group",
                    "Staff/Sales")
                .exit())
        .isZero();
  }

  private List<String> column(String sql, String company) throws Exception {
    try (Connection c = database.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, company);
      List<String> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(r.getString(1));
        }
      }
      return out;
    }
  }

  @Test
  void runWritesTheLedgerAndRunsIntoPostgresqlAndGlobalOptionsLiveThere() throws Exception {
    loggedInConnectedWithARule();
    Result set = usePostgres();
    assertThat(set.exit()).as(set.all()).isZero();
    assertThat(set.out())
        .isEqualTo(
            "Local option stateStore = postgres ("
                + f.data.resolve("local-options.json")
                + ")\n"
                + "Local option postgres.url = "
                + database.jdbcUrl()
                + " ("
                + f.data.resolve("local-options.json")
                + ")\n"
                + "Local option postgres.user = "
                + database.server().user()
                + " ("
                + f.data.resolve("local-options.json")
                + ")\n");
    assertThat(f.run("settings", "get", "postgres.company").out())
        .isEqualTo("(the GoToMyPC company logged in to)\n");

    Result run = f.run("run");
    assertThat(run.exit()).as(run.all()).isZero();
    List<String> emails =
        column("SELECT email FROM umt_ledger WHERE company = ? ORDER BY email", f.company);
    assertThat(emails).hasSize(2).allMatch(e -> e.endsWith("@example.test"));
    assertThat(f.gotomypc.users(f.company))
        .extracting(u -> u.email())
        .containsExactlyInAnyOrderElementsOf(emails);
    assertThat(column("SELECT status FROM umt_run WHERE company = ?", f.company))
        .containsExactly("COMPLETED");
    assertThat(f.data.resolve("state"))
        .as("nothing in the data folder's state store")
        .doesNotExist();
    assertThat(f.run("history").out()).contains("COMPLETED");

    Result global = f.run("settings", "set", "--global", "uncoveredAction", "DELETE");
    assertThat(global.exit()).as(global.all()).isZero();
    assertThat(global.out())
        .isEqualTo(
            "Global option uncoveredAction = DELETE (company "
                + f.company
                + " in "
                + database.jdbcUrl()
                + ")\n");
    assertThat(column("SELECT options FROM umt_global_options WHERE company = ?", f.company))
        .singleElement()
        .asString()
        .contains("\"uncoveredAction\": \"DELETE\"");
    assertThat(Files.exists(f.data.resolve("global-options.json"))).isFalse();
    assertThat(f.run("settings", "get", "uncoveredAction").out()).isEqualTo("DELETE\n");

    Result second = f.run("run");
    assertThat(second.exit()).as(second.all()).isZero();
    assertThat(column("SELECT status FROM umt_run WHERE company = ?", f.company))
        .containsExactly("COMPLETED", "COMPLETED");
  }

  @Test
  void aRunWhileAnotherHoldsTheCompanyIsRefusedNamingTheHolder() {
    loggedInConnectedWithARule();
    assertThat(
            f.run(
                    "settings",
                    "set",
                    "--local",
                    "stateStore",
                    "postgres",
                    "postgres.url",
                    database.jdbcUrl(),
                    "postgres.user",
                    database.server().user(),
                    "postgres.company",
                    "held-company")
                .exit())
        .isZero();
    PostgresConfig config =
        PostgresConfig.builder().jdbcUrl(database.jdbcUrl()).user(database.server().user()).build();
    try (PostgresDatabase db = PostgresDatabase.open(config);
        PostgresStateStore first = PostgresStateStore.open(db, "held-company")) {
      Result refused = f.run("run");
      assertThat(refused.exit()).as(refused.all()).isEqualTo(Umt.UNAVAILABLE);
      assertThat(refused.err().lines().filter(l -> l.startsWith("umt: ")))
          .singleElement()
          .asString()
          .matches(
              "umt: the ledger of company held-company in "
                  + Pattern.quote(database.jdbcUrl())
                  + " is in use by another UMT store \\(application_name 'umt pid "
                  + ProcessHandle.current().pid()
                  + " on [^']+', client 127\\.0\\.0\\.1:\\d+, server pid \\d+, since"
                  + " [0-9T:.\\-]+Z\\): two runs applying to one ledger would apply the same"
                  + " changes twice\\. Wait for that run to end, or stop that node, and run again;"
                  + " PostgreSQL frees the lock when that session ends, even if its process is"
                  + " killed");
      assertThat(f.gotomypc.users(f.company)).as("nothing applied").isEmpty();
    }
    assertThat(f.run("run").exit()).as("once the holder closes").isZero();
  }

  @Test
  void badStateStoreSettingsAreRefusedNamingTheField() {
    Path local = f.data.resolve("local-options.json");
    Result clusterOnJson = f.run("daemon", "--cluster");
    assertThat(clusterOnJson.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(clusterOnJson.err())
        .isEqualTo(
            "umt: --cluster: needs the local option stateStore postgres (with postgres.url and "
                + "postgres.user): the schedule is shared through the database\n");
    Result noUrl = f.run("settings", "set", "--local", "stateStore", "postgres");
    assertThat(noUrl.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(noUrl.err())
        .isEqualTo(
            "umt: "
                + local
                + ": postgres.url: must be set when stateStore is postgres (such as"
                + " jdbc:postgresql://db.example.com:5432/umt); postgres.user: must be set when"
                + " stateStore is postgres\n");
    Result unknown = f.run("settings", "set", "stateStore", "mongodb");
    assertThat(unknown.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(unknown.err())
        .isEqualTo("umt: " + local + ": stateStore: must be json or postgres, not \"mongodb\"\n");
    Result passwordInUrl =
        f.run("settings", "set", "postgres.url", "jdbc:postgresql://db/umt?password=hunter2");
    assertThat(passwordInUrl.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(passwordInUrl.err())
        .isEqualTo(
            "umt: "
                + local
                + ": postgres.url: must not hold a password: put it in an environment "
                + "variable and name that in postgres.passwordEnv\n")
        .doesNotContain("hunter2");
    Result passwordAsEnv = f.run("settings", "set", "postgres.passwordEnv", "hunter2!");
    assertThat(passwordAsEnv.err())
        .isEqualTo(
            "umt: "
                + local
                + ": postgres.passwordEnv: must be the name of an environment variable "
                + "(letters, digits and _, such as UMT_PG_PASSWORD), not the password itself\n");
    Result sslMode = f.run("settings", "set", "postgres.sslMode", "verify_full");
    assertThat(sslMode.err())
        .isEqualTo(
            "umt: "
                + local
                + ": postgres.sslMode: \"verify_full\" is not one of disable, allow, prefer, "
                + "require, verify-ca, verify-full\n");
    Result odd = f.run("settings", "set", "stateStore", "postgres", "postgres.url");
    assertThat(odd.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(odd.err())
        .isEqualTo(
            "umt: settings set: give NAME VALUE pairs (or one NAME alone to reset it);"
                + " 'postgres.url' has no value\n");
    assertThat(Files.exists(local)).as("nothing was saved").isFalse();

    assertThat(
            f.run(
                    "settings",
                    "set",
                    "stateStore",
                    "postgres",
                    "postgres.url",
                    database.jdbcUrl(),
                    "postgres.user",
                    "umt",
                    "postgres.passwordEnv",
                    "UMT_TEST_PG_PASSWORD")
                .exit())
        .isZero();
    Result noVariable = f.run("history");
    assertThat(noVariable.exit()).isEqualTo(Umt.BAD_INPUT);
    assertThat(noVariable.err())
        .isEqualTo(
            "umt: postgres.passwordEnv: the environment variable UMT_TEST_PG_PASSWORD is not set"
                + " (it holds the PostgreSQL password of umt)\n");
    assertThat(f.run("daemon", "--cluster").err()).as("the daemon too").isEqualTo(noVariable.err());
  }
}
