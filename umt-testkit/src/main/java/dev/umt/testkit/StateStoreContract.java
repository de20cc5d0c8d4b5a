package dev.umt.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.SyncReport;
import dev.umt.TemporaryFailureException;
import dev.umt.rule.DeprovisionAction;
import dev.umt.state.CorruptStateException;
import dev.umt.state.DirectorySnapshot;
import dev.umt.state.HeldPlan;
import dev.umt.state.LedgerEntry;
import dev.umt.state.RunRecord;
import dev.umt.state.StateStore;
import dev.umt.target.AccountStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StateStore} must do: the ledger's puts, replacements and removals survive
 * closing and opening again; tokens, the run history (oldest first, the latest {@code max}) and
 * held plans (newest first, released) likewise; ids with quotes, commas, SQL, non-ASCII and line
 * breaks come back as written, and instants to the nanosecond; writers on several threads lose
 * nothing; the directory snapshot of incremental runs is saved whole, replaced, cleared and
 * survives reopening, and a damaged one is a {@link CorruptStateException} naming where it is; and
 * one store at a time: a second open of the same store is refused while the first holds it and
 * allowed after it closes.
 *
 * <p>Extend it and say how to open a store by name: the same name opens the same stored state
 * again, another name a new, empty one (each test takes names of its own, so tests may share one
 * location).
 */
public abstract class StateStoreContract {

  /**
   * Opens the store called {@code name}: the same name opens the same stored state (once the
   * previous store of it is closed), a new name an empty store.
   */
  protected abstract StateStore open(String name);

  /**
   * A regular expression the message of the exception must match when {@code name} is opened while
   * another store of it is open, such as {@code .*is in use.*}.
   */
  protected abstract String lockedMessage(String name);

  /**
   * Damages the saved directory snapshot of the closed store {@code name} (one was saved) so that
   * it no longer reads as one, and answers the text a {@link CorruptStateException}'s message must
   * then start with: where the snapshot is, such as {@code "directory snapshot
   * /data/snapshot.bin"}.
   */
  protected abstract String damageDirectorySnapshot(String name) throws Exception;

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /** A name of this test's own. */
  protected final String name(String what) {
    return what + "-" + run;
  }

  static final Instant T0 = Instant.parse("2026-11-30T08:00:00.123456789Z");

  static LedgerEntry entry(String userId, String email) {
    return new LedgerEntry(
        userId,
        "key-" + userId.hashCode(),
        email,
        "First",
        "Last",
        "g-1",
        true,
        AccountStatus.ACTIVE,
        "rule-1",
        T0,
        null);
  }

  static RunRecord runRecord(String planId, int minute, Map<String, Integer> counts) {
    return new RunRecord(
        planId,
        SyncReport.Status.COMPLETED,
        null,
        T0.plusSeconds(60L * minute),
        T0.plusSeconds(60L * minute + 30),
        counts);
  }

