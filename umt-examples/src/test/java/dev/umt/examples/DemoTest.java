package dev.umt.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void theDemoSyncsHoldsAndAppliesTheApprovedPlan() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int code = Demo.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
    String out = buf.toString(StandardCharsets.UTF_8);

    assertThat(code).as(out).isZero();
    assertThat(out).contains("3 create, 1 adopt, 2 no change, 1 skip");
    assertThat(out).contains("report: HELD").contains("1 deprovisioning steps are 25 % of 4 managed accounts, over the limit of 20 %");
    assertThat(out).containsPattern("report: COMPLETED \\(plan [0-9a-f-]+\\) update=1 revoke license=1 skip=1 unchanged=4");
    assertThat(out).containsPattern("gina@example.test +Green +ACTIVE +group=g-eng +licensed=false");
  }
}
