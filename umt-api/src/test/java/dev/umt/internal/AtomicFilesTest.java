package dev.umt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writtenAndAppendedFilesAreOwnerOnly() throws Exception {
    AtomicFiles.write(dir.resolve("a.json"), "{}");
    AtomicFiles.append(dir.resolve("b.jsonl"), "{}\n");
    AtomicFiles.createFolder(dir.resolve("c/d"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.json"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("b.jsonl"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("c"))))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("c/d"))))
        .isEqualTo("rwx------");
  }

  @Test
  void aFailedWriteRemovesItsTemporaryFile() throws Exception {
    // A folder in the file's place makes the rename fail after the temporary file was written.
    Files.createDirectories(dir.resolve("ledger.json/in-the-way"));

    assertThatThrownBy(() -> AtomicFiles.write(dir.resolve("ledger.json"), "{}"))
        .isInstanceOf(java.nio.file.FileSystemException.class)
        .hasMessageEndingWith("ledger.json: Is a directory");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("ledger.json");
    }
  }

  @Test
  void concurrentWritersNeverShareATemporaryFile() throws Exception {
    Path file = dir.resolve("held-plans.json");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String content = ("writer " + w + " ").repeat(2_000);
        writes.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 40; i++) {
                    AtomicFiles.write(file, content);
                  }
                  return null;
                }));
      }
      for (Future<?> f : writes) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(Files.readString(file)).matches("(writer [0-3] ){2000}");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("held-plans.json");
    }
  }

  @Test
  void theTemporaryFileIsOwnerOnlyBeforeAnyContentIsWrittenAndSoIsTheReplacedFile()
      throws Exception {
    Path file = dir.resolve("tokens.json");
    Files.writeString(file, "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    List<String> seen = new ArrayList<>();

    AtomicFiles.write(
        file,
        out -> {
          try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> !f.equals(file)).toList()) {
              seen.add(
                  f.getFileName().toString().replaceAll("\\d+", "N")
                      + " "
                      + PosixFilePermissions.toString(Files.getPosixFilePermissions(f))
                      + " "
                      + Files.size(f));
            }
          }
          out.write("new");
        });

    assertThat(seen).containsExactly(".tokens.json.N.tmp rw------- 0");
    assertThat(Files.readString(file)).isEqualTo("new");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void contentThatFailsHalfwayLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    Path file = dir.resolve("ledger.json");
    AtomicFiles.write(file, "{\"old\":true}");

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write(
                          "x"
                              .repeat(
                                  200_000)); // past the buffer, so part of it reached the temporary
                      // file
                      throw new java.io.IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    file,
                    out -> {
                      out.write("{");
                      throw new IllegalStateException("a value JSON cannot hold");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(Files.readString(file)).isEqualTo("{\"old\":true}");
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("ledger.json");
    }
  }

  @Test
  void checkWritableLeavesNothingBehindAndFailsWhereAWriteWould() throws Exception {
    AtomicFiles.checkWritable(dir.resolve("token"));
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    assertThatThrownBy(() -> AtomicFiles.checkWritable(dir.resolve("missing/token")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
