package dev.umt.directory;

import dev.umt.Settings;

/**
 * Makes {@link DirectorySource}s of one type; found through {@link java.util.ServiceLoader}: on the
 * class path from {@code META-INF/services/dev.umt.directory.DirectorySourceProvider}, on the
 * module path from the connector module's {@code provides} clause. Implementations are public with
 * a public no-argument constructor, stateless and thread-safe.
 */
public interface DirectorySourceProvider {

  /**
   * The type name users put in configuration, such as {@code active-directory}; unique, constant.
   * No I/O.
   */
  String type();

  /**
   * A new source configured from {@code settings}. Validates them without network I/O; the source
   * connects on first use. The caller closes the source.
   *
   * @throws dev.umt.ConfigurationException when a setting is missing or wrong, naming it
   */
  DirectorySource create(Settings settings);
}
