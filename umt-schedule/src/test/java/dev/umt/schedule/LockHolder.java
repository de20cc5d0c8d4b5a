package dev.umt.schedule;

import dev.umt.state.JsonFileStateStore;
import java.nio.file.Path;

/**
 * A child JVM that holds a data folder's lock until its standard input ends: another UMT process
 * mid-run.
 */
public final class LockHolder {
  private LockHolder() {}

  public static void main(String[] args) throws Exception {
    try (JsonFileStateStore store = JsonFileStateStore.open(Path.of(args[0]))) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until the parent closes our input
      }
    }
  }
}
