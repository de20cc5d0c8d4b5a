/**
 * Rules on OUs and security groups, rule sets as versioned JSON, and the options of an account and
 * of an installation; provides the {@code default} {@link dev.umt.rule.RuleEvaluatorProvider}.
 */
module dev.umt.rules {
  requires transitive dev.umt.api;
  requires com.squareup.moshi;
  requires okio;
  // Moshi and Okio are automatic modules; they need the Kotlin standard library, an explicit module
  // that the module system resolves only when a module requires it.
  requires kotlin.stdlib;

  exports dev.umt.rules;

  // Moshi reads and writes the JSON shapes (records in this package) by reflection.
  opens dev.umt.rules to
      com.squareup.moshi;

  provides dev.umt.rule.RuleEvaluatorProvider with
      dev.umt.rules.internal.DefaultRuleEvaluatorProvider;
}
