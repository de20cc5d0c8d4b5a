package dev.umt.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void theDemoSyncsAnEmbeddedDirectoryIntoTheStandInHoldsAndAppliesTheApprovedPlan()
      throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code = Demo.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);

    assertThat(code).as(out).isZero();
    assertThat(out)
        .contains("directory Ping Identity Corporation UnboundID LDAP SDK")
        .contains("target GoToMyPC company");
    assertThat(out).contains(": 4 create, 1 adopt, 2 no change");
    assertThat(out)
        .contains("report: HELD")
        .contains("2 deprovisioning steps are 40 % of 5 managed accounts, over the limit of 20 %");
    assertThat(out)
        .containsPattern(
            "report: COMPLETED \\(plan [0-9a-f-]+\\): planned 7 \\(update=1, revoke license=2, no"
                + " change=4\\); done 7 \\(update=1, revoke license=2, no change=4\\); partial 0;"
                + " failed 0; held 0; withheld 0; not attempted 0");
    assertThat(out).containsPattern("bob@example.test +Robert +Brown +ACTIVE");
    assertThat(out)
        .containsPattern("gina@example.test +Gina +Green +ACTIVE +group=\\d+ licensed=false");
    assertThat(out)
        .containsPattern("alice@example.test +Alice +Archer +ACTIVE +group=\\d+ licensed=true");
  }
}
