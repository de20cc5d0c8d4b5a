package dev.umt.cli.internal;

import dev.umt.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Owner-only folders and atomic owner-only files. */
final class Files2 {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private Files2() {}

  /** Creates {@code dir} (and parents) if missing and makes it {@code 0700}. */
  static Path ownerOnlyFolder(Path dir) {
    try {
      Files.createDirectories(dir);
      if (POSIX) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Replaces {@code file} with {@code bytes} through {@link AtomicFiles} (owner-only temporary
   * file, fsync, rename, fsync of the folder), creating a missing folder {@code 0700}.
   */
  static void writeOwnerOnly(Path file, byte[] bytes) {
    try {
      AtomicFiles.createFolder(file.toAbsolutePath().getParent());
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static void writeOwnerOnly(Path file, String text) {
    writeOwnerOnly(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
