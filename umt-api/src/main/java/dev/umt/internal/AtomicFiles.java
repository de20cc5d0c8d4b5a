package dev.umt.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Durable, owner-only file writes: a uniquely named temporary file in the same folder (created
 * {@code 0600}), fsync, rename, fsync of the folder. Two writers never share a temporary file; a
 * failed write removes its own. Files and folders are created with their permission (never
 * created open and tightened afterwards); on a file system without POSIX permissions (Windows)
 * the folder's own access rules apply. Not part of the API.
 */
public final class AtomicFiles {
  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

  private AtomicFiles() {}

  /** Replaces {@code file} with {@code content} so that a crash leaves either the old or the new file whole. */
  public static void write(Path file, String content) throws IOException {
    write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Replaces {@code file} with {@code content} so that a crash leaves either the old or the new file whole. */
  public static void write(Path file, byte[] content) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp", ownerOnly(folder, OWNER_FILE));
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
    syncFolder(folder);
  }

  /** What a file holds, written to a buffered writer by {@link #write(Path, Content)}. */
  @FunctionalInterface
  public interface Content {
    /** Writes the whole content to {@code out}; need not flush. */
    void writeTo(Writer out) throws IOException;
  }

  /**
   * Replaces {@code file} as {@link #write(Path, String)} does, with content streamed in UTF-8
   * through a 64 KiB buffer, so a large file is never held in memory whole.
   *
   * @throws IOException when writing fails; the old file is then left as it was
   */
  public static void write(Path file, Content content) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp", ownerOnly(folder, OWNER_FILE));
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8), 1 << 16);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
    syncFolder(folder);
  }

  /** Appends {@code content} to {@code file} (created owner-only if missing) and forces it to disk. */
  public static void append(Path file, String content) throws IOException {
    try (FileChannel ch = openOwnerOnly(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      writeAll(ch, content);
      ch.force(false);
    }
  }

  /** Opens {@code file}, creating it owner-only ({@code 0600}) if it does not exist. */
  public static FileChannel openOwnerOnly(Path file, StandardOpenOption... options) throws IOException {
    Set<StandardOpenOption> set = EnumSet.of(StandardOpenOption.CREATE, options);
    return FileChannel.open(file, set, ownerOnly(file.toAbsolutePath().getParent(), OWNER_FILE));
  }

  /** Creates {@code folder} and any missing parents owner-only ({@code 0700}); an existing folder is left as it is. */
  public static void createFolder(Path folder) throws IOException {
    Files.createDirectories(folder, ownerOnly(folder.toAbsolutePath().getParent(), OWNER_FOLDER));
  }

  /**
   * Takes every permission but the owner's away from {@code path} when it has any and this process's
   * user owns it.
   *
   * @return the permissions it had, such as {@code rw-r--r--}, when they were tightened; empty when
   *     nothing changed (already owner-only, another owner, or no POSIX permissions here)
   */
  public static Optional<String> tighten(Path path, Set<PosixFilePermission> ownerOnly) throws IOException {
    if (!posix(path) || !Files.exists(path)) {
      return Optional.empty();
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
    Set<PosixFilePermission> kept = EnumSet.noneOf(PosixFilePermission.class);
    kept.addAll(now);
    kept.retainAll(ownerOnly);
    if (kept.equals(now) || !Files.getOwner(path).getName().equals(System.getProperty("user.name"))) {
      return Optional.empty();
    }
    Files.setPosixFilePermissions(path, kept);
    return Optional.of(PosixFilePermissions.toString(now));
  }

  private static FileAttribute<?>[] ownerOnly(Path folder, Set<PosixFilePermission> permissions) {
    return folder != null && posix(folder) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static void writeAll(FileChannel ch, String content) throws IOException {
    ByteBuffer buf = StandardCharsets.UTF_8.encode(content);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static void syncFolder(Path folder) {
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms cannot open a folder for sync (Windows); the rename is still atomic there.
    }
  }
}
