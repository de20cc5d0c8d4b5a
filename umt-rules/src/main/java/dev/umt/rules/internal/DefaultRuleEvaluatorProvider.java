package dev.umt.rules.internal;

import dev.umt.ConfigurationException;
import dev.umt.Settings;
import dev.umt.rule.RuleEvaluator;
import dev.umt.rule.RuleEvaluatorProvider;
import dev.umt.rules.DefaultRuleEvaluator;

/** Makes {@link DefaultRuleEvaluator}s, type {@code default}; it takes no settings. */
public final class DefaultRuleEvaluatorProvider implements RuleEvaluatorProvider {

  /** For {@link java.util.ServiceLoader}. */
  public DefaultRuleEvaluatorProvider() {}

  @Override
  public String type() {
    return "default";
  }

  /**
   * @throws ConfigurationException when {@code settings} holds any setting: this evaluator has none
   */
  @Override
  public RuleEvaluator create(Settings settings) {
    if (!settings.names().isEmpty()) {
      throw new ConfigurationException(
          settings.origin()
              + ": the default rule evaluator takes no settings, but got "
              + String.join(", ", settings.names()));
    }
    return DefaultRuleEvaluator.create();
  }
}
