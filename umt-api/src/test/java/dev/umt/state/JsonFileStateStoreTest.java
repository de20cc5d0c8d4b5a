package dev.umt.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.target.AccountStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileStateStoreTest {
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
  @TempDir Path dir;

  private static LedgerEntry entry(String user, String key) {
    return new LedgerEntry(user, key, user + "@example.test", "First", "Last \"Quoted\"\n", "g1", true, AccountStatus.ACTIVE, "r1", T, null);
  }

  @Test
  void theLedgerRoundTripsThroughTheJournalAndTheSnapshot() {
    LedgerEntry a = entry("u1", "k1");
    LedgerEntry b = entry("u2", "k2").withPending(new LedgerEntry.Pending("SUSPEND", T, 2));
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      s.writeLedger(List.of(a, b), List.of());
      s.writeLedger(List.of(), List.of("u1"));
      assertThat(Files.exists(dir.resolve("ledger.journal"))).isTrue();
    }
    assertThat(Files.exists(dir.resolve("ledger.journal"))).as("closing folds the journal into the snapshot").isFalse();
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.ledger()).isEqualTo(Map.of("u2", b));
    }
  }

  @Test
  void aJournalIsReplayedWhenTheProcessDiedBeforeClosing() {
    JsonFileStateStore s = JsonFileStateStore.open(dir);
    s.writeLedger(List.of(entry("u1", "k1")), List.of());
    s.writeLedger(List.of(entry("u2", "k2")), List.of());
    // no close(): the process died
    assertThat(JsonFileStateStore.open(dir).ledger()).containsOnlyKeys("u1", "u2");
  }

  @Test
  void aWriteCutShortByACrashIsDroppedAndTheEarlierWritesSurvive() throws Exception {
    JsonFileStateStore s = JsonFileStateStore.open(dir);
    s.writeLedger(List.of(entry("u1", "k1")), List.of());
    Files.writeString(dir.resolve("ledger.journal"), "{\"put\":{\"userId\":\"u2\",\"acc", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);

    assertThat(JsonFileStateStore.open(dir).ledger()).containsOnlyKeys("u1");
  }

  @Test
  void aSnapshotLeftHalfWrittenByACrashIsIgnored() throws Exception {
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      s.writeLedger(List.of(entry("u1", "k1")), List.of());
    }
    Files.writeString(dir.resolve("ledger.json.tmp"), "{\"version\":1,\"entr");

    assertThat(JsonFileStateStore.open(dir).ledger()).containsOnlyKeys("u1");
  }

  @Test
  void aCorruptLedgerIsAnErrorNamingTheFileNeverAReset() throws Exception {
    Files.writeString(dir.resolve("ledger.json"), "{\"version\":1,\"entries\":[{\"userId\":\"u1\",}]}");

    assertThatThrownBy(() -> JsonFileStateStore.open(dir)).isInstanceOf(CorruptStateException.class)
        .hasMessage("state file " + dir.resolve("ledger.json") + " is not valid JSON: expected a field name in quotes at line 1 column 40");
    assertThat(Files.readString(dir.resolve("ledger.json"))).as("left as it was").startsWith("{\"version\":1");
  }

  @Test
  void aLedgerEntryWithABadFieldNamesTheFileAndTheField() throws Exception {
    Files.writeString(dir.resolve("ledger.json"), "{\"version\":1,\"entries\":[{\"userId\":\"u1\",\"accountKey\":\"k1\",\"email\":\"a@b\","
        + "\"licensed\":true,\"status\":\"GONE\",\"managedSince\":\"2026-11-21T10:00:00Z\"}]}");

    assertThatThrownBy(() -> JsonFileStateStore.open(dir)).isInstanceOf(CorruptStateException.class)
        .hasMessage("state file " + dir.resolve("ledger.json") + " is corrupt: entries (user u1): field \"status\" must be ACTIVE or SUSPENDED, not \"GONE\"");
  }

  @Test
  void aCorruptJournalLineIsAnErrorNamingTheLine() throws Exception {
    Files.writeString(dir.resolve("ledger.journal"), "{\"remove\":\"u1\"}\n[1,2]\n");

    assertThatThrownBy(() -> JsonFileStateStore.open(dir)).isInstanceOf(CorruptStateException.class)
        .hasMessage("ledger journal " + dir.resolve("ledger.journal") + " line 2 is not a JSON object");
  }

  @Test
  void anUnknownVersionIsRefused() throws Exception {
    Files.writeString(dir.resolve("tokens.json"), "{\"version\":2,\"tokens\":{}}");

    assertThatThrownBy(() -> JsonFileStateStore.open(dir)).isInstanceOf(CorruptStateException.class)
        .hasMessage("state file " + dir.resolve("tokens.json") + " is corrupt: field \"version\" must be 1, not 2");
  }

  @Test
  void tokensHeldPlansAndRunsPersist() {
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      s.saveToken("directory", "usn:12345");
      s.holdPlan(new HeldPlan("p1", "abc", T, "too many"));
      s.holdPlan(new HeldPlan("p2", "def", T, "too many"));
      s.releasePlan("p1");
      s.recordRun(new RunRecord("p0", "COMPLETED", "", T, T.plusSeconds(3), Map.of("create.done", 4)));
    }
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.token("directory")).contains("usn:12345");
      assertThat(s.heldPlan("p1")).isEmpty();
      assertThat(s.heldPlan("p2")).contains(new HeldPlan("p2", "def", T, "too many"));
      assertThat(s.runs(5)).containsExactly(new RunRecord("p0", "COMPLETED", "", T, T.plusSeconds(3), Map.of("create.done", 4)));
    }
  }

  @Test
  void onlyTheNewestHeldPlansAreKept() {
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      for (int i = 0; i < JsonFileStateStore.MAX_HELD_PLANS + 3; i++) {
        s.holdPlan(new HeldPlan("p" + i, "f" + i, T, "too many"));
      }
    }
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.heldPlan("p2")).isEmpty();
      assertThat(s.heldPlan("p3")).isPresent();
      assertThat(s.heldPlan("p" + (JsonFileStateStore.MAX_HELD_PLANS + 2))).isPresent();
    }
  }
}
