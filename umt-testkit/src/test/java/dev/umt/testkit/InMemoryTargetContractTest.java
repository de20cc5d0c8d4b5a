package dev.umt.testkit;

import dev.umt.target.ProvisioningTarget;

class InMemoryTargetContractTest extends ProvisioningTargetContract {
  private final InMemoryTarget target =
      InMemoryTarget.builder().group("g1", "Sales", null).group("g2", "EMEA", "g1").build();

  @Override
  protected ProvisioningTarget target() {
    return target;
  }
}
