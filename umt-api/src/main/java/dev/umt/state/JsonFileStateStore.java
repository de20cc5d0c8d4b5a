package dev.umt.state;

import dev.umt.ConfigurationException;
import dev.umt.SyncReport;
import dev.umt.internal.AtomicFiles;
import dev.umt.internal.Json;
import dev.umt.rule.DeprovisionAction;
import dev.umt.target.AccountStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link StateStore}: JSON files in a data folder.
 *
 * <ul>
 *   <li>{@code ledger.json}: the ledger as of the last compaction, replaced atomically (temporary
 *       file, fsync, rename);
 *   <li>{@code ledger.journal}: one JSON line per ledger write since then, appended and fsynced, so
 *       a run of 100,000 creates does not rewrite the whole ledger each time; replayed on open and
 *       folded into {@code ledger.json} on {@link #close()};
 *   <li>{@code tokens.json}, {@code held-plans.json}: replaced atomically; the newest 50 held plans
 *       are kept (approving an older one answers that no such plan is held);
 *   <li>{@code runs.jsonl}: one line per run;
 *   <li>{@code snapshot.bin}: the {@link DirectorySnapshot} for incremental runs (see {@code
 *       SnapshotFile}).
 * </ul>
 *
 * <p>A file that cannot be read is a {@link CorruptStateException} naming the file and the line,
 * never a silent reset. The one exception is a last journal line without its newline: that is a
 * write cut short by a crash, and it is dropped with a warning (the write it held never returned,
 * so no caller relied on it). A ledger file that is missing or empty while the run history or the
 * journal shows that accounts were managed is a {@link MissingLedgerException}, never an empty
 * ledger; a user id twice in the ledger is a {@link CorruptStateException} naming the line.
 *
 * <p><b>One store per data folder.</b> {@link #open} takes an exclusive OS lock on the folder's
 * {@code lock} file, held until {@link #close()}; the operating system frees it when the process
 * ends, even by {@code kill -9}. A second opener, in another process or this one, gets a {@link
 * DataFolderLockedException} naming the holder.
 *
 * <p><b>Owner-only at rest.</b> The folder is created {@code 0700} and every file written in it
 * (including temporary files and the lock) is created {@code 0600}; an existing folder or file of
 * this process's user that is open to others is tightened on open, with a warning. Thread-safe.
 *
 * <pre>{@code
 * try (StateStore store = JsonFileStateStore.open(Path.of("/var/lib/umt"))) { ... }
 * }</pre>
 */
public final class JsonFileStateStore implements StateStore {
  private static final Logger log = LoggerFactory.getLogger(JsonFileStateStore.class);
  private static final int VERSION = 1;

  /** The most held plans kept; a job held every run would otherwise grow the file without end. */
  static final int MAX_HELD_PLANS = 50;

  private final Path folder;
  private final Path ledgerFile;
  private final Path journalFile;
  private final Path tokensFile;
  private final Path heldFile;
  private final Path runsFile;
  private final FolderLock lock;
  private final SnapshotFile snapshotFile;

  /**
   * The snapshot last read or written, so a long-lived store does not read the file every run; null
   * before.
   */
  private DirectorySnapshot lastSnapshot;

  private boolean closed;

  /**
   * The ledger. Once {@link #ledger()} has handed it out it is never changed again: the next write
   * makes a new map first (copy on write), so a run that writes nothing copies nothing.
   */
  private Map<String, LedgerEntry> ledger = new HashMap<>();

  /** Whether {@link #ledger()} handed out {@link #ledger}, which must then not change. */
  private boolean ledgerHandedOut;

  private final Map<String, String> tokens = new TreeMap<>();
  private final Map<String, HeldPlan> held = new LinkedHashMap<>();
  private int journalLines;

  private JsonFileStateStore(Path folder, FolderLock lock) {
    this.folder = folder;
    this.lock = lock;
    this.ledgerFile = folder.resolve("ledger.json");
    this.journalFile = folder.resolve("ledger.journal");
    this.tokensFile = folder.resolve("tokens.json");
    this.heldFile = folder.resolve("held-plans.json");
    this.runsFile = folder.resolve("runs.jsonl");
    this.snapshotFile = new SnapshotFile(folder);
  }

  /**
   * Opens the store in {@code folder}, creating the folder (owner-only) if needed, locks it until
   * {@link #close()} and reads it.
   *
   * @throws DataFolderLockedException when another process, or another store in this process, has
   *     it open
   * @throws CorruptStateException when a file cannot be read, naming it
   * @throws MissingLedgerException when the ledger file is missing or empty but the folder shows
   *     managed accounts
   * @throws ConfigurationException when the folder cannot be created, locked or read
   */
  public static JsonFileStateStore open(Path folder) {
    try {
      AtomicFiles.createFolder(folder);
    } catch (IOException e) {
      throw new ConfigurationException(
          "cannot create data folder " + folder + ": " + e.getMessage(), e);
    }
    FolderLock lock = FolderLock.acquire(folder);
    JsonFileStateStore s = new JsonFileStateStore(folder, lock);
    try {
      s.secure();
      s.load();
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    return s;
  }

  /** The data folder. */
  public Path folder() {
    return folder;
  }

  /**
   * Tightens the folder and every file in it (this store's, and those other UMT parts keep there,
   * such as options and tokens) to owner-only, and removes temporary files a crash left.
   */
  private void secure() {
    List<String> temporaries =
        List.of(ledgerFile, tokensFile, heldFile, folder.resolve(SnapshotFile.NAME)).stream()
            .map(f -> "." + f.getFileName() + ".")
            .toList();
    try {
      tighten(folder, AtomicFiles.OWNER_FOLDER);
      List<Path> files;
      try (Stream<Path> list = Files.list(folder)) {
        files = list.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".tmp") && temporaries.stream().anyMatch(name::startsWith)) {
          // Only a write cut short leaves one, and the lock says no other store is writing.
          Files.deleteIfExists(f);
          log.info("removed {}, a temporary file left by an interrupted write", f);
        } else {
          tighten(f, AtomicFiles.OWNER_FILE);
        }
      }
    } catch (IOException e) {
      throw new ConfigurationException(
          "cannot secure data folder " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void tighten(Path path, Set<PosixFilePermission> ownerOnly) throws IOException {
    Optional<String> was = AtomicFiles.tighten(path, ownerOnly);
    if (was.isPresent()) {
      log.warn(
          "{} was open to other users ({}); made it owner-only ({})",
          path,
          was.get(),
          PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
    }
  }

  private void load() {
    String ledgerText = readText(ledgerFile);
    if (ledgerText == null || ledgerText.isBlank()) {
      refuseALostLedger(ledgerText == null);
    } else {
      Map<Object, Integer> lines = new IdentityHashMap<>();
      Map<String, Object> root = parseObject(ledgerFile, ledgerText, lines);
      checkVersion(ledgerFile, root);
      Map<String, Integer> firstLine = new HashMap<>();
      for (Object o : list(ledgerFile, root, "entries")) {
        LedgerEntry e = entry(ledgerFile, "entries", o);
        int line = lines.getOrDefault(o, 0);
        Integer first = firstLine.putIfAbsent(e.userId(), line);
        if (first != null) {
          throw corrupt(
              ledgerFile,
              "line "
                  + line
                  + ": user id \""
                  + e.userId()
                  + "\" appears a second time (first at line "
                  + first
                  + "); one user has one ledger entry, so keep the right one and remove the other");
        }
        ledger.put(e.userId(), e);
      }
    }
    replayJournal();
    if (ledgerText == null || ledgerText.isBlank()) {
      // A new folder (or one with nothing to lose): from now on a missing ledger file means a lost
      // one.
      snapshot();
    }
    Map<String, Object> t = readObject(tokensFile);
    if (t != null) {
      checkVersion(tokensFile, t);
      Object m = t.get("tokens");
      if (!(m instanceof Map<?, ?> map)) {
        throw corrupt(tokensFile, "field \"tokens\" must be an object");
      }
      map.forEach((k, v) -> tokens.put(String.valueOf(k), String.valueOf(v)));
    }
    Map<String, Object> h = readObject(heldFile);
    if (h != null) {
      checkVersion(heldFile, h);
      for (Object o : list(heldFile, h, "plans")) {
        Map<String, Object> p = object(heldFile, "plans", o);
        HeldPlan plan =
            new HeldPlan(
                str(heldFile, p, "planId", true),
                str(heldFile, p, "fingerprint", true),
                instant(heldFile, p, "createdAt"),
                str(heldFile, p, "reason", false));
        held.put(plan.planId(), plan);
      }
    }
  }

  private void replayJournal() {
    String text;
    try {
      text = Files.readString(journalFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new CorruptStateException(
          "cannot read ledger journal " + journalFile + ": " + e.getMessage(), e);
    }
    String[] lines = text.split("\n", -1);
    // The element after the last '\n' is empty for a whole file, or a torn write.
    int whole = lines.length - 1;
    if (!lines[whole].isEmpty()) {
      log.warn(
          "dropping a ledger journal write cut short by a crash: {} line {}",
          journalFile,
          whole + 1);
    }
    for (int i = 0; i < whole; i++) {
      String where = journalFile + " line " + (i + 1);
      Object v;
      try {
        v = Json.parse(lines[i]);
      } catch (Json.ParseException e) {
        throw new CorruptStateException(
            "ledger journal " + where + " is not valid JSON: " + e.getMessage(), e);
      }
      if (!(v instanceof Map<?, ?> m)) {
        throw new CorruptStateException("ledger journal " + where + " is not a JSON object", null);
      }
      if (m.get("put") != null) {
        LedgerEntry e = entry(journalFile, "line " + (i + 1) + " put", m.get("put"));
        ledger.put(e.userId(), e);
      } else if (m.get("remove") instanceof String id) {
        ledger.remove(id);
      } else {
        throw new CorruptStateException(
            "ledger journal " + where + " is neither a put nor a remove", null);
      }
      journalLines++;
    }
  }

  @Override
  public synchronized Map<String, LedgerEntry> ledger() {
    ledgerHandedOut = true;
    return java.util.Collections.unmodifiableMap(ledger);
  }

  /** The ledger to change: a copy when the current one was handed out. */
  private Map<String, LedgerEntry> ledgerToChange() {
    if (ledgerHandedOut) {
      ledger = new HashMap<>(ledger);
      ledgerHandedOut = false;
    }
    return ledger;
  }

  @Override
  public synchronized void writeLedger(
      Collection<LedgerEntry> put, Collection<String> removeUserIds) {
    checkOpen();
    if (put.isEmpty() && removeUserIds.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder();
    for (LedgerEntry e : put) {
      b.append(Json.write(Map.of("put", toMap(e)))).append('\n');
    }
    for (String id : removeUserIds) {
      b.append(Json.write(Map.of("remove", id))).append('\n');
    }
    try {
      AtomicFiles.append(journalFile, b.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to ledger journal " + journalFile, e);
    }
    Map<String, LedgerEntry> changing = ledgerToChange();
    for (LedgerEntry e : put) {
      changing.put(e.userId(), e);
    }
    removeUserIds.forEach(changing::remove);
    journalLines += put.size() + removeUserIds.size();
  }

  /** Folds the journal into {@code ledger.json} and empties it. Called by {@link #close()}. */
  public synchronized void compact() {
    checkOpen();
    if (journalLines == 0 && Files.exists(ledgerFile)) {
      return;
    }
    snapshot();
  }

  /**
   * Writes the whole ledger to {@code ledger.json}, one entry a line (so errors can name a line),
   * and empties the journal.
   */
  private void snapshot() {
    // Streamed through a buffer into the temporary file: the ledger is never one string, and the
    // only copy is this list of references, sorted so the file's order is stable.
    List<LedgerEntry> sorted = new ArrayList<>(ledger.values());
    sorted.sort(java.util.Comparator.comparing(LedgerEntry::userId));
    try {
      AtomicFiles.write(
          ledgerFile,
          out -> {
            out.append("{\"version\":").append(Integer.toString(VERSION)).append(",\"entries\":[");
            String sep = "\n";
            for (LedgerEntry e : sorted) {
              out.append(sep);
              Json.write(out, toMap(e));
              sep = ",\n";
            }
            out.append("\n]}\n");
          });
      // A crash here leaves a journal whose writes are already in ledger.json: replaying them is
      // harmless.
      Files.deleteIfExists(journalFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ledger " + ledgerFile, e);
    }
    journalLines = 0;
  }

  /**
   * Refuses to open an empty ledger when the folder shows that UMT managed accounts: earlier runs
   * that applied steps, or ledger writes in the journal. Called when {@code ledger.json} is missing
   * or blank.
   */
  private void refuseALostLedger(boolean missing) {
    List<String> evidence = new ArrayList<>();
    String journal = readText(journalFile);
    if (journal != null && !journal.isBlank()) {
      long writes = journal.lines().filter(l -> !l.isBlank()).count();
      evidence.add(
          journalFile
              + " holds "
              + writes
              + " ledger write"
              + (writes == 1 ? "" : "s")
              + " made after it");
    }
    List<RunRecord> managing =
        runs(Integer.MAX_VALUE).stream().filter(JsonFileStateStore::managedAccounts).toList();
    if (!managing.isEmpty()) {
      evidence.add(
          runsFile
              + " records "
              + managing.size()
              + " earlier run"
              + (managing.size() == 1 ? "" : "s")
              + " that managed accounts (the latest finished at "
              + managing.get(managing.size() - 1).finishedAt()
              + ")");
    }
    if (evidence.isEmpty()) {
      return;
    }
    throw new MissingLedgerException(
        "ledger file "
            + ledgerFile
            + " is "
            + (missing ? "missing" : "empty")
            + ", but "
            + String.join(" and ", evidence)
            + ": opening the folder with an empty ledger would forget every account UMT manages."
            + " Restore ledger.json from a backup and run again; or, to start a new ledger"
            + " deliberately (accounts in scope are matched again by email, the others are no"
            + " longer managed), write {\"version\":1,\"entries\":[]} to "
            + ledgerFile
            + " and run again");
  }

  /**
   * Whether a run applied a step that the ledger records: any kind but skip, done at least once.
   */
  private static boolean managedAccounts(RunRecord run) {
    return run.counts().entrySet().stream()
        .anyMatch(
            c ->
                c.getKey().endsWith(".done")
                    && !c.getKey().startsWith("skip.")
                    && c.getValue() > 0);
  }

  @Override
  public synchronized Optional<String> token(String name) {
    return Optional.ofNullable(tokens.get(name));
  }

  /**
   * {@inheritDoc} A token already saved under that name is not written again (a run that changed
   * nothing keeps its feed's token): the file is rewritten only when a token changes, and the store
   * holds a new token only once it is on disk.
   */
  @Override
  public synchronized void saveToken(String name, String token) {
    checkOpen();
    if (token.equals(tokens.get(name))) {
      return;
    }
    Map<String, String> next = new TreeMap<>(tokens);
    next.put(name, token);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", VERSION);
    root.put("tokens", next);
    writeAtomically(tokensFile, root);
    tokens.put(name, token);
  }

  @Override
  public synchronized void recordRun(RunRecord run) {
    checkOpen();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("planId", run.planId());
    m.put("status", run.status().name());
    m.put("reason", run.reason());
    m.put("startedAt", run.startedAt().toString());
    m.put("finishedAt", run.finishedAt().toString());
    m.put("counts", new TreeMap<>(run.counts()));
    if (!run.kind().isEmpty()) {
      m.put("kind", run.kind());
    }
    try {
      AtomicFiles.append(runsFile, Json.write(m) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to run history " + runsFile, e);
    }
  }

  @Override
  public synchronized List<RunRecord> runs(int max) {
    List<String> lines;
    try {
      lines = Files.readAllLines(runsFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run history " + runsFile, e);
    }
    List<RunRecord> out = new ArrayList<>();
    for (int i = Math.max(0, lines.size() - max); i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      Map<String, Object> m;
      try {
        m = object(runsFile, "line " + (i + 1), Json.parse(lines.get(i)));
      } catch (Json.ParseException e) {
        throw new CorruptStateException(
            "run history "
                + runsFile
                + " line "
                + (i + 1)
                + " is not valid JSON: "
                + e.getMessage(),
            e);
      }
      Map<String, Integer> counts = new TreeMap<>();
      if (m.get("counts") instanceof Map<?, ?> c) {
        c.forEach(
            (k, v) -> counts.put(String.valueOf(k), v instanceof Number n ? n.intValue() : 0));
      }
      out.add(
          new RunRecord(
              str(runsFile, m, "planId", true),
              name(runsFile, "line " + (i + 1), m, "status", SyncReport.Status.class),
              str(runsFile, m, "reason", false),
              instant(runsFile, m, "startedAt"),
              instant(runsFile, m, "finishedAt"),
              counts,
              str(runsFile, m, "kind", false)));
    }
    return out;
  }

  @Override
  public synchronized void holdPlan(HeldPlan plan) {
    checkOpen();
    held.put(plan.planId(), plan);
    java.util.Iterator<String> oldest = held.keySet().iterator();
    while (held.size() > MAX_HELD_PLANS) {
      oldest.next();
      oldest.remove();
    }
    writeHeld();
  }

  @Override
  public synchronized Optional<HeldPlan> heldPlan(String planId) {
    return Optional.ofNullable(held.get(planId));
  }

  @Override
  public synchronized List<HeldPlan> heldPlans() {
    List<HeldPlan> out = new ArrayList<>(held.values());
    java.util.Collections.reverse(out);
    out.sort(java.util.Comparator.comparing(HeldPlan::createdAt).reversed());
    return List.copyOf(out);
  }

  @Override
  public synchronized void releasePlan(String planId) {
    checkOpen();
    if (held.remove(planId) != null) {
      writeHeld();
    }
  }

  private void writeHeld() {
    List<Object> plans = new ArrayList<>();
    for (HeldPlan p : held.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("planId", p.planId());
      m.put("fingerprint", p.fingerprint());
      m.put("createdAt", p.createdAt().toString());
      m.put("reason", p.reason());
      plans.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", VERSION);
    root.put("plans", plans);
    writeAtomically(heldFile, root);
  }

  /**
   * {@inheritDoc} Read from the file once; later calls answer a copy of what this store last read
   * or wrote.
   */
  @Override
  public synchronized Optional<DirectorySnapshot> directorySnapshot() {
    if (lastSnapshot == null) {
      lastSnapshot = snapshotFile.read().orElse(null);
    }
    return Optional.ofNullable(lastSnapshot).map(DirectorySnapshot::copy);
  }

  @Override
  public synchronized void saveDirectorySnapshot(DirectorySnapshot snapshot) {
    checkOpen();
    lastSnapshot = null;
    snapshotFile.write(snapshot);
    lastSnapshot = snapshot.copy();
  }

  @Override
  public synchronized void clearDirectorySnapshot() {
    checkOpen();
    lastSnapshot = null;
    snapshotFile.delete();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      compact();
    } finally {
      closed = true;
      lock.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "the state store of "
              + folder
              + " is closed: its lock is released, so it no longer writes");
    }
  }

  private static void writeAtomically(Path file, Object json) {
    try {
      AtomicFiles.write(file, Json.write(json));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  // --- mapping ---

  private static Map<String, Object> toMap(LedgerEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("userId", e.userId());
    m.put("accountKey", e.accountKey());
    m.put("email", e.email());
    m.put("firstName", e.firstName());
    m.put("lastName", e.lastName());
    m.put("groupKey", e.groupKey());
    m.put("licensed", e.licensed());
    m.put("status", e.status().name());
    m.put("ruleId", e.ruleId());
    m.put("managedSince", e.managedSince().toString());
    if (e.pending() != null) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("action", e.pending().action().name());
      p.put("since", e.pending().since().toString());
      p.put("runs", e.pending().runs());
      m.put("pending", p);
    }
    return m;
  }

  private static LedgerEntry entry(Path file, String where, Object o) {
    Map<String, Object> m = object(file, where, o);
    String userId = str(file, m, "userId", true);
    String at = where + " (user " + userId + ")";
    LedgerEntry.Pending pending = null;
    if (m.get("pending") != null) {
      Map<String, Object> p = object(file, at + ".pending", m.get("pending"));
      Object runs = p.get("runs");
      if (!(runs instanceof Long r)) {
        throw corrupt(file, at + ": field \"pending.runs\" must be a whole number");
      }
      DeprovisionAction action = name(file, at + ".pending", p, "action", DeprovisionAction.class);
      if (action == DeprovisionAction.NOTHING) {
        throw corrupt(file, at + ".pending: field \"action\" cannot be NOTHING");
      }
      pending = new LedgerEntry.Pending(action, instant(file, p, "since"), r.intValue());
    }
    Object licensed = m.get("licensed");
    if (!(licensed instanceof Boolean lic)) {
      throw corrupt(file, at + ": field \"licensed\" must be true or false");
    }
    AccountStatus status;
    try {
      status = AccountStatus.valueOf(str(file, m, "status", true));
    } catch (IllegalArgumentException e) {
      throw corrupt(
          file,
          at + ": field \"status\" must be ACTIVE or SUSPENDED, not \"" + m.get("status") + "\"");
    }
    try {
      return new LedgerEntry(
          userId,
          str(file, m, "accountKey", true),
          str(file, m, "email", true),
          str(file, m, "firstName", false),
          str(file, m, "lastName", false),
          str(file, m, "groupKey", false),
          lic,
          status,
          str(file, m, "ruleId", false),
          instant(file, m, "managedSince"),
          pending);
    } catch (IllegalArgumentException e) {
      throw corrupt(file, at + ": " + e.getMessage());
    }
  }

  private static Map<String, Object> readObject(Path file) {
    String text = readText(file);
    return text == null ? null : parseObject(file, text, null);
  }

  /** The file's text, or null when it does not exist. */
  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new CorruptStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> parseObject(
      Path file, String text, Map<Object, Integer> lines) {
    try {
      return object(file, "the top level", Json.parse(text, lines));
    } catch (Json.ParseException e) {
      throw new CorruptStateException(
          "state file " + file + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static void checkVersion(Path file, Map<String, Object> root) {
    Object v = root.get("version");
    if (!(v instanceof Long l) || l != VERSION) {
      throw corrupt(file, "field \"version\" must be " + VERSION + ", not " + v);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Path file, String where, Object o) {
    if (!(o instanceof Map<?, ?>)) {
      throw corrupt(file, where + " must be a JSON object");
    }
    return (Map<String, Object>) o;
  }

  private static List<?> list(Path file, Map<String, Object> m, String field) {
    if (!(m.get(field) instanceof List<?> l)) {
      throw corrupt(file, "field \"" + field + "\" must be an array");
    }
    return l;
  }

  private static String str(Path file, Map<String, Object> m, String field, boolean required) {
    Object v = m.get(field);
    if (v == null && !required) {
      return null;
    }
    if (!(v instanceof String s) || (required && s.isBlank())) {
      throw corrupt(
          file,
          "field \""
              + field
              + "\" must be a "
              + (required ? "non-empty " : "")
              + "string, not "
              + v);
    }
    return s;
  }

  /**
   * The enum constant named by string field {@code field}; a corrupt-state error naming the field
   * and the names allowed otherwise.
   */
  private static <E extends Enum<E>> E name(
      Path file, String where, Map<String, Object> m, String field, Class<E> type) {
    String s = str(file, m, field, true);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(s)) {
        return e;
      }
    }
    throw corrupt(
        file,
        where
            + ": field \""
            + field
            + "\" must be one of "
            + java.util.Arrays.toString(type.getEnumConstants())
            + ", not \""
            + s
            + "\"");
  }

  private static Instant instant(Path file, Map<String, Object> m, String field) {
    String s = str(file, m, field, true);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw corrupt(file, "field \"" + field + "\" must be an ISO-8601 instant, not \"" + s + "\"");
    }
  }

  private static CorruptStateException corrupt(Path file, String what) {
    return new CorruptStateException("state file " + file + " is corrupt: " + what, null);
  }
}
