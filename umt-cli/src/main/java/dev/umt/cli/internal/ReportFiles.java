package dev.umt.cli.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Saved plans and runs: {@code reports/PLAN-ID.json}, owner-only; a later run of the same plan id
 * replaces its plan.
 */
final class ReportFiles {
  static final JsonAdapter<SavedReport> JSON =
      new Moshi.Builder().build().adapter(SavedReport.class).indent("  ");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final Path folder;

  ReportFiles(DataFolder data) {
    this.folder = data.reportsFolder();
  }

  void save(SavedReport report) {
    Files2.writeOwnerOnly(folder.resolve(report.planId() + ".json"), JSON.toJson(report) + "\n");
  }

  /** The saved plan or run with this id; a bad or unknown id is a {@link UserError}. */
  SavedReport load(String planId) {
    if (!ID.matcher(planId).matches()) {
      throw new UserError(
          "'" + planId + "' is not a plan or run id (see 'umt history' and 'umt held')");
    }
    Path f = folder.resolve(planId + ".json");
    try {
      return JSON.fromJson(Files.readString(f));
    } catch (NoSuchFileException e) {
      throw new UserError(
          "no plan or run with id "
              + planId
              + " in "
              + folder
              + " (see 'umt history' and 'umt held')");
    } catch (IOException | com.squareup.moshi.JsonDataException e) {
      throw new UserError(f + ": cannot read the report: " + e.getMessage());
    }
  }

  Optional<SavedReport> find(String planId) {
    return Files.exists(folder.resolve(planId + ".json"))
        ? Optional.of(load(planId))
        : Optional.empty();
  }
}
