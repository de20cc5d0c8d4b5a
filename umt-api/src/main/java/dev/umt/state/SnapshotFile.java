package dev.umt.state;

import dev.umt.internal.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@link DirectorySnapshot} of a {@link JsonFileStateStore}: {@code snapshot.bin} in the data
 * folder, binary and compact (a table of the strings users share, then per user indexes into it),
 * replaced atomically and owner-only through {@link AtomicFiles}. A file that cannot be read is a
 * {@link CorruptStateException} naming it; the engine then does a full run, which writes a new one.
 *
 * <p>The bytes are {@link DirectorySnapshot#writeTo}'s (layout: {@code SnapshotCodec}).
 */
final class SnapshotFile {
  static final String NAME = "snapshot.bin";

  private final Path file;

  SnapshotFile(Path folder) {
    this.file = folder.resolve(NAME);
  }

  /** The saved snapshot; empty when there is none. */
  Optional<DirectorySnapshot> read() {
    try (InputStream raw = Files.newInputStream(file)) {
      return Optional.of(
          DirectorySnapshot.readFrom(
              new BufferedInputStream(raw, 1 << 16), "directory snapshot " + file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new CorruptStateException(
          "cannot read directory snapshot " + file + ": " + e.getMessage(), e);
    }
  }

  /** Replaces the file with {@code s}, durably. */
  void write(DirectorySnapshot s) {
    try {
      // Streamed into the temporary file: 100,000 users' 7 MB are never one array.
      AtomicFiles.writeBytes(file, s::writeTo);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write directory snapshot " + file, e);
    }
  }

  /** Forgets the saved snapshot. */
  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete directory snapshot " + file, e);
    }
  }
}
