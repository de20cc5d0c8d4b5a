package dev.umt.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.umt.ConfigurationException;
import dev.umt.TemporaryFailureException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL database holding UMT's state for any number of companies (GoToMyPC accounts): a
 * small HikariCP pool, and the schema brought up to date by Flyway when opened (the {@code umt_*}
 * tables and Quartz's {@code qrtz_*} tables; history in {@code umt_schema_history}; several nodes
 * may open at once, Flyway serialises them). Open one per process and share it; the stores made on
 * it ({@link PostgresStateStore#open}, {@link PostgresGlobalOptionsStore#open}) borrow its
 * connections. Thread-safe.
 *
 * <pre>{@code
 * try (PostgresDatabase db = PostgresDatabase.open(config);
 *      PostgresStateStore store = PostgresStateStore.open(db, companyKey)) {
 *   SyncEngine engine = SyncEngine.builder()...stateStore(store).build();
 * }
 * }</pre>
 */
public final class PostgresDatabase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostgresDatabase.class);

  private final PostgresConfig config;
  private final HikariDataSource pool;

  private PostgresDatabase(PostgresConfig config, HikariDataSource pool) {
    this.config = config;
    this.pool = pool;
  }

  /**
   * Connects and migrates the schema.
   *
   * @throws TemporaryFailureException when the server cannot be reached or refuses the login,
   *     naming the URL (never the password)
   * @throws ConfigurationException when the schema cannot be migrated (for instance, it was
   *     migrated by a newer UMT)
   */
  public static PostgresDatabase open(PostgresConfig config) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("umt-postgres");
    hc.setJdbcUrl(config.jdbcUrl());
    hc.setUsername(config.user());
    if (config.password() != null) {
      hc.setPassword(config.password().reveal());
    }
    hc.setDataSourceProperties(driverProperties(config, config.applicationName()));
    hc.setMaximumPoolSize(config.maxPoolSize());
    hc.setMinimumIdle(1);
    hc.setConnectionTimeout(10_000);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new TemporaryFailureException(
          "cannot connect to PostgreSQL at "
              + PostgresConfig.withoutQuery(config.jdbcUrl())
              + " as "
              + config.user()
              + ": "
              + rootMessage(e),
          e);
    }
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/umt")
          .table("umt_schema_history")
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .load()
          .migrate();
    } catch (FlywayException e) {
      pool.close();
      throw new ConfigurationException(
          "cannot migrate the UMT schema in "
              + PostgresConfig.withoutQuery(config.jdbcUrl())
              + ": "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    log.info("PostgreSQL state database {} ready", PostgresConfig.withoutQuery(config.jdbcUrl()));
    return new PostgresDatabase(config, pool);
  }

  /** The configuration it was opened with. */
  public PostgresConfig config() {
    return config;
  }

  /** The pool. */
  DataSource dataSource() {
    return pool;
  }

  /**
   * A new connection outside the pool, named {@code applicationName} in {@code pg_stat_activity}: a
   * store's lock lives as long as this one session, which the pool must not recycle.
   */
  Connection dedicatedConnection(String applicationName) throws SQLException {
    Properties p = driverProperties(config, applicationName);
    p.setProperty("user", config.user());
    if (config.password() != null) {
      p.setProperty("password", config.password().reveal());
    }
    return DriverManager.getConnection(config.jdbcUrl(), p);
  }

  /**
   * Driver settings (never the user or password: the pool and {@link #dedicatedConnection} add
   * those).
   */
  static Properties driverProperties(PostgresConfig config, String applicationName) {
    Properties p = new Properties();
    p.setProperty("ApplicationName", applicationName);
    p.setProperty("reWriteBatchedInserts", "true");
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("connectTimeout", "10");
    if (config.sslMode() != null) {
      p.setProperty("sslmode", config.sslMode());
    }
    if (config.sslRootCert() != null) {
      p.setProperty("sslrootcert", config.sslRootCert().toString());
    }
    return p;
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Closes the pool; stores made on it must be closed first. Idempotent. */
  @Override
  public void close() {
    pool.close();
  }

  @Override
  public String toString() {
    return "PostgresDatabase[" + PostgresConfig.withoutQuery(config.jdbcUrl()) + "]";
  }
}
