package dev.umt.rules;

import dev.umt.ConfigurationException;
import dev.umt.rules.internal.AtomicWrite;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** File reading and writing shared by the options stores. */
final class OptionsFiles {
  private OptionsFiles() {}

  /** The file's text, or null when it does not exist. */
  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (CharacterCodingException e) {
      throw new OptionsException(file.toString(), List.of("the file is not UTF-8 text"));
    } catch (IOException e) {
      throw new ConfigurationException(file + ": cannot read the options: " + e, e);
    }
  }

  static void write(Path file, String text) {
    try {
      AtomicWrite.write(file, text);
    } catch (IOException e) {
      throw new ConfigurationException(file + ": cannot write the options: " + e, e);
    }
  }
}
