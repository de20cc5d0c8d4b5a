package dev.umt.rule;

import dev.umt.Settings;

/**
 * Makes {@link RuleEvaluator}s of one type; found through {@link java.util.ServiceLoader}: on the
 * class path from {@code META-INF/services/dev.umt.rule.RuleEvaluatorProvider}, on the module path
 * from the module's {@code provides} clause. Implementations are public with a public no-argument
 * constructor, stateless and thread-safe.
 */
public interface RuleEvaluatorProvider {

  /** The type name, such as {@code default}; unique among providers, constant. No I/O. */
  String type();

  /**
   * An evaluator configured from {@code settings}. No I/O.
   *
   * @throws dev.umt.ConfigurationException when a setting is wrong, naming it
   */
  RuleEvaluator create(Settings settings);
}
