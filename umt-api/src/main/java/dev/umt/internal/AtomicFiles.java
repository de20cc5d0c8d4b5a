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
 * UMT's one way to write a file it keeps (ledger, journal, rule sets, options, schedules, tokens,
 * secrets, reports): durable, atomic and owner-only. {@link #write(Path, Content) write}:
 *
 * <ol>
 *   <li>creates a uniquely named temporary file ({@code .<name>.<random>.tmp}) in the target's own
 *       folder, with mode {@code 0600} given at creation, before any content is written (so the
 *       content is never readable by others, not even for a moment, whatever the umask);
 *   <li>writes the content and forces it to disk ({@code fsync});
 *   <li>renames it over the target with {@code ATOMIC_MOVE}; where the file system cannot (some
 *       network and FUSE file systems), falls back to a plain replacing move, which on POSIX is
 *       still one {@code rename(2)} but is not promised atomic by Java;
 *   <li>forces the folder to disk, so the rename survives a crash (skipped where a folder cannot be
 *       opened, as on Windows).
 * </ol>
 *
 * A crash leaves either the old or the new file whole. On any failure (an exception from the
 * content, a full disk, a failed rename) the temporary file is removed and the old file is left as
 * it was. Two writers never share a temporary file, so concurrent writes of one file each land
 * whole (the last rename wins). Files and folders are created with their permission (never created
 * open and tightened afterwards); on a file system without POSIX permissions (Windows) the folder's
 * own access rules apply. Thread-safe; not part of the API.
 */
public final class AtomicFiles {
  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> OWNER_FILE =
      PosixFilePermissions.fromString("rw-------");

  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> OWNER_FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private AtomicFiles() {}

  /**
   * Replaces {@code file} with {@code content} in UTF-8 as {@link #write(Path, Content)} does.
   *
   * @throws IOException when writing fails; the old file is then left as it was
   */
  public static void write(Path file, String content) throws IOException {
    write(file, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Replaces {@code file} with {@code content} as {@link #write(Path, Content)} does.
   *
   * @throws IOException when writing fails; the old file is then left as it was
   */
  public static void write(Path file, byte[] content) throws IOException {
    replace(
        file,
        ch -> {
          ByteBuffer buf = ByteBuffer.wrap(content);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        });
  }

  /** What a file holds, written to a buffered writer by {@link #write(Path, Content)}. */
  @FunctionalInterface
  public interface Content {
    /** Writes the whole content to {@code out}; need not flush. */
    void writeTo(Writer out) throws IOException;
  }

  /**
   * Replaces {@code file} (see the class comment for how), with content streamed in UTF-8 through a
   * 64 KiB buffer, so a large file is never held in memory whole. The folder must exist (see {@link
   * #createFolder}).
   *
   * @throws IOException when writing fails; the old file is then left as it was and the temporary
   *     file removed. An unchecked exception from {@code content} is rethrown after the same
   *     clean-up.
   */
  public static void write(Path file, Content content) throws IOException {
    replace(
        file,
        ch -> {
          Writer out =
              new BufferedWriter(
                  new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8),
                  1 << 16);
          content.writeTo(out);
          out.flush();
        });
  }

  /** What a binary file holds, written to a buffered stream by {@link #writeBytes}. */
  @FunctionalInterface
  public interface Bytes {
    /** Writes the whole content to {@code out}; need not flush. */
    void writeTo(java.io.OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code file} as {@link #write(Path, Content)} does, with bytes streamed through a 64
   * KiB buffer: a large file is never held in memory whole.
   *
   * @throws IOException when writing fails; the old file is then left as it was and the temporary
   *     file removed. An unchecked exception from {@code content} is rethrown after the same
   *     clean-up.
   */
  public static void writeBytes(Path file, Bytes content) throws IOException {
    replace(
        file,
        ch -> {
          java.io.OutputStream out =
              new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
          content.writeTo(out);
          out.flush();
        });
  }

  /**
   * Creates and removes a temporary file where {@link #write(Path, Content)} would create one, so a
   * caller can learn at start-up that a later write would fail; {@code file} itself is not touched.
   *
   * @throws IOException exactly when a write's first step would fail (missing or read-only folder)
   */
  public static void checkWritable(Path file) throws IOException {
    Path tmp = createTemp(file);
    Files.delete(tmp);
  }

  @FunctionalInterface
  private interface Body {
    void writeTo(FileChannel ch) throws IOException;
  }

  private static void replace(Path file, Body body) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Path tmp = createTemp(file);
    boolean moved = false;
    try {
      try (FileChannel ch =
          FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        body.writeTo(ch);
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
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // the write's own failure is the one to report; the owner-only temporary file is left
        }
      }
    }
    syncFolder(folder);
  }

  private static Path createTemp(Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    return Files.createTempFile(
        folder, "." + file.getFileName() + ".", ".tmp", ownerOnly(folder, OWNER_FILE));
  }

  /**
   * Appends {@code content} to {@code file} (created owner-only if missing) and forces it to disk.
   */
  public static void append(Path file, String content) throws IOException {
    try (FileChannel ch =
        openOwnerOnly(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      writeAll(ch, content);
      ch.force(false);
    }
  }

  /** Opens {@code file}, creating it owner-only ({@code 0600}) if it does not exist. */
  public static FileChannel openOwnerOnly(Path file, StandardOpenOption... options)
      throws IOException {
    Set<StandardOpenOption> set = EnumSet.of(StandardOpenOption.CREATE, options);
    return FileChannel.open(file, set, ownerOnly(file.toAbsolutePath().getParent(), OWNER_FILE));
  }

  /**
   * Creates {@code folder} and any missing parents owner-only ({@code 0700}); an existing folder is
   * left as it is.
   */
  public static void createFolder(Path folder) throws IOException {
    Files.createDirectories(folder, ownerOnly(folder.toAbsolutePath().getParent(), OWNER_FOLDER));
  }

  /**
   * Takes every permission but the owner's away from {@code path} when it has any and this
   * process's user owns it.
   *
   * @return the permissions it had, such as {@code rw-r--r--}, when they were tightened; empty when
   *     nothing changed (already owner-only, another owner, or no POSIX permissions here)
   */
  public static Optional<String> tighten(Path path, Set<PosixFilePermission> ownerOnly)
      throws IOException {
    if (!posix(path) || !Files.exists(path)) {
      return Optional.empty();
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(path);
    Set<PosixFilePermission> kept = EnumSet.noneOf(PosixFilePermission.class);
    kept.addAll(now);
    kept.retainAll(ownerOnly);
    if (kept.equals(now)
        || !Files.getOwner(path).getName().equals(System.getProperty("user.name"))) {
      return Optional.empty();
    }
    Files.setPosixFilePermissions(path, kept);
    return Optional.of(PosixFilePermissions.toString(now));
  }

  private static FileAttribute<?>[] ownerOnly(Path folder, Set<PosixFilePermission> permissions) {
    return folder != null && posix(folder)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
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
