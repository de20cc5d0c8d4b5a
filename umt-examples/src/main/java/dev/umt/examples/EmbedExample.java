package dev.umt.examples;

import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.SyncEngine;
import dev.umt.SyncReport;
import dev.umt.directory.DirectorySource;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.rules.RuleSet;
import dev.umt.rules.RuleSetFile;
import dev.umt.state.JsonFileStateStore;
import dev.umt.state.StateStore;
import dev.umt.target.ProvisioningTarget;
import java.nio.file.Path;
import java.util.Map;

/** The "embed it" snippet of the README, kept here so the build compiles it. */
final class EmbedExample {
  private EmbedExample() {}

  static SyncReport sync(
      Map<String, String> directorySettings, Map<String, String> gotomypcSettings) {
    Providers providers = Providers.load(EmbedExample.class.getClassLoader());
    try (DirectorySource directory =
            providers
                .directorySource("active-directory")
                .create(Settings.of("ad", directorySettings));
        ProvisioningTarget gotomypc =
            providers.target("gotomypc").create(Settings.of("gotomypc", gotomypcSettings));
        StateStore state = JsonFileStateStore.open(Path.of("/var/lib/umt"))) {
      RuleSet rules = RuleSetFile.open(Path.of("/etc/umt/rules.json"), gotomypc.groups()).load();
      SyncEngine engine =
          SyncEngine.builder()
              .source(directory)
              .evaluator(DefaultRuleEvaluator.create())
              .target(gotomypc)
              .stateStore(state)
              .build();
      return engine.run(rules.activeRules());
    }
  }
}
