package dev.umt.postgres;

import dev.umt.TemporaryFailureException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * The exclusive lock on one company's ledger: a PostgreSQL session-level advisory lock ({@code
 * pg_try_advisory_lock}) on a 64-bit key derived from the company, held by a dedicated connection
 * (outside the pool) from {@link #acquire} until {@link #close()}. PostgreSQL frees it when that
 * session ends, so a killed node never leaves it behind; a store whose session was lost learns it
 * from {@link #stillHeld}, which every write checks in its own transaction. Thread-safe.
 */
final class CompanyLock implements AutoCloseable {
  /** The lock row of {@code key} in this database, with its holder's session. */
  private static final String LOCK_ROWS =
      "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
          + "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
          + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
          + "AND l.classid::text::bigint = ? AND l.objid::text::bigint = ?";

  private final String company;
  private final String where;
  private final long key;
  private final Connection connection;
  private final int backendPid;
  private final Timestamp backendStart;
  private boolean closed;

  private CompanyLock(
      String company,
      String where,
      long key,
      Connection connection,
      int backendPid,
      Timestamp backendStart) {
    this.company = company;
    this.where = where;
    this.key = key;
    this.connection = connection;
    this.backendPid = backendPid;
    this.backendStart = backendStart;
  }

  /**
   * Takes the lock of {@code company} without waiting.
   *
   * @throws LedgerLockedException when another session holds it, naming that session
   * @throws TemporaryFailureException when the database cannot be reached
   */
  static CompanyLock acquire(PostgresDatabase db, String company) {
    String where = PostgresConfig.withoutQuery(db.config().jdbcUrl());
    long key = key(company);
    Connection c;
    try {
      c = db.dedicatedConnection(applicationName(db.config().applicationName()));
    } catch (SQLException e) {
      throw new TemporaryFailureException(
          "cannot connect to PostgreSQL at "
              + where
              + " to lock the ledger of company "
              + company
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      boolean got;
      try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        s.setLong(1, key);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          got = r.getBoolean(1);
        }
      }
      if (!got) {
        String holder = holder(c, key);
        c.close();
        throw new LedgerLockedException(
            "the ledger of company "
                + company
                + " in "
                + where
                + " is in use by another UMT store ("
                + holder
                + "): two runs applying to one ledger would apply the same changes twice. Wait for"
                + " that run to end, or stop that node, and run again; PostgreSQL frees the lock"
                + " when that session ends, even if its process is killed",
            null);
      }
      int pid;
      Timestamp start;
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()");
          ResultSet r = s.executeQuery()) {
        r.next();
        pid = r.getInt(1);
        start = r.getTimestamp(2);
      }
      return new CompanyLock(company, where, key, c, pid, start);
    } catch (SQLException e) {
      try {
        c.close();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new TemporaryFailureException(
          "cannot lock the ledger of company " + company + " in " + where + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Whether this lock's session still holds it, asked on {@code c} (a write's own connection, in
   * its transaction). A session that ended (network loss, server restart, terminated) has lost it.
   */
  boolean stillHeld(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT 1 " + LOCK_ROWS + " AND l.pid = ? AND a.backend_start = ?")) {
      s.setLong(1, key >>> 32);
      s.setLong(2, key & 0xFFFF_FFFFL);
      s.setInt(3, backendPid);
      s.setTimestamp(4, backendStart);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /** The exception a write throws once the lock is lost. */
  LedgerLockedException lost() {
    return new LedgerLockedException(
        "the ledger of company "
            + company
            + " in "
            + where
            + " is no longer locked by this store: "
            + "its database session (server pid "
            + backendPid
            + ") ended, so another node may be applying to it now. Nothing more is written through"
            + " this store; close it and open the store again (a run in progress stops here)",
        null);
  }

  /** Who holds the lock of {@code key}, as {@code pg_stat_activity} shows the session. */
  private static String holder(Connection c, long key) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT a.application_name, host(a.client_addr), a.client_port, a.pid, a.backend_start "
                + LOCK_ROWS)) {
      s.setLong(1, key >>> 32);
      s.setLong(2, key & 0xFFFF_FFFFL);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return "holder unknown: it ended just now, or this database user may not see its session";
        }
        String app = r.getString(1);
        String addr = r.getString(2);
        Timestamp since = r.getTimestamp(5);
        return "application_name '"
            + (app == null ? "" : app)
            + "', client "
            + (addr == null ? "local socket" : addr + ":" + r.getInt(3))
            + ", server pid "
            + r.getInt(4)
            + (since == null ? "" : ", since " + since.toInstant());
      }
    }
  }

  /**
   * The 64-bit advisory key of {@code company}: the first 8 bytes of SHA-256 over a UMT-specific
   * prefix and the company.
   */
  static long key(String company) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(("umt ledger lock\0" + company).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d, 0, 8).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** {@code <name> pid <pid> on <host>}, cut to PostgreSQL's 63 bytes. */
  static String applicationName(String name) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown host";
    }
    String s = name + " pid " + ProcessHandle.current().pid() + " on " + host;
    return s.length() > 63 ? s.substring(0, 63) : s;
  }

  /** Frees the lock and ends its session; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (Connection c = connection;
        PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      s.setLong(1, key);
      s.execute();
    } catch (SQLException e) {
      // The session is gone or closing: PostgreSQL frees its locks in any case.
    }
  }
}
