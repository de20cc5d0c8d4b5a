package dev.umt.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.PlanStep;
import dev.umt.StepOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The saved-report file keeps its JSON form now that the report holds enums: {@code
 * saved-run-0.1.json} and {@code saved-plan-0.1.json} were written by the previous version's code
 * (its {@code SavedReport} record of strings through Moshi), so they load, and what this version
 * writes is byte for byte what the previous one wrote, so the previous version loads it too.
 */
class SavedReportFormatTest {
  @TempDir Path tmp;

  static String fixture(String name) throws IOException {
    try (InputStream in = SavedReportFormatTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aRunSavedByThePreviousVersionLoadsWithItsEnumsAndIsWrittenBackByteForByte()
      throws IOException {
    String text = fixture("saved-run-0.1.json");
    SavedReport r = ReportFiles.fromJson(text, "saved-run-0.1.json");

    assertThat(r.planId()).isEqualTo("0e9f-run");
    assertThat(r.kind()).isEqualTo(SavedReport.Kind.RUN);
    assertThat(r.status()).isEqualTo(SavedReport.Status.COMPLETED_WITH_ERRORS);
    assertThat(r.sourceComplete()).isTrue();
    assertThat(r.steps())
        .extracting(SavedReport.Step::kind)
        .containsExactly(
            PlanStep.Kind.CREATE,
            PlanStep.Kind.CREATE,
            PlanStep.Kind.REVOKE_LICENSE,
            PlanStep.Kind.DELETE,
            PlanStep.Kind.NO_CHANGE);
    assertThat(r.steps())
        .extracting(SavedReport.Step::outcome)
        .containsExactly(
            StepOutcome.Result.DONE,
            StepOutcome.Result.FAILED,
            StepOutcome.Result.PARTIAL,
            StepOutcome.Result.NOT_ATTEMPTED,
            StepOutcome.Result.DONE);
    SavedReport.Step unowned = r.steps().get(3);
    assertThat(unowned.userId()).isNull();
    assertThat(unowned.rule()).isNull();
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.counts())
        .containsExactly(
            Map.entry("create", 2),
            Map.entry("revoke_license", 1),
            Map.entry("delete", 1),
            Map.entry("no_change", 1));

    assertThat(ReportFiles.toJson(r) + "\n").isEqualTo(text);
  }

  @Test
  void aPlanSavedByThePreviousVersionLoadsAndIsWrittenBackByteForByte() throws IOException {
    String text = fixture("saved-plan-0.1.json");
    SavedReport r = ReportFiles.fromJson(text, "saved-plan-0.1.json");

    assertThat(r.kind()).isEqualTo(SavedReport.Kind.PLAN);
    assertThat(r.status()).isEqualTo(SavedReport.Status.PLANNED);
    assertThat(r.reason()).isEqualTo("3 deletions exceed the threshold of 2");
    assertThat(r.sourceComplete()).isFalse();
    assertThat(r.steps())
        .extracting(SavedReport.Step::kind, SavedReport.Step::outcome, SavedReport.Step::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                PlanStep.Kind.SUSPEND, StepOutcome.Result.PLANNED, "sales"),
            org.assertj.core.groups.Tuple.tuple(
                PlanStep.Kind.WAIT, StepOutcome.Result.PLANNED, null));

    assertThat(ReportFiles.toJson(r) + "\n").isEqualTo(text);
  }

  @Test
  void umtReportLoadsASavedFileFromTheDataFolder() throws IOException {
    DataFolder data =
        new DataFolder(
            tmp.resolve("data"),
            Map.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    Files.writeString(data.reportsFolder().resolve("0e9f-run.json"), fixture("saved-run-0.1.json"));

    SavedReport r = new ReportFiles(data).load("0e9f-run");

    assertThat(r.steps()).hasSize(5);
    assertThat(r.steps().get(1).message()).isEqualTo("HTTP 400: bad email");
  }

  @Test
  void aValueOutsideTheClosedSetIsRefusedNamingTheFileTheFieldAndTheChoices() throws IOException {
    String text =
        fixture("saved-run-0.1.json").replace("\"outcome\": \"PARTIAL\"", "\"outcome\": \"LOST\"");

    assertThatThrownBy(() -> ReportFiles.fromJson(text, "reports/0e9f-run.json"))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "reports/0e9f-run.json: steps[2].outcome: 'LOST' is not one of DONE, PARTIAL, FAILED,"
                + " HELD, WITHHELD, NOT_ATTEMPTED, PLANNED");
    assertThatThrownBy(
            () ->
                ReportFiles.fromJson(
                    fixture("saved-plan-0.1.json")
                        .replace("\"kind\": \"plan\"", "\"kind\": \"PLAN\""),
                    "reports/7a1c-plan.json"))
        .isInstanceOf(UserError.class)
        .hasMessage("reports/7a1c-plan.json: kind: 'PLAN' is not one of plan, run");
    assertThatThrownBy(
            () ->
                ReportFiles.fromJson(
                    fixture("saved-plan-0.1.json")
                        .replace("\"kind\": \"wait\"", "\"kind\": \"Wait\""),
                    "reports/7a1c-plan.json"))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith(
            "reports/7a1c-plan.json: steps[1].kind: 'Wait' is not one of create, adopt, update,");
  }
}
