package dev.umt.state;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine keeps what it manages: the ledger of accounts, change-feed tokens, run history
 * and plans held for approval. The default is {@link JsonFileStateStore}; a database can stand in.
 *
 * <p><b>Threads and I/O.</b> Implementations are thread-safe (the engine writes the ledger from its
 * apply threads), every method but {@link #close()} may do file or database I/O, and a write is
 * durable when the method returns. Reads return snapshots the caller may keep.
 *
 * <p><b>Errors.</b> Methods throw {@link dev.umt.UmtException} subclasses: {@link
 * CorruptStateException} for stored data that cannot be read, {@link
 * dev.umt.TemporaryFailureException} for a database or disk that fails. The engine then: a failed
 * read of the ledger or a token ends the run {@code FAILED} before anything is applied; a failed
 * {@link #writeLedger} stops the apply (the next run adopts the accounts applied since by email); a
 * failed {@link #saveToken} or {@link #saveDirectorySnapshot} makes the next run a full run; a
 * failed {@link #recordRun} is named in the report's reason. The engine never closes a store it was
 * given: close it yourself, with try-with-resources.
 */
public interface StateStore extends AutoCloseable {

  /** The ledger, by directory user id: a snapshot the caller may keep. */
  Map<String, LedgerEntry> ledger();

  /**
   * Adds or replaces {@code put} and removes the entries of {@code removeUserIds}, durably and as
   * one write. Idempotent: the same call twice leaves the ledger as once; removing an absent id is
   * not an error.
   */
  void writeLedger(Collection<LedgerEntry> put, Collection<String> removeUserIds);

  /** The saved token called {@code name}. */
  Optional<String> token(String name);

  /** Saves a token, durably, replacing the one of that name. Idempotent. */
  void saveToken(String name, String token);

  /** Appends a run to the history; not idempotent (the same run twice is two entries). */
  void recordRun(RunRecord run);

  /** The latest {@code max} runs, oldest first. */
  List<RunRecord> runs(int max);

  /**
   * Keeps a held plan until it is released; a store may forget the oldest past a limit of its own.
   */
  void holdPlan(HeldPlan plan);

  /** The held plan with this id. */
  Optional<HeldPlan> heldPlan(String planId);

  /**
   * The plans held now, newest first (by {@link HeldPlan#createdAt()}): a snapshot the caller may
   * keep, empty when none is held. Includes plans held by another program on the same store (a file
   * store reads what was written before it was opened). Reads only; never null.
   */
  List<HeldPlan> heldPlans();

  /** Forgets a held plan. Idempotent: forgetting an unknown id does nothing. */
  void releasePlan(String planId);

  /**
   * The directory snapshot saved by the last run that made or advanced one, for incremental runs.
   * The default (a store that keeps none) is empty, and every run is then a full run.
   *
   * @throws CorruptStateException when the saved snapshot cannot be read; the engine then does a
   *     full run
   */
  default Optional<DirectorySnapshot> directorySnapshot() {
    return Optional.empty();
  }

  /**
   * Replaces the saved directory snapshot with {@code snapshot}, durably and whole (a crash leaves
   * the old one or the new one). The default keeps nothing.
   */
  default void saveDirectorySnapshot(DirectorySnapshot snapshot) {}

  /**
   * Forgets the saved directory snapshot, so the next run is a full run. The default does nothing.
   */
  default void clearDirectorySnapshot() {}

  /** Flushes and releases files, connections and locks. Idempotent. */
  @Override
  void close();
}
