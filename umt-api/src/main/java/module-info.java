/**
 * UMT's model, SPIs, provider discovery and {@link dev.umt.SyncEngine}. Connector modules implement
 * {@link dev.umt.directory.DirectorySourceProvider}, {@link
 * dev.umt.target.ProvisioningTargetProvider} or {@link dev.umt.rule.RuleEvaluatorProvider} and
 * declare them with {@code provides}; {@link dev.umt.Providers} finds them. {@code
 * dev.umt.internal} (the planner, the applier, JSON and atomic file writes) is exported only to the
 * UMT modules that share it.
 */
@SuppressWarnings(
    "module") // the qualified exports name UMT modules that are not on umt-api's own module path
module dev.umt.api {
  requires org.slf4j;
  requires static transitive org.jspecify;

  exports dev.umt;
  exports dev.umt.directory;
  exports dev.umt.target;
  exports dev.umt.rule;
  exports dev.umt.state;
  exports dev.umt.internal to
      dev.umt.rules,
      dev.umt.schedule,
      dev.umt.gotomypc,
      dev.umt.cli;

  uses dev.umt.directory.DirectorySourceProvider;
  uses dev.umt.target.ProvisioningTargetProvider;
  uses dev.umt.rule.RuleEvaluatorProvider;
}
