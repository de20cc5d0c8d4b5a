package dev.umt.testkit;

import dev.umt.directory.DirectorySource;

class InMemoryDirectoryContractTest extends DirectorySourceContract {
  private static final InMemoryDirectory DIRECTORY = InMemoryDirectory.of(Organisation.standard());

  @Override
  protected DirectorySource source() {
    return DIRECTORY;
  }
}