  @Test
  void ledgerPutsReplacementsAndRemovalsSurviveReopening() {
    String n = name("ledger");
    LedgerEntry ann = entry("u-ann", "ann@example.test");
    LedgerEntry ben = entry("u-ben", "ben@example.test");
    LedgerEntry cat =
        new LedgerEntry(
            "u-cat",
            "k-cat",
            "cat@example.test",
            null,
            null,
            null,
            false,
            AccountStatus.SUSPENDED,
            null,
            T0,
            new LedgerEntry.Pending(DeprovisionAction.DELETE, T0.plusSeconds(5), 2));
    try (StateStore s = open(n)) {
      assertThat(s.ledger()).isEmpty();
      s.writeLedger(List.of(ann, ben, cat), List.of());
      Map<String, LedgerEntry> before = s.ledger();
      LedgerEntry annMoved =
          new LedgerEntry(
              "u-ann",
              ann.accountKey(),
              "ann.new@example.test",
              "Ann",
              "Able",
              "g-2",
              false,
              AccountStatus.SUSPENDED,
              "rule-2",
              T0,
              new LedgerEntry.Pending(DeprovisionAction.SUSPEND, T0.plusSeconds(1), 1));
      s.writeLedger(List.of(annMoved), List.of("u-ben"));
      s.writeLedger(List.of(), List.of("u-nobody"));
      s.writeLedger(List.of(), List.of());
      assertThat(before)
          .as("a snapshot the caller keeps")
          .containsOnlyKeys("u-ann", "u-ben", "u-cat")
          .containsEntry("u-ann", ann);
      assertThat(s.ledger()).containsOnly(Map.entry("u-ann", annMoved), Map.entry("u-cat", cat));
    }
    try (StateStore s = open(n)) {
      Map<String, LedgerEntry> again = s.ledger();
      assertThat(again).containsOnlyKeys("u-ann", "u-cat");
      assertThat(again.get("u-ann").email()).isEqualTo("ann.new@example.test");
      assertThat(again.get("u-ann").pending())
          .isEqualTo(new LedgerEntry.Pending(DeprovisionAction.SUSPEND, T0.plusSeconds(1), 1));
      assertThat(again.get("u-cat")).isEqualTo(cat);
      s.writeLedger(List.of(), List.of("u-ann", "u-cat"));
    }
    try (StateStore s = open(n)) {
      assertThat(s.ledger()).isEmpty();
    }
  }

  @Test
  void storesOfDifferentNamesDoNotSeeEachOther() {
    try (StateStore a = open(name("a"));
        StateStore b = open(name("b"))) {
      a.writeLedger(List.of(entry("u-1", "one@example.test")), List.of());
      a.saveToken("directory", "token-a");
      assertThat(b.ledger()).isEmpty();
      assertThat(b.token("directory")).isEmpty();
      assertThat(a.ledger()).containsOnlyKeys("u-1");
    }
  }

  @Test
  void tokensAreSavedReplacedAndKept() {
    String n = name("tokens");
    try (StateStore s = open(n)) {
      assertThat(s.token("directory")).isEmpty();
      s.saveToken("directory", "v1:abc");
      s.saveToken("directory", "v1:def");
      s.saveToken("other", "x");
      assertThat(s.token("directory")).contains("v1:def");
    }
    try (StateStore s = open(n)) {
      assertThat(s.token("directory")).contains("v1:def");
      assertThat(s.token("other")).contains("x");
      assertThat(s.token("missing")).isEmpty();
    }
  }

  @Test
  void runsComeBackOldestFirstAndTheLimitKeepsTheLatest() {
    String n = name("runs");
    try (StateStore s = open(n)) {
      assertThat(s.runs(10)).isEmpty();
      for (int i = 1; i <= 5; i++) {
        s.recordRun(
            runRecord(
                "plan-" + i, i, i == 5 ? Map.of() : Map.of("create.done", i, "suspend.failed", 1)));
      }
      s.recordRun(
          new RunRecord(
              "plan-6",
              SyncReport.Status.HELD,
              "threshold: 600 suspensions > 500",
              T0,
              T0.plusNanos(1),
              Map.of("suspend.held", 600)));
    }
    try (StateStore s = open(n)) {
      assertThat(s.runs(3))
          .extracting(RunRecord::planId)
          .containsExactly("plan-4", "plan-5", "plan-6");
      assertThat(s.runs(100))
          .extracting(RunRecord::planId)
          .containsExactly("plan-1", "plan-2", "plan-3", "plan-4", "plan-5", "plan-6");
      assertThat(s.runs(1))
          .containsExactly(
              new RunRecord(
                  "plan-6",
                  SyncReport.Status.HELD,
                  "threshold: 600 suspensions > 500",
                  T0,
                  T0.plusNanos(1),
                  Map.of("suspend.held", 600)));
      assertThat(s.runs(0)).isEmpty();
      RunRecord second = s.runs(100).get(1);
      assertThat(second)
          .isEqualTo(runRecord("plan-2", 2, Map.of("create.done", 2, "suspend.failed", 1)));
      assertThat(second.reason()).isEmpty();
      assertThat(s.runs(100).get(4).counts()).isEmpty();
    }
  }

