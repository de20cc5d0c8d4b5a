package dev.umt.testkit.postgres;

import dev.umt.testkit.ldap.TestServers;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL 15 test server {@code scripts/test-servers/servers.sh start postgres} runs on
 * 127.0.0.1 (port 5433 or the next free one; superuser {@code umt}, trust authentication,
 * test-only). Found through {@code $UMT_TEST_SERVERS_DIR/postgres/server.properties}, which exists
 * while it runs. When it is absent or does not answer, the calling test is <em>skipped</em> with a
 * message saying how to start it, or <em>fails</em> under {@code UMT_REQUIRE_TEST_SERVERS=1}
 * ({@link TestServers#required()}), as the LDAP servers do. Needs the PostgreSQL JDBC driver on the
 * class path (the test kit does not bring it).
 *
 * <p>Each test class works in a database of its own, so tests never see each other's rows:
 *
 * <pre>{@code
 * static PostgresTestServer.Database database;
 *
 * @BeforeAll static void database() { database = PostgresTestServer.find().createDatabase("store-contract"); }
 * @AfterAll static void drop() { database.close(); }
 * }</pre>
 */
public final class PostgresTestServer {
  private final String host;
  private final int port;
  private final String user;

  private PostgresTestServer(String host, int port, String user) {
    this.host = host;
    this.port = port;
    this.user = user;
  }

  /**
   * The running server; skips or fails the calling test (see the class comment) when it does not
   * run.
   */
  public static PostgresTestServer find() {
    String start =
        "start it with scripts/test-servers/servers.sh start postgres"
            + " (scripts/test-servers/install.sh installs the package)";
    Path file = TestServers.directory().resolve("postgres").resolve("server.properties");
    if (!Files.isRegularFile(file)) {
      return unavailable(
          "test server postgres is not running: " + file + " does not exist; " + start);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      return unavailable("test server postgres: cannot read " + file + ": " + e.getMessage());
    }
    PostgresTestServer server;
    try {
      server =
          new PostgresTestServer(
              value(p, file, "postgres.host"),
              Integer.parseInt(value(p, file, "postgres.port")),
              value(p, file, "postgres.user"));
    } catch (IllegalArgumentException e) {
      return unavailable("test server postgres: " + e.getMessage());
    }
    try (Connection c = server.connect("postgres")) {
      c.isValid(5);
    } catch (SQLException e) {
      return unavailable(
          "test server postgres does not answer at "
              + server.jdbcUrl("postgres")
              + " ("
              + e.getMessage()
              + "); "
              + start);
    }
    return server;
  }

  private static PostgresTestServer unavailable(String reason) {
    if (TestServers.required()) {
      throw new IllegalStateException(
          reason
              + "; "
              + TestServers.REQUIRE_ENV
              + "=1 (or -D"
              + TestServers.REQUIRE_PROPERTY
              + "=true) makes a missing test server a failure");
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  private static String value(Properties p, Path file, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(file + " has no value for " + key);
    }
    return v.trim();
  }

  /** {@code 127.0.0.1}. */
  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** The superuser, {@code umt} (no password: trust authentication on loopback). */
  public String user() {
    return user;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/database}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** A new connection to {@code database} as {@link #user()}. */
  public Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("ApplicationName", "umt test kit");
    return DriverManager.getConnection(jdbcUrl(database), p);
  }

  /**
   * Creates an empty database named {@code umt_test_<label>_<random>} (the label in lower case,
   * other characters than letters and digits made {@code _}); {@link Database#close()} drops it.
   */
  public Database createDatabase(String label) {
    String name =
        ("umt_test_"
            + label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
            + "_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
    if (name.length() > 63) {
      name = name.substring(0, 52) + name.substring(name.length() - 11);
    }
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create test database "
              + name
              + " on "
              + jdbcUrl("postgres")
              + ": "
              + e.getMessage(),
          e);
    }
    return new Database(this, name);
  }

  /** A database of one test class; {@link #close()} drops it, ending its sessions first. */
  public static final class Database implements AutoCloseable {
    private final PostgresTestServer server;
    private final String name;

    private Database(PostgresTestServer server, String name) {
      this.server = server;
      this.name = name;
    }

    public String name() {
      return name;
    }

    public String jdbcUrl() {
      return server.jdbcUrl(name);
    }

    public PostgresTestServer server() {
      return server;
    }

    /** A new connection to this database as the superuser. */
    public Connection connect() throws SQLException {
      return server.connect(name);
    }

    @Override
    public void close() {
      try (Connection c = server.connect("postgres");
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot drop test database " + name + ": " + e.getMessage(), e);
      }
    }
  }
}
