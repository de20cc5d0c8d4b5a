package dev.umt.gotomypc.internal;

import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.gotomypc.TokenStore;
import dev.umt.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@link TokenStore#open(Path)}: each save replaces the token file with {@link
 * AtomicFiles#write(Path, String)} (a temporary file of its own in the same folder, created with
 * mode 600, fsynced and renamed over the token file); a folder UMT creates gets mode 700. {@link
 * #checkWritable()} creates and removes such a temporary file, so it fails exactly when a save
 * would (whoever runs it, root included).
 */
public final class FileTokenStore implements TokenStore {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
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
          throw new ConfigurationException(
              "token file "
                  + file
                  + " can be read by others ("
                  + PosixFilePermissions.toString(perms)
                  + "); make it readable by its owner only, e.g. chmod 600 "
                  + file);
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
    try {
      checkPath();
      createFolder();
      AtomicFiles.write(file, refreshToken.reveal() + "\n");
    } catch (IOException e) {
      throw new ConfigurationException("cannot write token file " + file + ": " + why(e), e);
    }
  }

  /**
   * Writes and removes a temporary file where {@link #save} would write one; the token file is left
   * as it is.
   */
  @Override
  public synchronized void checkWritable() {
    try {
      checkPath();
      createFolder();
      AtomicFiles.checkWritable(file);
    } catch (IOException e) {
      throw new ConfigurationException("cannot write token file " + file + ": " + why(e), e);
    }
  }

  /** Refuses a token file that is a directory, or whose nearest existing ancestor is a file. */
  private void checkPath() {
    if (Files.isDirectory(file)) {
      throw new ConfigurationException(
          "token file "
              + file
              + " is a directory, not a file; set tokenFile to a file path, e.g. "
              + file.resolve("gotomypc-refresh-token"));
    }
    Path ancestor = file.getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor != null && !Files.isDirectory(ancestor)) {
      throw new ConfigurationException(
          "token file " + file + " cannot be used: " + ancestor + " is a file, not a folder");
    }
  }

  /** Creates the token file's folder, mode 700, when it is missing. */
  private void createFolder() throws IOException {
    Path folder = file.getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      AtomicFiles.createFolder(folder);
    }
  }

  /** What went wrong: a file system error's kind, file and reason, else the message. */
  private String why(IOException e) {
    if (e instanceof FileSystemException f
        && f.getFile() != null
        && isTemporaryFile(Path.of(f.getFile()))) {
      return "cannot create a file in "
          + file.getParent()
          + ": "
          + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
    }
    if (e instanceof FileSystemException f) {
      return f.getClass().getSimpleName()
          + " on "
          + f.getFile()
          + (f.getReason() == null ? "" : ": " + f.getReason());
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Whether {@code path} is one of {@link AtomicFiles}' temporary files for the token file. */
  private boolean isTemporaryFile(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    return file.getParent().equals(path.getParent())
        && name.startsWith("." + file.getFileName() + ".")
        && name.endsWith(".tmp");
  }

  @Override
  public String toString() {
    return "TokenStore.open(" + file + ")";
  }
}