  @Test
  void heldPlansComeNewestFirstAndReleasedOnesAreGone() {
    String n = name("held");
    HeldPlan first = new HeldPlan("p-1", "fp-1", T0, "600 suspensions > 500");
    HeldPlan newest = new HeldPlan("p-2", "fp-2", T0.plusSeconds(120), "70 % > 20 %");
    HeldPlan middle = new HeldPlan("p-3", "fp-3", T0.plusSeconds(60), "r");
    try (StateStore s = open(n)) {
      assertThat(s.heldPlans()).isEmpty();
      s.holdPlan(first);
      s.holdPlan(newest);
      s.holdPlan(middle);
      assertThat(s.heldPlans()).containsExactly(newest, middle, first);
      assertThat(s.heldPlan("p-1")).contains(first);
      assertThat(s.heldPlan("p-9")).isEmpty();
      s.releasePlan("p-1");
      s.releasePlan("p-9");
      assertThat(s.heldPlan("p-1")).isEmpty();
    }
    try (StateStore s = open(n)) {
      assertThat(s.heldPlans()).containsExactly(newest, middle);
      s.releasePlan("p-2");
      s.releasePlan("p-3");
      assertThat(s.heldPlans()).isEmpty();
    }
  }

  /**
   * Ids as directories and people make them: DN syntax, quotes, SQL, wildcards, non-ASCII, a line
   * break, very long.
   */
  static final List<String> ODD_IDS =
      List.of(
          "CN=O'Brien\\, Pat,OU=R&D \"Labs\",DC=example,DC=test",
          "'; DROP TABLE umt_ledger; --",
          "100%_*?[a-z]\\x",
          "José Ñúñez 山田太郎 😀",
          "line\nbreak\ttab",
          "{\"json\":[1,2]}",
          "x".repeat(2_000));

  @Test
  void idsWithOddCharactersComeBackAsWritten() {
    String n = name("odd");
    try (StateStore s = open(n)) {
      List<LedgerEntry> entries = new ArrayList<>();
      for (int i = 0; i < ODD_IDS.size(); i++) {
        String id = ODD_IDS.get(i);
        entries.add(
            new LedgerEntry(
                id,
                "key " + id,
                "odd" + i + "@example.test",
                id,
                id,
                id,
                true,
                AccountStatus.ACTIVE,
                id,
                T0,
                null));
        s.saveToken(id, "token of " + id);
        s.holdPlan(new HeldPlan(id, "fp " + id, T0.plusSeconds(i), id));
      }
      s.writeLedger(entries, List.of());
      s.recordRun(
          new RunRecord(
              ODD_IDS.get(0),
              SyncReport.Status.FAILED,
              ODD_IDS.get(4),
              T0,
              T0,
              Map.of(ODD_IDS.get(3), 1)));
    }
    try (StateStore s = open(n)) {
      Map<String, LedgerEntry> ledger = s.ledger();
      assertThat(ledger).containsOnlyKeys(ODD_IDS);
      for (String id : ODD_IDS) {
        assertThat(ledger.get(id).accountKey()).isEqualTo("key " + id);
        assertThat(ledger.get(id).firstName()).isEqualTo(id);
        assertThat(s.token(id)).contains("token of " + id);
        assertThat(s.heldPlan(id)).map(HeldPlan::reason).contains(id);
      }
      assertThat(s.runs(1))
          .containsExactly(
              new RunRecord(
                  ODD_IDS.get(0),
                  SyncReport.Status.FAILED,
                  ODD_IDS.get(4),
                  T0,
                  T0,
                  Map.of(ODD_IDS.get(3), 1)));
      s.writeLedger(List.of(), ODD_IDS.subList(0, 3));
      assertThat(s.ledger()).containsOnlyKeys(ODD_IDS.subList(3, ODD_IDS.size()));
      s.releasePlan(ODD_IDS.get(1));
      assertThat(s.heldPlan(ODD_IDS.get(1))).isEmpty();
    }
  }

