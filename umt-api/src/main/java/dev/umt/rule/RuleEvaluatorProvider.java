package dev.umt.rule;

import dev.umt.Settings;

/** Makes {@link RuleEvaluator}s of one type; found through {@link java.util.ServiceLoader}. */
public interface RuleEvaluatorProvider {

  /** The type name, such as {@code default}; unique. */
  String type();

  /** An evaluator configured from {@code settings}. */
  RuleEvaluator create(Settings settings);
}
