package dev.umt.target;

import dev.umt.Settings;

/**
 * Makes {@link ProvisioningTarget}s of one type; found through {@link java.util.ServiceLoader}: on
 * the class path from {@code META-INF/services/dev.umt.target.ProvisioningTargetProvider}, on the
 * module path from the connector module's {@code provides} clause. Implementations are public with
 * a public no-argument constructor, stateless and thread-safe.
 */
public interface ProvisioningTargetProvider {

  /** The type name, such as {@code gotomypc}; unique among providers, constant. No I/O. */
  String type();

  /**
   * A new target configured from {@code settings}. Validates them without network I/O; the target
   * connects on first use. The caller closes the target.
   *
   * @throws dev.umt.ConfigurationException when a setting is missing or wrong, naming it
   */
  ProvisioningTarget create(Settings settings);
}
