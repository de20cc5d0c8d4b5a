package dev.umt.gotomypc.internal;

import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.gotomypc.TokenStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
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

/** {@link TokenStore#file(Path)}: temporary file created with mode 600, fsync, atomic rename. */
public final class FileTokenStore implements TokenStore {
  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
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
      throw new ConfigurationException("cannot read token file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  @Override
  public synchronized void save(Secret refreshToken) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Path folder = file.getParent();
      if (folder != null && !Files.isDirectory(folder)) {
        if (posix) {
          Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
        } else {
          Files.createDirectories(folder);
        }
      }
      Files.deleteIfExists(tmp);
      FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
      try (FileChannel ch = FileChannel.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
        ByteBuffer buf = StandardCharsets.UTF_8.encode(refreshToken.reveal() + "\n");
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      if (!posix) {
        ownerOnly(tmp);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      if (folder != null) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
          ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
          // Some platforms cannot sync a folder; the rename is still atomic.
        }
      }
    } catch (IOException e) {
      throw new ConfigurationException("cannot write token file " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
    }
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