  @Test
  void writersOnSeveralThreadsLoseNothing() throws Exception {
    String n = name("threads");
    int threads = 8;
    int writes = 25;
    int perWrite = 4;
    try (StateStore s = open(n)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int w = 0; w < writes; w++) {
                      List<LedgerEntry> batch = new ArrayList<>();
                      for (int k = 0; k < perWrite; k++) {
                        batch.add(
                            entry(
                                "t" + thread + "-w" + w + "-" + k,
                                "t" + thread + "w" + w + "k" + k + "@example.test"));
                      }
                      // Every thread also replaces the same shared entry and removes one of its own
                      // earlier entries.
                      batch.add(entry("shared", "shared-" + thread + "-" + w + "@example.test"));
                      s.writeLedger(
                          batch,
                          w == 0 ? List.of() : List.of("t" + thread + "-w" + (w - 1) + "-0"));
                      s.saveToken("thread-" + thread, "w" + w);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      assertExpectedAfterThreads(s.ledger(), threads, writes, perWrite);
    }
    try (StateStore s = open(n)) {
      Map<String, LedgerEntry> ledger = s.ledger();
      assertExpectedAfterThreads(ledger, threads, writes, perWrite);
      for (int t = 0; t < threads; t++) {
        assertThat(s.token("thread-" + t)).contains("w" + (writes - 1));
      }
    }
  }

  private static void assertExpectedAfterThreads(
      Map<String, LedgerEntry> ledger, int threads, int writes, int perWrite) {
    Map<String, Boolean> expected = new HashMap<>();
    for (int t = 0; t < threads; t++) {
      for (int w = 0; w < writes; w++) {
        for (int k = 0; k < perWrite; k++) {
          // Entry 0 of each write but the last was removed by the thread's next write.
          expected.put("t" + t + "-w" + w + "-" + k, k != 0 || w == writes - 1);
        }
      }
    }
    List<String> kept =
        expected.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    assertThat(ledger).hasSize(kept.size() + 1);
    assertThat(ledger).containsKeys(kept.toArray(String[]::new));
    assertThat(ledger.get("shared").email())
        .matches("shared-\\d-" + (writes - 1) + "@example\\.test");
  }

  @Test
  void aSecondOpenIsRefusedWhileTheFirstHoldsTheStoreAndAllowedAfterItCloses() {
    String n = name("locked");
    StateStore first = open(n);
    try {
      first.writeLedger(List.of(entry("u-1", "one@example.test")), List.of());
      assertThatThrownBy(() -> open(n).close())
          .isInstanceOf(TemporaryFailureException.class)
          .hasMessageMatching(lockedMessage(n));
      // The refused open changed nothing: the holder still writes.
      first.writeLedger(List.of(entry("u-2", "two@example.test")), List.of());
      first.saveToken("directory", "t");
    } finally {
      first.close();
    }
    try (StateStore second = open(n)) {
      assertThat(second.ledger()).containsOnlyKeys("u-1", "u-2");
      assertThat(second.token("directory")).contains("t");
      second.writeLedger(List.of(entry("u-3", "three@example.test")), List.of());
    }
  }

  static DirectorySnapshot snapshot(String token, String... ids) {
    DirectorySnapshot s = new DirectorySnapshot("fp-" + token, token, T0, 2);
    for (String id : ids) {
      s.put(
          new DirectorySnapshot.User(
              id,
              "CN=" + id.replace(",", "\\,") + ",OU=Staff,DC=example,DC=test",
              List.of("ou-staff", "dc-root"),
              List.of("g-1"),
              Set.of("g-1", "cn=all,dc=example,dc=test"),
              "rule-1",
              id.hashCode() * 31L,
              id.startsWith("retry")));
    }
    return s;
  }

