package dev.umt.state;

import java.nio.file.Path;

/**
 * A child process for {@link DataFolderLockTest}: opens the store in the folder {@code args[0]} and
 * prints {@code OPEN}, then holds it until its standard input ends (or it is killed); when the
 * folder is locked it prints {@code REFUSED} and the message, and exits with 3.
 */
final class DataFolderLockHolder {
  private DataFolderLockHolder() {}

  public static void main(String[] args) throws Exception {
    JsonFileStateStore store;
    try {
      store = JsonFileStateStore.open(Path.of(args[0]));
    } catch (DataFolderLockedException e) {
      System.out.println("REFUSED " + e.getMessage());
      System.out.flush();
      System.exit(3);
      return;
    }
    System.out.println("OPEN");
    System.out.flush();
    while (System.in.read() >= 0) {
      // hold the store until the parent closes our input or kills us
    }
    store.close();
  }
}
