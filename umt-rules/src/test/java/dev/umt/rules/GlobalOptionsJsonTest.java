package dev.umt.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.umt.rule.Threshold;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * GlobalOptions.toJson/fromJson, which a GlobalOptionsStore that keeps text (a database column)
 * uses.
 */
class GlobalOptionsJsonTest {

  @Test
  void optionsSurviveTheRoundTrip() {
    GlobalOptions custom =
        GlobalOptions.builder()
            .deprovisionUncovered(true)
            .threshold(new Threshold(7, 3))
            .protectedAccounts(Set.of("boss@example.test"))
            .build();
    assertThat(GlobalOptions.fromJson(custom.toJson(), "row 1")).isEqualTo(custom);
    assertThat(GlobalOptions.fromJson(GlobalOptions.defaults().toJson(), "row 1"))
        .isEqualTo(GlobalOptions.defaults());
  }

  @Test
  void leftOutFieldsTakeTheirDefaults() {
    assertThat(GlobalOptions.fromJson("{\"version\": 1}", "row 1"))
        .isEqualTo(GlobalOptions.defaults());
  }

  @Test
  void anInvalidFieldIsNamedWithTheOrigin() {
    assertThatThrownBy(
            () ->
                GlobalOptions.fromJson(
                    "{\"version\": 1, \"threshold\": {\"maxCount\": 1, \"maxPercent\": 150}}",
                    "row of company A"))
        .isInstanceOfSatisfying(
            OptionsException.class,
            e -> {
              assertThat(e.problems())
                  .containsExactly("threshold.maxPercent: must be 0 to 100, not 150");
              assertThat(e.getMessage())
                  .isEqualTo("row of company A: threshold.maxPercent: must be 0 to 100, not 150");
            });
  }
}
