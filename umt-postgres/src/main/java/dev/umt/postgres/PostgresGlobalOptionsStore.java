package dev.umt.postgres;

import dev.umt.ConfigurationException;
import dev.umt.rules.GlobalOptions;
import dev.umt.rules.GlobalOptionsStore;
import dev.umt.rules.OptionsException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The {@link GlobalOptions} of one company (GoToMyPC account) in a {@link PostgresDatabase}, shared
 * by every installation that manages it, as the JSON document {@code JsonFileGlobalOptionsStore}
 * writes (one row per company in {@code umt_global_options}). Saving replaces the row in one
 * statement, so a reader sees the old options or the new; when two installations save at once, the
 * last one wins. No row means the defaults. Needs no lock: options are not the ledger. Thread-safe;
 * every call does database I/O.
 *
 * <pre>{@code
 * GlobalOptionsStore options = PostgresGlobalOptionsStore.open(db, companyKey);
 * options.save(options.load().toBuilder().deprovisionUncovered(true).build());
 * }</pre>
 */
public final class PostgresGlobalOptionsStore implements GlobalOptionsStore {
  private final PostgresDatabase db;
  private final String company;

  private PostgresGlobalOptionsStore(PostgresDatabase db, String company) {
    this.db = Objects.requireNonNull(db, "db");
    if (company == null || company.isBlank()) {
      throw new IllegalArgumentException("company: must not be blank");
    }
    this.company = company;
  }

  /** The options of {@code company} in {@code db}; nothing is read until {@link #load()}. */
  public static PostgresGlobalOptionsStore open(PostgresDatabase db, String company) {
    return new PostgresGlobalOptionsStore(db, company);
  }

  /**
   * @throws OptionsException when the stored document is invalid, naming the row and each field
   * @throws ConfigurationException when the database cannot be read
   */
  @Override
  public GlobalOptions load() {
    String json;
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT options FROM umt_global_options WHERE company = ?")) {
      s.setString(1, company);
      try (ResultSet r = s.executeQuery()) {
        json = r.next() ? r.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new ConfigurationException(
          "cannot read the global options of company "
              + company
              + " from "
              + where()
              + ": "
              + e.getMessage(),
          e);
    }
    if (json == null) {
      return GlobalOptions.defaults();
    }
    return GlobalOptions.fromJson(json, origin());
  }

  /**
   * @throws ConfigurationException when the database cannot be written
   */
  @Override
  public void save(GlobalOptions options) {
    String json = Objects.requireNonNull(options, "options").toJson();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO umt_global_options (company, options, updated_at) VALUES (?, ?, now())"
                    + " ON CONFLICT (company) DO UPDATE SET options = EXCLUDED.options, updated_at"
                    + " = EXCLUDED.updated_at")) {
      s.setString(1, company);
      s.setString(2, json);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new ConfigurationException(
          "cannot save the global options of company "
              + company
              + " to "
              + where()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private String where() {
    return PostgresConfig.withoutQuery(db.config().jdbcUrl());
  }

  /** What an {@link OptionsException} names first: the table row. */
  private String origin() {
    return "umt_global_options row of company " + company + " in " + where();
  }

  @Override
  public String toString() {
    return "PostgresGlobalOptionsStore[company " + company + " in " + where() + "]";
  }
}
