package dev.umt.postgres;

import dev.umt.SyncReport;
import dev.umt.TemporaryFailureException;
import dev.umt.UmtException;
import dev.umt.rule.DeprovisionAction;
import dev.umt.state.CorruptStateException;
import dev.umt.state.DirectorySnapshot;
import dev.umt.state.HeldPlan;
import dev.umt.state.LedgerEntry;
import dev.umt.state.RunRecord;
import dev.umt.state.StateStore;
import dev.umt.target.AccountStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A {@link StateStore} on PostgreSQL: the ledger, change-feed tokens, run history and held plans of
 * one company (GoToMyPC account), and the {@link DirectorySnapshot} of incremental runs, in a
 * {@link PostgresDatabase} that may hold many companies (every row carries its company). For
 * installations of several nodes; one machine is served as well by {@link
 * dev.umt.state.JsonFileStateStore}.
 *
 * <p><b>One store per company at a time.</b> {@link #open} takes a PostgreSQL advisory lock on the
 * company, held by a session of its own until {@link #close()}; a second store of the same company,
 * on any node or in this process, gets a {@link LedgerLockedException} naming the holder.
 * PostgreSQL frees the lock when the session ends, even when the node is killed. Every write first
 * checks, in its own transaction, that the session still holds the lock: a store whose session was
 * lost (network, server restart) refuses to write from then on, with a {@link
 * LedgerLockedException}.
 *
 * <p>Each write is one transaction: all of it is stored or none, and it is durable when the method
 * returns (as durable as the server's {@code synchronous_commit} makes it). Reads see every
 * committed write. Like the file store, the newest 50 held plans are kept. Instants come back
 * exactly as written. Thread-safe; every call does database I/O and may throw {@link
 * TemporaryFailureException} when the database cannot be reached (another {@link UmtException} when
 * it refuses a value), naming the company and what failed.
 *
 * <pre>{@code
 * try (PostgresDatabase db = PostgresDatabase.open(config);
 *      StateStore store = PostgresStateStore.open(db, companyKey)) {
 *   SyncEngine.builder()...stateStore(store).build().run(rules);
 * }
 * }</pre>
 */
public final class PostgresStateStore implements StateStore {
  /** The most held plans kept per company, as {@code JsonFileStateStore} keeps. */
  static final int MAX_HELD_PLANS = 50;

  private final PostgresDatabase db;
  private final String company;
  private final CompanyLock lock;
  private volatile boolean closed;
  private volatile boolean lost;

  private PostgresStateStore(PostgresDatabase db, String company, CompanyLock lock) {
    this.db = db;
    this.company = company;
    this.lock = lock;
  }

  /**
   * Opens the store of {@code company} and locks it until {@link #close()}.
   *
   * @param db the database; stays open when the store closes
   * @param company the company (GoToMyPC account) key; any non-blank text
   * @throws LedgerLockedException when another store holds the company, naming it
   * @throws TemporaryFailureException when the database cannot be reached
   */
  public static PostgresStateStore open(PostgresDatabase db, String company) {
    if (company == null || company.isBlank()) {
      throw new IllegalArgumentException("company: must not be blank");
    }
    return new PostgresStateStore(db, company, CompanyLock.acquire(db, company));
  }

  /** The company this store keeps. */
  public String company() {
    return company;
  }

  // --- ledger ---

  @Override
  public Map<String, LedgerEntry> ledger() {
    return read(
        "read the ledger",
        c -> {
          Map<String, LedgerEntry> out = new HashMap<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT user_id, account_key, email, first_name, last_name, group_key, licensed,"
                      + " status, rule_id, managed_since, pending_action, pending_since,"
                      + " pending_runs FROM umt_ledger WHERE company = ?")) {
            s.setString(1, company);
            s.setFetchSize(5_000);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                LedgerEntry.Pending pending =
                    r.getString(11) == null
                        ? null
                        : new LedgerEntry.Pending(
                            named(
                                DeprovisionAction.class,
                                r.getString(11),
                                "umt_ledger.pending_action of user " + r.getString(1)),
                            Instant.parse(r.getString(12)),
                            r.getInt(13));
                LedgerEntry e =
                    new LedgerEntry(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5),
                        r.getString(6),
                        r.getBoolean(7),
                        AccountStatus.valueOf(r.getString(8)),
                        r.getString(9),
                        Instant.parse(r.getString(10)),
                        pending);
                out.put(e.userId(), e);
              }
            }
          }
          return Map.copyOf(out);
        });
  }

  @Override
  public void writeLedger(Collection<LedgerEntry> put, Collection<String> removeUserIds) {
    if (put.isEmpty() && removeUserIds.isEmpty()) {
      checkOpen();
      return;
    }
    // One order for every writer, so two transactions on overlapping ids never deadlock; the last
    // put of an id wins.
    Map<String, LedgerEntry> puts = new TreeMap<>();
    put.forEach(e -> puts.put(e.userId(), e));
    List<String> removes = new ArrayList<>(new TreeSet<>(removeUserIds));
    write(
        "write the ledger",
        c -> {
          if (!puts.isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO umt_ledger (company, user_id, account_key, email, first_name,"
                        + " last_name, group_key, licensed, status, rule_id, managed_since,"
                        + " pending_action, pending_since, pending_runs) VALUES (?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (company, user_id) DO UPDATE SET"
                        + " account_key = EXCLUDED.account_key, email = EXCLUDED.email, first_name"
                        + " = EXCLUDED.first_name, last_name = EXCLUDED.last_name, group_key ="
                        + " EXCLUDED.group_key, licensed = EXCLUDED.licensed, status ="
                        + " EXCLUDED.status, rule_id = EXCLUDED.rule_id, managed_since ="
                        + " EXCLUDED.managed_since, pending_action = EXCLUDED.pending_action,"
                        + " pending_since = EXCLUDED.pending_since, pending_runs ="
                        + " EXCLUDED.pending_runs")) {
              int batched = 0;
              for (LedgerEntry e : puts.values()) {
                s.setString(1, company);
                s.setString(2, e.userId());
                s.setString(3, e.accountKey());
                s.setString(4, e.email());
                s.setString(5, e.firstName());
                s.setString(6, e.lastName());
                s.setString(7, e.groupKey());
                s.setBoolean(8, e.licensed());
                s.setString(9, e.status().name());
                s.setString(10, e.ruleId());
                s.setString(11, e.managedSince().toString());
                if (e.pending() == null) {
                  s.setNull(12, Types.VARCHAR);
                  s.setNull(13, Types.VARCHAR);
                  s.setNull(14, Types.INTEGER);
                } else {
                  s.setString(12, e.pending().action().name());
                  s.setString(13, e.pending().since().toString());
                  s.setInt(14, e.pending().runs());
                }
                s.addBatch();
                if (++batched % 1_000 == 0) {
                  s.executeBatch();
                }
              }
              s.executeBatch();
            }
          }
          if (!removes.isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "DELETE FROM umt_ledger WHERE company = ? AND user_id = ANY (?)")) {
              s.setString(1, company);
              s.setArray(2, c.createArrayOf("text", removes.toArray()));
              s.executeUpdate();
            }
          }
          return null;
        });
  }

  // --- tokens ---

  @Override
  public Optional<String> token(String name) {
    return read(
        "read token " + name,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT token FROM umt_token WHERE company = ? AND name = ?")) {
            s.setString(1, company);
            s.setString(2, name);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
            }
          }
        });
  }

  @Override
  public void saveToken(String name, String token) {
    write(
        "save token " + name,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO umt_token (company, name, token) VALUES (?, ?, ?) ON CONFLICT"
                      + " (company, name) DO UPDATE SET token = EXCLUDED.token")) {
            s.setString(1, company);
            s.setString(2, name);
            s.setString(3, token);
            s.executeUpdate();
          }
          return null;
        });
  }

  // --- runs ---

  @Override
  public void recordRun(RunRecord run) {
    write(
        "record a run",
        c -> {
          long id;
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO umt_run (company, plan_id, status, reason, started_at, finished_at) "
                      + "VALUES (?, ?, ?, ?, ?, ?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, company);
            s.setString(2, run.planId());
            s.setString(3, run.status().name());
            s.setString(4, run.reason());
            s.setString(5, run.startedAt().toString());
            s.setString(6, run.finishedAt().toString());
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
              keys.next();
              id = keys.getLong("id");
            }
          }
          if (!run.counts().isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "INSERT INTO umt_run_count (run_id, kind, count) VALUES (?, ?, ?)")) {
              for (Map.Entry<String, Integer> e : new TreeMap<>(run.counts()).entrySet()) {
                s.setLong(1, id);
                s.setString(2, e.getKey());
                s.setInt(3, e.getValue());
                s.addBatch();
              }
              s.executeBatch();
            }
          }
          return null;
        });
  }

  @Override
  public List<RunRecord> runs(int max) {
    if (max <= 0) {
      return List.of();
    }
    return read(
        "read the run history",
        c -> {
          Map<Long, String[]> rows = new LinkedHashMap<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id, plan_id, status, reason, started_at, finished_at FROM umt_run "
                      + "WHERE company = ? ORDER BY id DESC LIMIT ?")) {
            s.setString(1, company);
            s.setInt(2, max);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                rows.put(
                    r.getLong(1),
                    new String[] {
                      r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6)
                    });
              }
            }
          }
          Map<Long, Map<String, Integer>> counts = new HashMap<>();
          if (!rows.isEmpty()) {
            try (PreparedStatement s =
                c.prepareStatement(
                    "SELECT run_id, kind, count FROM umt_run_count WHERE run_id = ANY (?)")) {
              s.setArray(1, c.createArrayOf("bigint", rows.keySet().toArray()));
              try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                  counts
                      .computeIfAbsent(r.getLong(1), k -> new TreeMap<>())
                      .put(r.getString(2), r.getInt(3));
                }
              }
            }
          }
          List<RunRecord> out = new ArrayList<>();
          rows.forEach(
              (id, v) ->
                  out.add(
                      new RunRecord(
                          v[0],
                          named(SyncReport.Status.class, v[1], "umt_run.status of run " + id),
                          v[2],
                          Instant.parse(v[3]),
                          Instant.parse(v[4]),
                          counts.getOrDefault(id, Map.of()))));
          Collections.reverse(out);
          return List.copyOf(out);
        });
  }

  // --- held plans ---

  @Override
  public void holdPlan(HeldPlan plan) {
    write(
        "hold plan " + plan.planId(),
        c -> {
          // Holding a plan again updates it in place: it keeps its place among the held plans, as
          // in the file store.
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO umt_held_plan (company, plan_id, fingerprint, created_at, reason)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (company, plan_id) DO UPDATE SET"
                      + " fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at,"
                      + " reason = EXCLUDED.reason")) {
            s.setString(1, company);
            s.setString(2, plan.planId());
            s.setString(3, plan.fingerprint());
            s.setString(4, plan.createdAt().toString());
            s.setString(5, plan.reason());
            s.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM umt_held_plan WHERE company = ? AND held_order NOT IN (SELECT"
                      + " held_order FROM umt_held_plan WHERE company = ? ORDER BY held_order DESC"
                      + " LIMIT ?)")) {
            s.setString(1, company);
            s.setString(2, company);
            s.setInt(3, MAX_HELD_PLANS);
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<HeldPlan> heldPlan(String planId) {
    return read(
        "read held plan " + planId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT plan_id, fingerprint, created_at, reason FROM umt_held_plan WHERE company"
                      + " = ? AND plan_id = ?")) {
            s.setString(1, company);
            s.setString(2, planId);
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? Optional.of(heldPlan(r)) : Optional.<HeldPlan>empty();
            }
          }
        });
  }

  @Override
  public List<HeldPlan> heldPlans() {
    return read(
        "read the held plans",
        c -> {
          List<HeldPlan> out = new ArrayList<>();
          // Newest held first; then by createdAt, newest first (a stable sort keeps the holding
          // order among equal times).
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT plan_id, fingerprint, created_at, reason FROM umt_held_plan WHERE company"
                      + " = ? ORDER BY held_order DESC")) {
            s.setString(1, company);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                out.add(heldPlan(r));
              }
            }
          }
          out.sort(Comparator.comparing(HeldPlan::createdAt).reversed());
          return List.copyOf(out);
        });
  }

  private static HeldPlan heldPlan(ResultSet r) throws SQLException {
    return new HeldPlan(
        r.getString(1), r.getString(2), Instant.parse(r.getString(3)), r.getString(4));
  }

  @Override
  public void releasePlan(String planId) {
    write(
        "release plan " + planId,
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM umt_held_plan WHERE company = ? AND plan_id = ?")) {
            s.setString(1, company);
            s.setString(2, planId);
            s.executeUpdate();
          }
          return null;
        });
  }

  // --- directory snapshot ---

  /**
   * {@inheritDoc} Read from the database on every call (another node may have saved a newer one).
   *
   * @throws CorruptStateException when the stored bytes are not a snapshot, naming the company, the
   *     database and the table
   */
  @Override
  public Optional<DirectorySnapshot> directorySnapshot() {
    byte[] bytes =
        read(
            "read the directory snapshot",
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT snapshot FROM umt_directory_snapshot WHERE company = ?")) {
                s.setString(1, company);
                try (ResultSet r = s.executeQuery()) {
                  return r.next() ? r.getBytes(1) : null;
                }
              }
            });
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          DirectorySnapshot.readFrom(
              new ByteArrayInputStream(bytes),
              "the directory snapshot of company "
                  + company
                  + " in "
                  + PostgresConfig.withoutQuery(db.config().jdbcUrl())
                  + " (table umt_directory_snapshot)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not from a byte array
    }
  }

  /** {@inheritDoc} One transaction: the stored snapshot is the old one or this one, whole. */
  @Override
  public void saveDirectorySnapshot(DirectorySnapshot snapshot) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + snapshot.size() * 96);
    try {
      snapshot.writeTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not to a byte array
    }
    write(
        "save the directory snapshot",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO umt_directory_snapshot (company, snapshot, saved_at) VALUES (?, ?,"
                      + " ?) ON CONFLICT (company) DO UPDATE SET snapshot = EXCLUDED.snapshot,"
                      + " saved_at = EXCLUDED.saved_at")) {
            s.setString(1, company);
            s.setBytes(2, bytes.toByteArray());
            s.setString(3, Instant.now().toString());
            s.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void clearDirectorySnapshot() {
    write(
        "clear the directory snapshot",
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM umt_directory_snapshot WHERE company = ?")) {
            s.setString(1, company);
            s.executeUpdate();
          }
          return null;
        });
  }

  /** Releases the company's lock; the database stays open. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    lock.close();
  }

  @Override
  public String toString() {
    return "PostgresStateStore[company " + company + " in " + db + "]";
  }

  // --- plumbing ---

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "the PostgreSQL state store of company "
              + company
              + " is closed: its lock is released, so it "
              + "no longer writes");
    }
    if (lost) {
      throw lock.lost();
    }
  }

  /**
   * The constant of {@code type} named {@code name} as stored in {@code column}.
   *
   * @throws CorruptStateException naming the company, the database, the column and the names
   *     allowed
   */
  private <E extends Enum<E>> E named(Class<E> type, String name, String column) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name) && !(e == DeprovisionAction.NOTHING)) {
        return e;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      if (e != DeprovisionAction.NOTHING) {
        allowed.add(e.name());
      }
    }
    throw new CorruptStateException(
        "PostgreSQL state store of company "
            + company
            + " in "
            + PostgresConfig.withoutQuery(db.config().jdbcUrl())
            + " is corrupt: "
            + column
            + " is \""
            + name
            + "\", not one of "
            + allowed,
        null);
  }

  private <T> T read(String what, Work<T> work) {
    try (Connection c = db.dataSource().getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Runs {@code work} in one transaction that first checks the company lock is still this store's.
   */
  private <T> T write(String what, Work<T> work) {
    checkOpen();
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        if (!lock.stillHeld(c)) {
          lost = true;
          c.rollback();
          throw lock.lost();
        }
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(true);
        } catch (SQLException e) {
          // A broken connection: the pool discards it; what failed before this is what the caller
          // hears about.
        }
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * A failed statement as the caller can act on it: lost or refused connections, rolled-back
   * transactions, an exhausted or stopping server are {@link TemporaryFailureException}s (run again
   * later); anything else (a value the database refuses, a schema that is not UMT's) is a plain
   * {@link UmtException}.
   */
  private UmtException failure(String what, SQLException e) {
    String message =
        "PostgreSQL state store of company "
            + company
            + " in "
            + PostgresConfig.withoutQuery(db.config().jdbcUrl())
            + ": cannot "
            + what
            + ": "
            + e.getMessage();
    String state = e.getSQLState();
    boolean temporary =
        state == null
            || state.startsWith("08")
            || state.startsWith("40")
            || state.startsWith("53")
            || state.startsWith("57");
    return temporary ? new TemporaryFailureException(message, e) : new UmtException(message, e);
  }
}
