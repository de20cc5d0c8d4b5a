package dev.umt.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.SyncReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectorySnapshotTest {
  private static final Instant T = Instant.parse("2026-12-01T08:00:00.123456789Z");

  @TempDir Path dir;

  private static DirectorySnapshot.User user(
      String id,
      String dn,
      List<String> containers,
      List<String> groups,
      Set<String> resolved,
      String rule) {
    return new DirectorySnapshot.User(
        id, dn, containers, groups, resolved, rule, id.hashCode() * 31L, false);
  }

  private static DirectorySnapshot sample() {
    DirectorySnapshot s = new DirectorySnapshot("fp-1", "mem:abc:42", T, 3);
    s.put(
        user(
            "u1",
            "cn=Alice\\, A.,ou=Sales,dc=ex",
            List.of("c-sales", "c-root"),
            List.of("g-team"),
            Set.of("g-team", "g-all", "cn=team,dc=ex"),
            "r1"));
    s.put(
        user("u2", "cn=Bob,ou=Sales,dc=ex", List.of("c-sales", "c-root"), List.of(), Set.of(), null)
            .withRetry(true));
    s.put(user("u3", "dc=ex", List.of(), List.of("g-all"), Set.of("g-all"), "r2"));
    return s;
  }

  private static Map<String, DirectorySnapshot.User> all(DirectorySnapshot s) {
    Map<String, DirectorySnapshot.User> m = new java.util.HashMap<>();
    s.forEach(u -> m.put(u.id(), u));
    return m;
  }

  @Test
  void findsTheUsersOfAGroupByIdOrDnAndOfAContainerAndThoseToRetry() {
    DirectorySnapshot s = sample();
    assertThat(s.usersInGroup("g-all", null)).containsExactlyInAnyOrder("u1", "u3");
    assertThat(s.usersInGroup("g-unknown", "CN=Team,DC=ex")).containsExactly("u1");
    assertThat(s.usersInGroup("g-unknown", null)).isEmpty();
    assertThat(s.usersUnder("c-root")).containsExactlyInAnyOrder("u1", "u2");
    assertThat(s.retryUsers()).containsExactly("u2");
    assertThat(s.user("u1").orElseThrow().dn()).isEqualTo("cn=Alice\\, A.,ou=Sales,dc=ex");
    s.remove("u1");
    assertThat(s.usersInGroup("g-all", null)).containsExactly("u3");
  }

  @Test
  void aSavedSnapshotReadsBackTheSameOwnerOnly() throws Exception {
    DirectorySnapshot s = sample();
    try (JsonFileStateStore store = JsonFileStateStore.open(dir)) {
      assertThat(store.directorySnapshot()).isEmpty();
      store.saveDirectorySnapshot(s);
    }
    try (JsonFileStateStore store = JsonFileStateStore.open(dir)) {
      DirectorySnapshot back = store.directorySnapshot().orElseThrow();
      assertThat(back.ruleSetFingerprint()).isEqualTo("fp-1");
      assertThat(back.token()).isEqualTo("mem:abc:42");
      assertThat(back.lastFullRun()).isEqualTo(T);
      assertThat(back.incrementalRunsSinceFull()).isEqualTo(3);
      assertThat(all(back)).isEqualTo(all(s));
      back.advance("mem:abc:43");
      assertThat(back.incrementalRunsSinceFull()).isEqualTo(4);
    }
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("snapshot.bin"))))
        .isEqualTo("rw-------");
  }

  @Test
  void theFileKeepsOnlyTheStringsItsUsersStillUse() {
    DirectorySnapshot s = new DirectorySnapshot("fp", "t", T, 0);
    for (int i = 0; i < 1000; i++) {
      s.put(
          user(
              "u" + i,
              "cn=u" + i + ",ou=Unit " + i + ",dc=ex",
              List.of("c" + i),
              List.of("g" + i),
              Set.of("g" + i),
              "r"));
    }
    for (int i = 1; i < 1000; i++) {
      s.remove("u" + i);
    }
    try (JsonFileStateStore store = JsonFileStateStore.open(dir)) {
      store.saveDirectorySnapshot(s);
      assertThat(all(store.directorySnapshot().orElseThrow())).isEqualTo(all(s));
    }
    assertThat(dir.resolve("snapshot.bin").toFile().length()).isLessThan(300);
  }

  @Test
  void aCutShortOrForeignFileIsCorruptNamingIt() throws Exception {
    try (JsonFileStateStore store = JsonFileStateStore.open(dir)) {
      store.saveDirectorySnapshot(sample());
    }
    Path file = dir.resolve("snapshot.bin");
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 5));
    try (JsonFileStateStore store = JsonFileStateStore.open(dir)) {
      assertThatThrownBy(store::directorySnapshot)
          .isInstanceOf(CorruptStateException.class)
          .hasMessage("directory snapshot " + file + " is cut short");
      Files.writeString(file, "{\"version\":1}");
      assertThatThrownBy(store::directorySnapshot)
          .isInstanceOf(CorruptStateException.class)
          .hasMessage(
              "directory snapshot " + file + " does not start with UMTSNAP: not a snapshot file");
      store.clearDirectorySnapshot();
      assertThat(store.directorySnapshot()).isEmpty();
    }
  }

  @Test
  void aStoreThatKeepsNoSnapshotHasNone() {
    StateStore plain =
        new StateStore() {
          public Map<String, LedgerEntry> ledger() {
            return Map.of();
          }

          public void writeLedger(
              java.util.Collection<LedgerEntry> put, java.util.Collection<String> removeUserIds) {}

          public Optional<String> token(String name) {
            return Optional.empty();
          }

          public void saveToken(String name, String token) {}

          public void recordRun(RunRecord run) {}

          public List<RunRecord> runs(int max) {
            return new ArrayList<>();
          }

          public void holdPlan(HeldPlan plan) {}

          public Optional<HeldPlan> heldPlan(String planId) {
            return Optional.empty();
          }

          public List<HeldPlan> heldPlans() {
            return List.of();
          }

          public void releasePlan(String planId) {}

          public void close() {}
        };
    plain.saveDirectorySnapshot(sample());
    assertThat(plain.directorySnapshot()).isEmpty();
  }

  @Test
  void aRunRecordKeepsItsKind() {
    try (JsonFileStateStore store = JsonFileStateStore.open(dir)) {
      store.recordRun(
          new RunRecord(
              "p1",
              SyncReport.Status.COMPLETED,
              "",
              T,
              T,
              Map.of(),
              "incremental: 3 changes (dirsync)"));
      store.recordRun(new RunRecord("p2", SyncReport.Status.COMPLETED, "", T, T, Map.of()));
      assertThat(store.runs(2))
          .extracting(RunRecord::kind)
          .containsExactly("incremental: 3 changes (dirsync)", "");
    }
  }
}
