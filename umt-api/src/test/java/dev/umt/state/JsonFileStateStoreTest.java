package dev.umt.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.SyncReport;
import dev.umt.rule.DeprovisionAction;
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
    return new LedgerEntry(
        user,
        key,
        user + "@example.test",
        "First",
        "Last \"Quoted\"\n",
        "g1",
        true,
        AccountStatus.ACTIVE,
        "r1",
        T,
        null);
  }

  @Test
  void theLedgerRoundTripsThroughTheJournalAndTheSnapshot() {
    LedgerEntry a = entry("u1", "k1");
    LedgerEntry b =
        entry("u2", "k2").withPending(new LedgerEntry.Pending(DeprovisionAction.SUSPEND, T, 2));
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      s.writeLedger(List.of(a, b), List.of());
      s.writeLedger(List.of(), List.of("u1"));
      assertThat(Files.exists(dir.resolve("ledger.journal"))).isTrue();
    }
    assertThat(Files.exists(dir.resolve("ledger.journal")))
        .as("closing folds the journal into the snapshot")
        .isFalse();
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.ledger()).isEqualTo(Map.of("u2", b));
    }
  }

  /**
   * The folder as a process killed now would leave it: a copy of its files taken while the store is
   * open.
   */
  private Path asLeftByACrash(JsonFileStateStore open) throws Exception {
    Path copy = Files.createDirectory(dir.resolve("crashed"));
    try (var files = Files.list(open.folder())) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (!f.getFileName().toString().equals("lock")) {
          Files.copy(f, copy.resolve(f.getFileName()));
        }
      }
    }
    open.close();
    return copy;
  }

  @Test
  void aJournalIsReplayedWhenTheProcessDiedBeforeClosing() throws Exception {
    JsonFileStateStore s = JsonFileStateStore.open(dir.resolve("data"));
    s.writeLedger(List.of(entry("u1", "k1")), List.of());
    s.writeLedger(List.of(entry("u2", "k2")), List.of());
    Path crashed = asLeftByACrash(s);

    try (JsonFileStateStore reopened = JsonFileStateStore.open(crashed)) {
      assertThat(reopened.ledger()).containsOnlyKeys("u1", "u2");
    }
  }

  @Test
  void aWriteCutShortByACrashIsDroppedAndTheEarlierWritesSurvive() throws Exception {
    JsonFileStateStore s = JsonFileStateStore.open(dir.resolve("data"));
    s.writeLedger(List.of(entry("u1", "k1")), List.of());
    Path crashed = asLeftByACrash(s);
    Files.writeString(
        crashed.resolve("ledger.journal"),
        "{\"put\":{\"userId\":\"u2\",\"acc",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);

    try (JsonFileStateStore reopened = JsonFileStateStore.open(crashed)) {
      assertThat(reopened.ledger()).containsOnlyKeys("u1");
    }
  }

  @Test
  void aSnapshotLeftHalfWrittenByACrashIsIgnoredAndRemoved() throws Exception {
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      s.writeLedger(List.of(entry("u1", "k1")), List.of());
    }
    Files.writeString(dir.resolve(".ledger.json.8123456.tmp"), "{\"version\":1,\"entr");

    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.ledger()).containsOnlyKeys("u1");
    }
    assertThat(dir.resolve(".ledger.json.8123456.tmp")).doesNotExist();
  }

  @Test
  void aCorruptLedgerIsAnErrorNamingTheFileNeverAReset() throws Exception {
    Files.writeString(
        dir.resolve("ledger.json"), "{\"version\":1,\"entries\":[{\"userId\":\"u1\",}]}");

    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(CorruptStateException.class)
        .hasMessage(
            "state file "
                + dir.resolve("ledger.json")
                + " is not valid JSON: expected a field name in quotes at line 1 column 40");
    assertThat(Files.readString(dir.resolve("ledger.json")))
        .as("left as it was")
        .startsWith("{\"version\":1");
  }

  @Test
  void aLedgerEntryWithABadFieldNamesTheFileAndTheField() throws Exception {
    Files.writeString(
        dir.resolve("ledger.json"),
        "{\"version\":1,\"entries\":[{\"userId\":\"u1\",\"accountKey\":\"k1\",\"email\":\"a@b\","
            + "\"licensed\":true,\"status\":\"GONE\",\"managedSince\":\"2026-11-21T10:00:00Z\"}]}");

    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(CorruptStateException.class)
        .hasMessage(
            "state file "
                + dir.resolve("ledger.json")
                + " is corrupt: entries (user u1): field \"status\" must be ACTIVE or SUSPENDED,"
                + " not \"GONE\"");
  }

  @Test
  void anUnknownPendingActionOrRunStatusNamesTheFileAndTheField() throws Exception {
    String entry =
        "{\"userId\":\"u1\",\"accountKey\":\"k1\",\"email\":\"a@b\",\"licensed\":true,"
            + "\"status\":\"ACTIVE\",\"managedSince\":\"2026-11-21T10:00:00Z\","
            + "\"pending\":{\"action\":\"%s\",\"since\":\"2026-11-21T10:00:00Z\",\"runs\":1}}";
    Files.writeString(
        dir.resolve("ledger.json"),
        "{\"version\":1,\"entries\":[" + entry.formatted("PAUSE") + "]}");
    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(CorruptStateException.class)
        .hasMessage(
            "state file "
                + dir.resolve("ledger.json")
                + " is corrupt: entries (user u1).pending: field \"action\" must be one of"
                + " [NOTHING, SUSPEND, REVOKE_LICENSE, DELETE], not \"PAUSE\"");
    Files.writeString(
        dir.resolve("ledger.json"),
        "{\"version\":1,\"entries\":[" + entry.formatted("NOTHING") + "]}");
    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(CorruptStateException.class)
        .hasMessage(
            "state file "
                + dir.resolve("ledger.json")
                + " is corrupt: entries (user u1).pending: field \"action\" cannot be NOTHING");

    // The persisted forms are the enum names, as before: a file an older UMT wrote reads back.
    Files.writeString(
        dir.resolve("ledger.json"),
        "{\"version\":1,\"entries\":[" + entry.formatted("REVOKE_LICENSE") + "]}");
    Files.writeString(
        dir.resolve("runs.jsonl"),
        "{\"planId\":\"p0\",\"status\":\"DONE\",\"startedAt\":\"2026-11-21T10:00:00Z\","
            + "\"finishedAt\":\"2026-11-21T10:00:01Z\"}\n"
            + "{\"planId\":\"p1\",\"status\":\"COMPLETED_WITH_ERRORS\",\"reason\":\"\","
            + "\"startedAt\":\"2026-11-21T10:00:00Z\",\"finishedAt\":\"2026-11-21T10:00:01Z\","
            + "\"counts\":{}}\n");
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.ledger().get("u1").pending().action())
          .isEqualTo(DeprovisionAction.REVOKE_LICENSE);
      assertThat(s.runs(1))
          .extracting(RunRecord::status)
          .containsExactly(SyncReport.Status.COMPLETED_WITH_ERRORS);
      assertThatThrownBy(() -> s.runs(2))
          .isInstanceOf(CorruptStateException.class)
          .hasMessage(
              "state file "
                  + dir.resolve("runs.jsonl")
                  + " is corrupt: line 1: field \"status\" must be one of [COMPLETED,"
                  + " COMPLETED_WITH_ERRORS, HELD, DRY_RUN, FAILED], not \"DONE\"");
    }
  }

  @Test
  void aCorruptJournalLineIsAnErrorNamingTheLine() throws Exception {
    Files.writeString(dir.resolve("ledger.json"), "{\"version\":1,\"entries\":[]}");
    Files.writeString(dir.resolve("ledger.journal"), "{\"remove\":\"u1\"}\n[1,2]\n");

    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(CorruptStateException.class)
        .hasMessage(
            "ledger journal " + dir.resolve("ledger.journal") + " line 2 is not a JSON object");
  }

  @Test
  void anUnknownVersionIsRefused() throws Exception {
    Files.writeString(dir.resolve("tokens.json"), "{\"version\":2,\"tokens\":{}}");

    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(CorruptStateException.class)
        .hasMessage(
            "state file "
                + dir.resolve("tokens.json")
                + " is corrupt: field \"version\" must be 1, not 2");
  }

  @Test
  void aTokenSavedAgainUnchangedIsNotWrittenAgainAndANewOneIs() throws Exception {
    Path file = dir.resolve("tokens.json");
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      s.saveToken("directory", "usn:1");
      Object written = Files.readAttributes(file, "unix:ino").get("ino");
      s.saveToken("directory", "usn:1");
      assertThat(Files.readAttributes(file, "unix:ino").get("ino"))
          .as("the same token: the file is not replaced")
          .isEqualTo(written);
      s.saveToken("directory", "usn:2");
      assertThat(Files.readAttributes(file, "unix:ino").get("ino"))
          .as("a new token: the file is replaced")
          .isNotEqualTo(written);
      assertThat(Files.readString(file)).contains("\"directory\":\"usn:2\"");
    }
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.token("directory")).contains("usn:2");
    }
  }

  @Test
  void tokensHeldPlansAndRunsPersist() {
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      s.saveToken("directory", "usn:12345");
      s.holdPlan(new HeldPlan("p1", "abc", T, "too many"));
      s.holdPlan(new HeldPlan("p2", "def", T, "too many"));
      s.releasePlan("p1");
      s.recordRun(
          new RunRecord(
              "p0",
              SyncReport.Status.COMPLETED,
              "",
              T,
              T.plusSeconds(3),
              Map.of("create.done", 4)));
    }
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.token("directory")).contains("usn:12345");
      assertThat(s.heldPlan("p1")).isEmpty();
      assertThat(s.heldPlan("p2")).contains(new HeldPlan("p2", "def", T, "too many"));
      assertThat(s.runs(5))
          .containsExactly(
              new RunRecord(
                  "p0",
                  SyncReport.Status.COMPLETED,
                  "",
                  T,
                  T.plusSeconds(3),
                  Map.of("create.done", 4)));
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

  @Test
  void heldPlansListsEveryHeldPlanNewestFirstAndSurvivesReopening() {
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.heldPlans()).isEmpty();
      s.holdPlan(new HeldPlan("old", "f1", T, "too many deletes"));
      s.holdPlan(new HeldPlan("new", "f2", T.plusSeconds(60), "planned for review"));
      s.holdPlan(new HeldPlan("gone", "f3", T.plusSeconds(120), "too many"));
      s.releasePlan("gone");
    }
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.heldPlans())
          .containsExactly(
              new HeldPlan("new", "f2", T.plusSeconds(60), "planned for review"),
              new HeldPlan("old", "f1", T, "too many deletes"));
    }
  }

  @Test
  void aSecondStoreOnTheFolderInThisProcessIsRefusedNamingTheHolderUntilTheFirstCloses()
      throws Exception {
    JsonFileStateStore first = JsonFileStateStore.open(dir);

    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(DataFolderLockedException.class)
        .isInstanceOf(dev.umt.TemporaryFailureException.class)
        .hasMessageMatching(
            "data folder \\Q"
                + dir
                + "\\E is already open in this process \\(pid "
                + ProcessHandle.current().pid()
                + " on host \\Q"
                + java.net.InetAddress.getLocalHost().getHostName()
                + "\\E, since \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\\): "
                + "close that JsonFileStateStore before opening the folder again");
    assertThatThrownBy(() -> JsonFileStateStore.open(dir.resolve(".")))
        .as("the same folder by another name")
        .isInstanceOf(DataFolderLockedException.class);
    first.writeLedger(List.of(entry("u1", "k1")), List.of());
    first.close();
    first.close();

    assertThatThrownBy(() -> first.writeLedger(List.of(entry("u2", "k2")), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the state store of "
                + dir
                + " is closed: its lock is released, so it no longer writes");
    try (JsonFileStateStore second = JsonFileStateStore.open(dir)) {
      assertThat(second.ledger()).containsOnlyKeys("u1");
    }
  }

  @Test
  void aFolderThatFailsToOpenIsNotLeftLocked() throws Exception {
    Files.writeString(dir.resolve("tokens.json"), "{\"version\":2,\"tokens\":{}}");
    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(CorruptStateException.class);
    Files.delete(dir.resolve("tokens.json"));

    JsonFileStateStore.open(dir).close();
  }

  @Test
  void theFolderAndEveryFileInItAreOwnerOnlyFromCreation() throws Exception {
    Path data = dir.resolve("var/umt");
    try (JsonFileStateStore s = JsonFileStateStore.open(data)) {
      s.writeLedger(List.of(entry("u1", "k1")), List.of());
      s.saveToken("directory", "usn:1");
      s.holdPlan(new HeldPlan("p1", "f1", T, "too many"));
      s.recordRun(new RunRecord("p0", SyncReport.Status.COMPLETED, "", T, T, Map.of()));
      assertThat(permissions(data.resolve("ledger.journal"))).isEqualTo("rw-------");
    }
    assertThat(permissions(data)).isEqualTo("rwx------");
    assertThat(permissions(dir.resolve("var")))
        .as("a parent the store created")
        .isEqualTo("rwx------");
    try (var files = Files.list(data)) {
      assertThat(files.map(f -> f.getFileName() + " " + permissions(f)))
          .containsExactlyInAnyOrder(
              "ledger.json rw-------",
              "tokens.json rw-------",
              "held-plans.json rw-------",
              "runs.jsonl rw-------",
              "lock rw-------");
    }
  }

  @Test
  void anExistingFolderAndItsFilesOpenToOthersAreTightenedOnOpen() throws Exception {
    Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("ledger.json"), "{\"version\":1,\"entries\":[]}");
    Files.writeString(dir.resolve("gotomypc-token.json"), "{}");
    Files.setPosixFilePermissions(
        dir.resolve("ledger.json"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(
        dir.resolve("gotomypc-token.json"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));

    JsonFileStateStore.open(dir).close();

    assertThat(permissions(dir)).isEqualTo("rwx------");
    assertThat(permissions(dir.resolve("ledger.json"))).isEqualTo("rw-------");
    assertThat(permissions(dir.resolve("gotomypc-token.json"))).isEqualTo("rw-------");
  }

  @Test
  void aDeletedLedgerAfterRunsThatManagedAccountsIsANamedErrorNotAnEmptyLedger() throws Exception {
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      s.recordRun(
          new RunRecord(
              "p0", SyncReport.Status.COMPLETED, "", T, T.plusSeconds(1), Map.of("skip.done", 1)));
      s.writeLedger(List.of(entry("u1", "k1"), entry("u2", "k2")), List.of());
      s.recordRun(
          new RunRecord(
              "p1",
              SyncReport.Status.COMPLETED,
              "",
              T,
              T.plusSeconds(3),
              Map.of("create.done", 2)));
      s.recordRun(
          new RunRecord(
              "p2",
              SyncReport.Status.COMPLETED,
              "",
              T,
              T.plusSeconds(9),
              Map.of("no_change.done", 2)));
    }
    Files.delete(dir.resolve("ledger.json"));

    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(MissingLedgerException.class)
        .hasMessage(
            "ledger file "
                + dir.resolve("ledger.json")
                + " is missing, but "
                + dir.resolve("runs.jsonl")
                + " records 2 earlier runs that managed accounts (the latest finished at"
                + " 2026-11-21T10:00:09Z): opening the folder with an empty ledger would forget"
                + " every account UMT manages. Restore ledger.json from a backup and run again; or,"
                + " to start a new ledger deliberately (accounts in scope are matched again by"
                + " email, the others are no longer managed), write {\"version\":1,\"entries\":[]}"
                + " to "
                + dir.resolve("ledger.json")
                + " and run again");
    assertThat(dir.resolve("ledger.json")).as("nothing written in its place").doesNotExist();

    Files.writeString(dir.resolve("ledger.json"), "{\"version\":1,\"entries\":[]}");
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.ledger()).isEmpty();
    }
  }

  @Test
  void anEmptiedLedgerWithWritesInTheJournalIsANamedError() throws Exception {
    JsonFileStateStore s = JsonFileStateStore.open(dir.resolve("data"));
    s.writeLedger(List.of(entry("u1", "k1")), List.of());
    Path crashed = asLeftByACrash(s);
    Files.writeString(crashed.resolve("ledger.json"), "");

    assertThatThrownBy(() -> JsonFileStateStore.open(crashed))
        .isInstanceOf(MissingLedgerException.class)
        .hasMessageStartingWith(
            "ledger file "
                + crashed.resolve("ledger.json")
                + " is empty, but "
                + crashed.resolve("ledger.journal")
                + " holds 1 ledger write made after it: opening the folder with an empty ledger"
                + " would forget");
  }

  @Test
  void aFolderWhoseRunsManagedNothingOpensWithAnEmptyLedger() throws Exception {
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      s.recordRun(
          new RunRecord(
              "p0",
              SyncReport.Status.COMPLETED,
              "",
              T,
              T,
              Map.of("create.planned", 3, "skip.done", 1)));
    }
    Files.delete(dir.resolve("ledger.json"));

    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      assertThat(s.ledger()).isEmpty();
    }
    assertThat(Files.readString(dir.resolve("ledger.json")))
        .isEqualTo("{\"version\":1,\"entries\":[\n]}\n");
  }

  @Test
  void aUserIdTwiceInTheLedgerIsAnErrorNamingTheLineAndTheId() throws Exception {
    try (JsonFileStateStore s = JsonFileStateStore.open(dir)) {
      s.writeLedger(List.of(entry("u1", "k1"), entry("u2", "k2")), List.of());
    }
    List<String> lines = Files.readAllLines(dir.resolve("ledger.json"));
    assertThat(lines).hasSize(4);
    Files.writeString(
        dir.resolve("ledger.json"),
        String.join(
            "\n",
            lines.get(0),
            lines.get(1),
            lines.get(2) + ",",
            lines.get(1).replace("\"k1\"", "\"k9\"").replaceAll(",$", ""),
            lines.get(3)));

    assertThatThrownBy(() -> JsonFileStateStore.open(dir))
        .isInstanceOf(CorruptStateException.class)
        .hasMessage(
            "state file "
                + dir.resolve("ledger.json")
                + " is corrupt: line 4: user id \"u1\" appears a second time (first at line 2); one"
                + " user has one ledger entry, so keep the right one and remove the other");
  }

  private static String permissions(Path p) {
    try {
      return java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(p));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
