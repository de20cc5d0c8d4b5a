package dev.umt.state;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine keeps what it manages: the ledger of accounts, change-feed tokens, run history
 * and plans held for approval. The default is {@link JsonFileStateStore}; a database can stand in.
 * Implementations are thread-safe, and a write is durable when the method returns.
 */
public interface StateStore extends AutoCloseable {

  /** The ledger, by directory user id: a snapshot the caller may keep. */
  Map<String, LedgerEntry> ledger();

  /** Adds or replaces {@code put} and removes the entries of {@code removeUserIds}, durably. */
  void writeLedger(Collection<LedgerEntry> put, Collection<String> removeUserIds);

  /** The saved token called {@code name}. */
  Optional<String> token(String name);

  /** Saves a token, durably. */
  void saveToken(String name, String token);

  /** Appends a run to the history. */
  void recordRun(RunRecord run);

  /** The latest {@code max} runs, oldest first. */
  List<RunRecord> runs(int max);

  /** Keeps a held plan until it is released; a store may forget the oldest past a limit of its own. */
  void holdPlan(HeldPlan plan);

  /** The held plan with this id. */
  Optional<HeldPlan> heldPlan(String planId);

  /**
   * The plans held now, newest first (by {@link HeldPlan#createdAt()}): a snapshot the caller may
   * keep, empty when none is held. Includes plans held by another program on the same store (a
   * file store reads what was written before it was opened). Reads only; never null.
   */
  List<HeldPlan> heldPlans();

  /** Forgets a held plan. */
  void releasePlan(String planId);

  /**
   * The directory snapshot saved by the last run that made or advanced one, for incremental runs.
   * The default (a store that keeps none) is empty, and every run is then a full run.
   *
   * @throws CorruptStateException when the saved snapshot cannot be read; the engine then does a full run
   */
  default Optional<DirectorySnapshot> directorySnapshot() {
    return Optional.empty();
  }

  /**
   * Replaces the saved directory snapshot with {@code snapshot}, durably and whole (a crash leaves
   * the old one or the new one). The default keeps nothing.
   */
  default void saveDirectorySnapshot(DirectorySnapshot snapshot) {}

  /** Forgets the saved directory snapshot, so the next run is a full run. The default does nothing. */
  default void clearDirectorySnapshot() {}

  /** Flushes and releases files. */
  @Override
  void close();
}
