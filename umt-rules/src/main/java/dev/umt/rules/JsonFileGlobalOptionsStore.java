package dev.umt.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The default {@link GlobalOptionsStore}: a JSON file at a path you choose, which may sit on a
 * shared drive that several installations read. Saving writes a uniquely named temporary file next
 * to it, forces it to disk and renames it over the old one, so readers on other machines see the
 * old options or the new, never half a file; when two installations save at once, the last one
 * wins. A missing file means the defaults. Thread-safe; every call does file I/O.
 *
 * <pre>{@code
 * GlobalOptionsStore store = JsonFileGlobalOptionsStore.open(Path.of("//fileserver/umt/global-options.json"));
 * GlobalOptions global = store.load();
 * store.save(global.toBuilder().deprovisionUncovered(true).build());
 * }</pre>
 */
public final class JsonFileGlobalOptionsStore implements GlobalOptionsStore {
  private final Path file;

  private JsonFileGlobalOptionsStore(Path file) {
    this.file = Objects.requireNonNull(file, "global options file");
  }

  /** A store in {@code file}; nothing is read until {@link #load()}. */
  public static JsonFileGlobalOptionsStore open(Path file) {
    return new JsonFileGlobalOptionsStore(file);
  }

  /** The file. */
  public Path file() {
    return file;
  }

  @Override
  public GlobalOptions load() {
    String text = OptionsFiles.read(file);
    if (text == null) {
      return GlobalOptions.defaults();
    }
    List<String> problems = new ArrayList<>();
    GlobalOptions options = OptionsCodec.readGlobal(text, problems);
    if (!problems.isEmpty()) {
      throw new OptionsException(file.toString(), problems);
    }
    return options;
  }

  @Override
  public void save(GlobalOptions options) {
    OptionsFiles.write(file, OptionsCodec.writeGlobal(Objects.requireNonNull(options, "options")));
  }

  @Override
  public String toString() {
    return "JsonFileGlobalOptionsStore[" + file + "]";
  }
}
