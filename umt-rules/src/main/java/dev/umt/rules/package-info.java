/**
 * Rules on OUs and security groups: the {@link dev.umt.rules.DefaultRuleEvaluator} (ServiceLoader
 * type {@code default}), rule sets kept as versioned JSON ({@link dev.umt.rules.RuleSet}, {@link
 * dev.umt.rules.RuleSetFile}, {@link dev.umt.rules.RuleSetEditor}) and checked completely before
 * anything runs, and the options of an account ({@link dev.umt.rules.GlobalOptions} in a {@link
 * dev.umt.rules.GlobalOptionsStore}) and of an installation ({@link dev.umt.rules.LocalOptions} in
 * a {@link dev.umt.rules.LocalOptionsStore}), combined by {@link dev.umt.rules.Options}.
 *
 * <pre>{@code
 * RuleSet rules = RuleSetFile.open(Path.of("rules.json"), target.groups()).load();
 * SyncOptions options = Options.syncOptions(globalStore.load(), localStore.load()).build();
 * SyncEngine.builder().evaluator(DefaultRuleEvaluator.create()).options(options) ... .build().run(rules.activeRules());
 * }</pre>
 *
 * <p>The rule model ({@link dev.umt.rule.Rule} and its parts) is in umt-api. Nothing is null unless
 * marked {@code @Nullable}.
 */
@NullMarked
package dev.umt.rules;

import org.jspecify.annotations.NullMarked;
