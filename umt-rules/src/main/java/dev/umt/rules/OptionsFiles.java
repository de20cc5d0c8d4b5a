package dev.umt.rules;

import dev.umt.ConfigurationException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** File reading and writing shared by the options stores. */
final class OptionsFiles {
  private static final String IS_A_FOLDER =
      "is a folder, not an options file; give the path of the JSON file in it";

  private OptionsFiles() {}

  /** The file's text, or null when it does not exist. */
  static String read(Path file) {
    if (Files.isDirectory(file)) {
      throw new OptionsException(file.toString(), List.of(IS_A_FOLDER));
    }
    try {
      if (Files.size(file) > RuleSetFile.MAX_BYTES) {
        throw new OptionsException(
            file.toString(),
            List.of(
                "the file is "
                    + Files.size(file)
                    + " bytes long; the limit is "
                    + RuleSetFile.MAX_BYTES));
      }
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
    if (Files.isDirectory(file)) {
      throw new OptionsException(file.toString(), List.of(IS_A_FOLDER));
    }
    try {
      RuleSetFile.writeOwnerOnly(file, text);
    } catch (IOException e) {
      throw new ConfigurationException(file + ": cannot write the options: " + e, e);
    }
  }
}