  /** Everything a snapshot holds, comparable. */
  static Map<String, Object> contents(DirectorySnapshot s) {
    Map<String, Object> out = new HashMap<>();
    s.forEach(u -> out.put(u.id(), u));
    out.put("(fingerprint)", s.ruleSetFingerprint());
    out.put("(token)", s.token());
    out.put("(last full run)", s.lastFullRun());
    out.put("(incremental runs)", s.incrementalRunsSinceFull());
    return out;
  }

  @Test
  void theDirectorySnapshotIsSavedReplacedClearedAndSurvivesReopening() {
    String n = name("snapshot");
    DirectorySnapshot first =
        snapshot("t1", "u-ann", "retry-ben", "123e4567-e89b-12d3-a456-426614174000");
    DirectorySnapshot second = snapshot("t2", ODD_IDS.toArray(String[]::new));
    second.advance("t3");
    try (StateStore s = open(n)) {
      assertThat(s.directorySnapshot()).isEmpty();
      s.saveDirectorySnapshot(first);
      assertThat(s.directorySnapshot().map(StateStoreContract::contents)).contains(contents(first));
      s.saveDirectorySnapshot(second);
      DirectorySnapshot back = s.directorySnapshot().orElseThrow();
      assertThat(contents(back)).isEqualTo(contents(second));
      assertThat(back.token()).isEqualTo("t3");
      assertThat(back.incrementalRunsSinceFull()).isEqualTo(3);
      assertThat(back.retryUsers()).isEmpty();
      back.remove(ODD_IDS.get(0));
      assertThat(s.directorySnapshot().orElseThrow().size())
          .as("the caller's copy is its own")
          .isEqualTo(ODD_IDS.size());
    }
    try (StateStore s = open(n)) {
      assertThat(s.directorySnapshot().map(StateStoreContract::contents))
          .contains(contents(second));
      s.clearDirectorySnapshot();
      s.clearDirectorySnapshot();
      assertThat(s.directorySnapshot()).isEmpty();
    }
    try (StateStore s = open(n);
        StateStore other = open(name("snapshot-other"))) {
      assertThat(s.directorySnapshot()).isEmpty();
      s.saveDirectorySnapshot(first);
      assertThat(other.directorySnapshot()).as("another store's").isEmpty();
      assertThat(s.directorySnapshot().orElseThrow().retryUsers()).containsExactly("retry-ben");
    }
  }

  @Test
  void aDamagedDirectorySnapshotIsCorruptStateNamingWhereItIs() throws Exception {
    String n = name("damaged");
    try (StateStore s = open(n)) {
      s.saveDirectorySnapshot(snapshot("t1", "u-ann", "u-ben"));
      s.writeLedger(List.of(entry("u-ann", "ann@example.test")), List.of());
    }
    String where = damageDirectorySnapshot(n);
    try (StateStore s = open(n)) {
      assertThatThrownBy(s::directorySnapshot)
          .isInstanceOf(CorruptStateException.class)
          .hasMessageStartingWith(where + " ");
      assertThat(s.ledger()).as("the rest of the state reads").containsOnlyKeys("u-ann");
      // What the engine does next: a full run, which replaces the damaged snapshot.
      s.saveDirectorySnapshot(snapshot("t2", "u-cat"));
      assertThat(s.directorySnapshot().orElseThrow().user("u-cat")).isPresent();
    }
  }

  @Test
  void aClosedStoreRefusesWritesAndClosingTwiceIsHarmless() {
    StateStore s = open(name("closed"));
    s.close();
    s.close();
    assertThatThrownBy(() -> s.writeLedger(List.of(entry("u-1", "one@example.test")), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
    assertThatThrownBy(() -> s.saveToken("directory", "t"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.holdPlan(new HeldPlan("p", "f", T0, "r")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.saveDirectorySnapshot(snapshot("t")))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(s::clearDirectorySnapshot).isInstanceOf(IllegalStateException.class);
  }
}
