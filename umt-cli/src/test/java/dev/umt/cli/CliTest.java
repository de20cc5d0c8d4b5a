package dev.umt.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class that drives {@code umt} with a fresh {@link CliFixture} (embedded directory,
 * stand-in, data folder) per test.
 */
abstract class CliTest {
  @TempDir Path tmp;
  CliFixture f;

  @BeforeEach
  void startFixture() {
    f = new CliFixture(tmp.resolve("data"));
  }

  @AfterEach
  void stopFixture() {
    f.close();
  }
}
