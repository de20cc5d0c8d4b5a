package dev.umt.gotomypc;

import dev.umt.Secret;
import dev.umt.gotomypc.internal.FileTokenStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the newest OAuth refresh token between runs. The client saves every refresh token the token
 * endpoint hands out, at once, so a crash never leaves only a used-up token behind. Implementations
 * are thread-safe; {@link #save} is atomic (a reader sees the old or the new token, whole).
 *
 * <pre>{@code
 * TokenStore store = TokenStore.open(Path.of("/etc/umt/gotomypc.token"));
 * }</pre>
 */
public interface TokenStore {

  /** The stored refresh token, if any. May do I/O. */
  Optional<Secret> load();

  /**
   * Replaces the stored refresh token. May do I/O; throws {@link dev.umt.ConfigurationException}
   * when it cannot write.
   */
  void save(Secret refreshToken);

  /**
   * Checks, before a refresh spends the stored token, that {@link #save} can write now, by a real
   * write where the token would go (not by reading permissions, which say nothing for root); leaves
   * the stored token as it is. May do I/O. The default does nothing: override it when saving can
   * fail.
   *
   * @throws dev.umt.ConfigurationException naming the place that cannot be written and why
   */
  default void checkWritable() {}

  /**
   * A file holding the token in UTF-8, written atomically and readable only by its owner (POSIX
   * mode 600 where the file system has POSIX permissions, its temporary files too). Loading refuses
   * a file that others can read, and a directory. The folder is created when missing, with mode
   * 700. {@link #checkWritable()} writes and removes a temporary file in the folder.
   */
  static TokenStore open(Path path) {
    return new FileTokenStore(path);
  }

  /**
   * A store in memory, for tests and for callers that keep the token elsewhere; starts with {@code
   * initial} (may be null).
   */
  static TokenStore inMemory(Secret initial) {
    AtomicReference<Secret> token = new AtomicReference<>(initial);
    return new TokenStore() {
      @Override
      public Optional<Secret> load() {
        return Optional.ofNullable(token.get());
      }

      @Override
      public void save(Secret refreshToken) {
        token.set(refreshToken);
      }

      @Override
      public String toString() {
        return "TokenStore.inMemory";
      }
    };
  }
}
