package dev.umt.cli.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.Moshi;
import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Saved plans and runs: {@code reports/PLAN-ID.json}, owner-only; a later run of the same plan id
 * replaces its plan. The JSON form is the one every version since the first has written (field
 * names and order, {@code plan}/{@code run}, lower-case step kinds, upper-case statuses and
 * outcomes, absent {@code userId}/{@code rule} for none), so reports saved before load and reports
 * saved now load in the previous version; the test fixtures {@code saved-*-0.1.json} pin it.
 */
final class ReportFiles {
  private static final JsonAdapter<ReportJson> JSON =
      new Moshi.Builder().build().adapter(ReportJson.class).indent("  ");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /** The file's shape: strings where the report has enums. Public only for Moshi's reflection. */
  public record ReportJson(
      String planId,
      String kind,
      String status,
      String reason,
      boolean sourceComplete,
      String createdAt,
      List<StepJson> steps) {}

  /** One step in the file. Public only for Moshi's reflection. */
  public record StepJson(
      String kind,
      String subject,
      @Nullable String userId,
      @Nullable String rule,
      String reason,
      String outcome,
      String message) {}

  private final Path folder;

  ReportFiles(DataFolder data) {
    this.folder = data.reportsFolder();
  }

  void save(SavedReport report) {
    Files2.writeOwnerOnly(folder.resolve(report.planId() + ".json"), toJson(report) + "\n");
  }

  /** The saved plan or run with this id; a bad or unknown id is a {@link UserError}. */
  SavedReport load(String planId) {
    if (!ID.matcher(planId).matches()) {
      throw new UserError(
          "'" + planId + "' is not a plan or run id (see 'umt history' and 'umt held')");
    }
    Path f = folder.resolve(planId + ".json");
    try {
      return fromJson(Files.readString(f), f.toString());
    } catch (NoSuchFileException e) {
      throw new UserError(
          "no plan or run with id "
              + planId
              + " in "
              + folder
              + " (see 'umt history' and 'umt held')");
    } catch (IOException e) {
      throw new UserError(f + ": cannot read the report: " + e.getMessage());
    }
  }

  Optional<SavedReport> find(String planId) {
    return Files.exists(folder.resolve(planId + ".json"))
        ? Optional.of(load(planId))
        : Optional.empty();
  }

  /** The report in its file's JSON form, indented, without a final newline. */
  static String toJson(SavedReport r) {
    List<StepJson> steps = new ArrayList<>();
    for (SavedReport.Step s : r.steps()) {
      steps.add(
          new StepJson(
              s.kindLabel(),
              s.subject(),
              s.userId(),
              s.rule(),
              s.reason(),
              s.outcome().name(),
              s.message()));
    }
    return JSON.toJson(
        new ReportJson(
            r.planId(),
            r.kind().label(),
            r.status().name(),
            r.reason(),
            r.sourceComplete(),
            r.createdAt(),
            steps));
  }

  /**
   * Reads a report's JSON form; {@code origin} (the file) starts every error message, which names
   * the field and the value that is wrong, such as {@code steps[2].outcome: 'LOST' is not one of
   * DONE, PARTIAL, ...}.
   *
   * @throws UserError when the text is not such a report
   */
  static SavedReport fromJson(String text, String origin) {
    ReportJson j;
    try {
      j = JSON.fromJson(text);
    } catch (IOException | JsonDataException e) {
      throw new UserError(origin + ": cannot read the report: " + e.getMessage());
    }
    if (j == null) {
      throw new UserError(origin + ": cannot read the report: it is null");
    }
    String planId = required(origin, "planId", j.planId());
    List<SavedReport.Step> steps = new ArrayList<>();
    List<StepJson> stepsJson = j.steps() == null ? List.of() : j.steps();
    for (int i = 0; i < stepsJson.size(); i++) {
      StepJson s = stepsJson.get(i);
      String at = "steps[" + i + "]";
      if (s == null) {
        throw new UserError(origin + ": " + at + " is null");
      }
      steps.add(
          new SavedReport.Step(
              parse(origin, at + ".kind", s.kind(), PlanStep.Kind.class, SavedReport::label),
              required(origin, at + ".subject", s.subject()),
              s.userId(),
              s.rule(),
              s.reason() == null ? "" : s.reason(),
              parse(origin, at + ".outcome", s.outcome(), StepOutcome.Result.class),
              s.message()));
    }
    return new SavedReport(
        planId,
        parse(origin, "kind", j.kind(), SavedReport.Kind.class, SavedReport.Kind::label),
        parse(origin, "status", j.status(), SavedReport.Status.class),
        j.reason(),
        j.sourceComplete(),
        required(origin, "createdAt", j.createdAt()),
        steps);
  }

  private static String required(String origin, String field, @Nullable String value) {
    if (value == null) {
      throw new UserError(origin + ": " + field + " is missing");
    }
    return value;
  }

  private static <E extends Enum<E>> E parse(
      String origin, String field, @Nullable String value, Class<E> type) {
    return parse(origin, field, value, type, Enum::name);
  }

  /** The constant of {@code type} whose word in the file ({@code toWord}) is {@code value}. */
  private static <E extends Enum<E>> E parse(
      String origin,
      String field,
      @Nullable String value,
      Class<E> type,
      Function<E, String> toWord) {
    String v = required(origin, field, value);
    for (E e : type.getEnumConstants()) {
      if (toWord.apply(e).equals(v)) {
        return e;
      }
    }
    throw new UserError(
        origin
            + ": "
            + field
            + ": '"
            + v
            + "' is not one of "
            + Arrays.stream(type.getEnumConstants()).map(toWord).collect(Collectors.joining(", ")));
  }
}
