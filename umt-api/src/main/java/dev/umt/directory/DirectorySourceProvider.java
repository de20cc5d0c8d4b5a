package dev.umt.directory;

import dev.umt.Settings;

/**
 * Makes {@link DirectorySource}s of one type; found through {@link java.util.ServiceLoader}. List
 * the implementation in {@code META-INF/services/dev.umt.directory.DirectorySourceProvider}.
 */
public interface DirectorySourceProvider {

  /** The type name users put in configuration, such as {@code active-directory}; unique. */
  String type();

  /** A source configured from {@code settings}; validates them without network I/O. */
  DirectorySource create(Settings settings);
}
