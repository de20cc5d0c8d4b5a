package dev.umt.testkit;

import dev.umt.state.JsonFileStateStore;
import dev.umt.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/** The file store passes the state store contract: one data folder per store name. */
class JsonFileStateStoreContractTest extends StateStoreContract {
  @TempDir static Path root;

  @Override
  protected StateStore open(String name) {
    return JsonFileStateStore.open(root.resolve(name));
  }

  @Override
  protected String lockedMessage(String name) {
    return "data folder "
        + Pattern.quote(root.resolve(name).toString())
        + " is already open in this process \\(pid \\d+ on host [^,]+, since [0-9T:.\\-]+Z\\):"
        + " close that JsonFileStateStore before opening the folder again";
  }

  @Override
  protected String damageDirectorySnapshot(String name) throws Exception {
    Path file = root.resolve(name).resolve("snapshot.bin");
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
    return "directory snapshot " + file;
  }
}
