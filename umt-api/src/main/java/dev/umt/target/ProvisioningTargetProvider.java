package dev.umt.target;

import dev.umt.Settings;

/**
 * Makes {@link ProvisioningTarget}s of one type; found through {@link java.util.ServiceLoader}
 * from {@code META-INF/services/dev.umt.target.ProvisioningTargetProvider}.
 */
public interface ProvisioningTargetProvider {

  /** The type name, such as {@code gotomypc}; unique. */
  String type();

  /** A target configured from {@code settings}; validates them without network I/O. */
  ProvisioningTarget create(Settings settings);
}
