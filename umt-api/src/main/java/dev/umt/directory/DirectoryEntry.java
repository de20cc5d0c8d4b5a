package dev.umt.directory;

/**
 * Something read from a directory: a {@link Container}, a {@link DirectoryGroup} or a {@link
 * DirectoryUser}. The {@link #id()} is the directory's permanent id (objectGUID, GUID or entryUUID
 * as a string) and survives a rename or a move; the {@link #dn()} is for display.
 */
public sealed interface DirectoryEntry permits Container, DirectoryGroup, DirectoryUser {
  /** The permanent id, never blank. */
  String id();

  /** The distinguished name, never blank. */
  String dn();
}
