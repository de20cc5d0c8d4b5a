package dev.umt.rules;

/**
 * Where the {@link GlobalOptions} of one GoToMyPC account are kept, shared by every installation
 * that manages it. The default is {@link JsonFileGlobalOptionsStore}, a JSON file that may sit on a
 * shared drive; another store (a database, a configuration service) implements this interface.
 * Implementations are thread-safe.
 */
public interface GlobalOptionsStore {

  /**
   * The stored options; {@link GlobalOptions#defaults()} when none are stored yet.
   *
   * @throws OptionsException when what is stored is invalid, naming each field and the store
   * @throws dev.umt.ConfigurationException when the store cannot be read
   */
  GlobalOptions load();

  /**
   * Stores {@code options}, replacing what was there in one step: a reader sees the old options or
   * the new.
   *
   * @throws dev.umt.ConfigurationException when the store cannot be written
   */
  void save(GlobalOptions options);
}
