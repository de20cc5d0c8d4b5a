package dev.umt.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * This installation's {@link LocalOptions}, kept in {@value #FILE_NAME} in its data folder (the
 * folder that also holds the engine's state, such as {@code
 * JsonFileStateStore.open(store.dataFolder())}). A missing file means the defaults; saving replaces
 * the file atomically. Thread-safe; every call but {@link #dataFolder()} does file I/O.
 *
 * <pre>{@code
 * LocalOptionsStore store = LocalOptionsStore.open(Path.of("/var/lib/umt"));
 * store.save(store.load().toBuilder().concurrency(8).proxy("proxy.example.com:3128").build());
 * }</pre>
 */
public final class LocalOptionsStore {
  /** The file name in the data folder. */
  public static final String FILE_NAME = "local-options.json";

  private final Path dataFolder;

  private LocalOptionsStore(Path dataFolder) {
    this.dataFolder = Objects.requireNonNull(dataFolder, "data folder");
  }

  /**
   * The local options in {@code dataFolder}; nothing is read until {@link #load()}, and the folder
   * is created on {@link #save}.
   */
  public static LocalOptionsStore open(Path dataFolder) {
    return new LocalOptionsStore(dataFolder);
  }

  /** The data folder: where these options and the engine's state live. */
  public Path dataFolder() {
    return dataFolder;
  }

  /** The options file. */
  public Path file() {
    return dataFolder.resolve(FILE_NAME);
  }

  /**
   * The stored options; {@link LocalOptions#defaults()} when the file does not exist.
   *
   * @throws OptionsException when the file holds a bad value, naming each field and the file
   * @throws dev.umt.ConfigurationException when the file cannot be read
   */
  public LocalOptions load() {
    String text = OptionsFiles.read(file());
    if (text == null) {
      return LocalOptions.defaults();
    }
    List<String> problems = new ArrayList<>();
    LocalOptions options = OptionsCodec.readLocal(text, problems);
    if (!problems.isEmpty()) {
      throw new OptionsException(file().toString(), problems);
    }
    return options;
  }

  /**
   * Replaces the stored options with {@code options} atomically.
   *
   * @throws dev.umt.ConfigurationException when the file cannot be written
   */
  public void save(LocalOptions options) {
    OptionsFiles.write(file(), OptionsCodec.writeLocal(Objects.requireNonNull(options, "options")));
  }

  @Override
  public String toString() {
    return "LocalOptionsStore[" + file() + "]";
  }
}
