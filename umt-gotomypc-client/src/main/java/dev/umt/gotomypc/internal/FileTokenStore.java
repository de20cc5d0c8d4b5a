package dev.umt.gotomypc.internal;

import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.gotomypc.TokenStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
 * {@link TokenStore#file(Path)}: each save writes a temporary file of its own in the same folder,
 * created with mode 600, fsyncs it and renames it over the token file; a folder UMT creates gets
 * mode 700. {@link #checkWritable()} writes and removes such a temporary file, so it fails exactly
 * when a save would (whoever runs it, root included).
 */
public final class FileTokenStore implements TokenStore {
  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
  private final Path file;
  private final boolean posix;

  public FileTokenStore(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("token file path is null");
    }
    this.file = file.toAbsolutePath();
    this.posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  @Override
  public synchronized Optional<Secret> load() {
    try {
      checkPath();
      if (posix) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(perms)) {
          throw new ConfigurationException("token file " + file + " can be read by others (" + PosixFilePermissions.toString(perms)
              + "); make it readable by its owner only, e.g. chmod 600 " + file);
        }
      }
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? Optional.empty() : Optional.of(Secret.of(text));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ConfigurationException("cannot read token file " + file + ": " + why(e), e);
    }
  }

  @Override
  public synchronized void save(Secret refreshToken) {
    Path tmp = null;
    try {
      checkPath();
      tmp = write(refreshToken.reveal() + "\n");
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      syncFolder();
    } catch (IOException e) {
      throw new ConfigurationException("cannot write token file " + file + ": " + why(e), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Writes and removes a temporary file where {@link #save} would write one; the token file is left as it is. */
  @Override
  public synchronized void checkWritable() {
    Path tmp = null;
    try {
      checkPath();
      tmp = write("");
      Files.delete(tmp);
      tmp = null;
    } catch (IOException e) {
      throw new ConfigurationException("cannot write token file " + file + ": " + why(e), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** Refuses a token file that is a directory, or whose nearest existing ancestor is a file. */
  private void checkPath() {
    if (Files.isDirectory(file)) {
      throw new ConfigurationException("token file " + file + " is a directory, not a file; set tokenFile to a file path, e.g. "
          + file.resolve("gotomypc-refresh-token"));
    }
    Path ancestor = file.getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor != null && !Files.isDirectory(ancestor)) {
      throw new ConfigurationException("token file " + file + " cannot be used: " + ancestor + " is a file, not a folder");
    }
  }

  /** A new owner-only temporary file next to the token file, holding {@code text}, fsynced; creates the folder (mode 700) when missing. */
  private Path write(String text) throws IOException {
    Path folder = file.getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      if (posix) {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER));
      } else {
        Files.createDirectories(folder);
      }
    }
    FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    Path tmp;
    try {
      tmp = Files.createTempFile(folder, file.getFileName() + ".", ".tmp", attrs);
    } catch (FileSystemException e) {
      throw new IOException("cannot create a file in " + folder + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()), e);
    }
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      if (!posix) {
        ownerOnly(tmp);
      }
      ByteBuffer buf = StandardCharsets.UTF_8.encode(text);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp);
      throw e;
    }
    return tmp;
  }

  private void syncFolder() {
    Path folder = file.getParent();
    if (folder != null) {
      try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
        ch.force(true);
      } catch (IOException | UnsupportedOperationException e) {
        // Some platforms cannot sync a folder; the rename is still atomic.
      }
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // nothing more to do: the file is owner-only and holds at most a token that is also in the token file
      }
    }
  }

  /** What went wrong: a file system error's kind, file and reason, else the message. */
  private static String why(IOException e) {
    if (e instanceof FileSystemException f) {
      return f.getClass().getSimpleName() + " on " + f.getFile() + (f.getReason() == null ? "" : ": " + f.getReason());
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static void ownerOnly(Path path) {
    java.io.File f = path.toFile();
    f.setReadable(false, false);
    f.setWritable(false, false);
    f.setReadable(true, true);
    f.setWritable(true, true);
  }

  @Override
  public String toString() {
    return "TokenStore.file(" + file + ")";
  }
}
