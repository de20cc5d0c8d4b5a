package dev.umt.gotomypc.target;

import dev.umt.gotomypc.StandInFixture;
import dev.umt.target.ProvisioningTarget;
import dev.umt.testkit.ProvisioningTargetContract;
import dev.umt.testkit.gotomypc.GoToMyPcStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The test kit's target contract, run against the stand-in in both of its answers to an existing
 * email.
 */
class GoToMyPcTargetContractTest {

  @Nested
  class WhenTheServiceAnswersWithTheExistingKey extends ProvisioningTargetContract {
    private final StandInFixture fixture = new StandInFixture();
    private final GoToMyPcTarget target =
        GoToMyPcTarget.builder()
            .client(fixture.client().build())
            .company("Example Corp")
            .ownsClient(true)
            .build();

    @Override
    protected ProvisioningTarget target() {
      return target;
    }

    @AfterEach
    void stop() {
      target.close();
      fixture.close();
    }
  }

  @Nested
  class WhenTheServiceAnswers409 extends ProvisioningTargetContract {
    private final StandInFixture fixture =
        new StandInFixture(GoToMyPcStandIn.builder().conflictOnExisting(true));
    private final GoToMyPcTarget target =
        GoToMyPcTarget.builder()
            .client(fixture.client().build())
            .company("Example Corp")
            .ownsClient(true)
            .build();

    @Override
    protected ProvisioningTarget target() {
      return target;
    }

    @AfterEach
    void stop() {
      target.close();
      fixture.close();
    }
  }
}
