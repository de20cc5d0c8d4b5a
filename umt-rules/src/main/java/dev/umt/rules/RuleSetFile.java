package dev.umt.rules;

import dev.umt.ConfigurationException;
import dev.umt.internal.AtomicFiles;
import dev.umt.target.TargetGroup;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A rule set kept in a JSON file. Loading checks everything before anything runs and reports every
 * problem at once; saving replaces the file atomically (temporary file, fsync, rename), so a crash
 * or a reader never sees half a file. Does file I/O; holds no open file between calls.
 *
 * <pre>{@code
 * RuleSetFile file = RuleSetFile.open(Path.of("/etc/umt/rules.json"), target.groups());
 * RuleSet rules = file.load();           // RuleSetException lists every problem with its path
 * engine.run(rules.activeRules());
 * }</pre>
 */
public final class RuleSetFile {
  /**
   * The largest rule-set file read, in bytes: far above any real rule set, far below what would
   * exhaust memory.
   */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  static final String IS_A_FOLDER =
      "is a folder, not a rule-set file; give the path of the JSON file in it";
  private final Path path;
  private final TargetGroupIndex groups;

  private RuleSetFile(Path path, TargetGroupIndex groups) {
    this.path = Objects.requireNonNull(path, "rule-set path");
    this.groups = groups;
  }

  /** The rule set in {@code path}, whose group references are not checked (no target at hand). */
  public static RuleSetFile open(Path path) {
    return new RuleSetFile(path, null);
  }

  /**
   * The rule set in {@code path}, whose group references must name one of {@code groups} (the
   * target's, as {@code target.groups()} lists them).
   */
  public static RuleSetFile open(Path path, List<TargetGroup> groups) {
    return new RuleSetFile(path, TargetGroupIndex.of(groups));
  }

  /** Where the rule set is kept. */
  public Path path() {
    return path;
  }

  /**
   * Reads and checks the rule set.
   *
   * @throws RuleSetException when the file is missing or has problems, listing each with its path
   * @throws ConfigurationException when the file cannot be read
   */
  public RuleSet load() {
    String text = readOrNull();
    if (text == null) {
      throw new RuleSetException(path.toString(), List.of("the file does not exist"));
    }
    return RuleSet.parse(text, path.toString(), groups);
  }

  /**
   * Checks {@code rules} (group references too, when groups were given) and replaces the file with
   * them atomically.
   *
   * @throws RuleSetException when the rules have problems; the file is left as it was
   * @throws ConfigurationException when the file cannot be written
   */
  public void save(RuleSet rules) {
    write(RuleSet.checked(rules.rules(), groups, path.toString()));
  }

  /**
   * An editor over the rule set as the file holds it now; a missing file starts an empty rule set.
   */
  public RuleSetEditor edit() {
    String text = readOrNull();
    RuleSet current = text == null ? RuleSet.empty() : RuleSet.parse(text, path.toString(), groups);
    return new RuleSetEditor(this, current, text);
  }

  RuleSet check(List<dev.umt.rule.Rule> rules) {
    return RuleSet.checked(rules, groups, path.toString());
  }

  /** Writes {@code rules} and returns the text written. */
  String write(RuleSet rules) {
    String text = rules.toJson();
    if (Files.isDirectory(path)) {
      throw new RuleSetException(path.toString(), List.of(IS_A_FOLDER));
    }
    try {
      writeOwnerOnly(path, text);
    } catch (IOException e) {
      throw new ConfigurationException(path + ": cannot write the rule set: " + e, e);
    }
    return text;
  }

  /** The file's text, or null when it does not exist. */
  String readOrNull() {
    if (Files.isDirectory(path)) {
      throw new RuleSetException(path.toString(), List.of(IS_A_FOLDER));
    }
    try {
      if (Files.size(path) > MAX_BYTES) {
        throw new RuleSetException(
            path.toString(),
            List.of("the file is " + Files.size(path) + " bytes long; the limit is " + MAX_BYTES));
      }
      return Files.readString(path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (CharacterCodingException e) {
      throw new RuleSetException(path.toString(), List.of("the file is not UTF-8 text"));
    } catch (IOException e) {
      throw new ConfigurationException(path + ": cannot read the rule set: " + e, e);
    }
  }

  /**
   * Replaces {@code file} atomically (a temporary file of its own, fsync, rename), owner-only: the
   * file is created {@code 0600}, and a missing folder {@code 0700}.
   */
  static void writeOwnerOnly(Path file, String text) throws IOException {
    AtomicFiles.createFolder(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, text);
  }
}
