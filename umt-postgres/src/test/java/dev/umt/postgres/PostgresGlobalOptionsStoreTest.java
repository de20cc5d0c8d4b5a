package dev.umt.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.ConfigurationException;
import dev.umt.SyncOptions.RuleFailurePolicy;
import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.Threshold;
import dev.umt.rules.GlobalOptions;
import dev.umt.rules.GlobalOptionsStore;
import dev.umt.rules.OptionsException;
import dev.umt.testkit.postgres.PostgresTestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The global options of a company in the database, shared by every installation of that account.
 */
class PostgresGlobalOptionsStoreTest {
  static PostgresTestServer.Database database;
  static PostgresDatabase db;

  static final GlobalOptions CUSTOM =
      GlobalOptions.builder()
          .deprovisionUncovered(true)
          .uncoveredAction(DeprovisionAction.REVOKE_LICENSE)
          .onRuleFailure(RuleFailurePolicy.CONTINUE)
          .threshold(new Threshold(30, 5))
          .protectedAccounts(Set.of(" Admin@Example.com ", "key-42"))
          .manageUnledgeredAccounts(true)
          .build();

  @BeforeAll
  static void database() {
    database = PostgresTestServer.find().createDatabase("global-options");
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
  void nothingStoredMeansTheDefaultsAndASaveIsSeenByEveryInstallationOfThatCompanyOnly() {
    GlobalOptionsStore one = PostgresGlobalOptionsStore.open(db, "acme");
    assertThat(one.load()).isEqualTo(GlobalOptions.defaults());
    one.save(CUSTOM);
    try (PostgresDatabase otherInstallation = PostgresDatabase.open(db.config())) {
      assertThat(PostgresGlobalOptionsStore.open(otherInstallation, "acme").load())
          .isEqualTo(CUSTOM);
      assertThat(PostgresGlobalOptionsStore.open(otherInstallation, "globex").load())
          .isEqualTo(GlobalOptions.defaults());
      GlobalOptions changed = CUSTOM.toBuilder().threshold(new Threshold(10, 1)).build();
      PostgresGlobalOptionsStore.open(otherInstallation, "acme").save(changed);
      assertThat(one.load()).isEqualTo(changed);
    }
  }

  @Test
  void aStoredDocumentIsTheSameJsonTheFileStoreWrites() throws Exception {
    PostgresGlobalOptionsStore.open(db, "json-form").save(CUSTOM);
    try (Connection c = database.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT options FROM umt_global_options WHERE company = 'json-form'");
        var r = s.executeQuery()) {
      r.next();
      assertThat(r.getString(1)).isEqualTo(CUSTOM.toJson());
      assertThat(r.getString(1))
          .contains("\"protectedAccounts\": [\n    \"admin@example.com\",\n    \"key-42\"\n  ]");
    }
  }

  @Test
  void anInvalidStoredDocumentNamesTheRowAndEveryField() throws Exception {
    try (Connection c = database.connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO umt_global_options (company, options) VALUES ('bad', ?)")) {
      s.setString(1, "{\"version\": 1, \"threshold\": {\"maxCount\": -1, \"maxPercent\": 150}}");
      s.executeUpdate();
    }
    String origin = "umt_global_options row of company bad in " + database.jdbcUrl();
    assertThatThrownBy(() -> PostgresGlobalOptionsStore.open(db, "bad").load())
        .isInstanceOfSatisfying(
            OptionsException.class,
            e -> {
              assertThat(e.origin()).isEqualTo(origin);
              assertThat(e.problems())
                  .containsExactly(
                      "threshold.maxCount: must not be negative, not -1",
                      "threshold.maxPercent: must be 0 to 100, not 150");
              assertThat(e.getMessage())
                  .isEqualTo(
                      origin
                          + ": 2 problems:\n  threshold.maxCount: must not be negative, not -1\n"
                          + "  threshold.maxPercent: must be 0 to 100, not 150");
            });
  }

  @Test
  void aClosedDatabaseIsAConfigurationErrorNamingTheCompany() {
    PostgresDatabase closed = PostgresDatabase.open(db.config());
    closed.close();
    GlobalOptionsStore store = PostgresGlobalOptionsStore.open(closed, "acme");
    assertThatThrownBy(store::load)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "cannot read the global options of company acme from " + database.jdbcUrl() + ": ");
    assertThatThrownBy(() -> store.save(GlobalOptions.defaults()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "cannot save the global options of company acme to " + database.jdbcUrl() + ": ");
    assertThat(List.of(store.toString()))
        .containsExactly("PostgresGlobalOptionsStore[company acme in " + database.jdbcUrl() + "]");
  }
}
