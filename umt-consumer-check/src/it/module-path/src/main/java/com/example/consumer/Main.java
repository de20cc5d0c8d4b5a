package com.example.consumer;

import dev.umt.Providers;
import dev.umt.Settings;
import dev.umt.rule.RuleEvaluator;
import dev.umt.target.ProvisioningTarget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Exits 1 naming what is wrong unless every UMT provider is found on the module path, in its own module. */
public final class Main {
  public static void main(String[] args) {
    List<String> wrong = new ArrayList<>();
    if (Main.class.getModule().getName() == null || Providers.class.getModule().getName() == null) {
      wrong.add("not on the module path: " + Main.class.getModule() + ", " + Providers.class.getModule());
    }
    Providers providers = Providers.load(Main.class.getClassLoader());
    if (!providers.failures().isEmpty()) {
      wrong.add("providers failed to load: " + providers.failures());
    }
    expect(
        wrong,
        "directory sources",
        providers.directorySourceTypes(),
        Set.of("ldap", "active-directory", "edirectory"));
    expect(wrong, "targets", providers.targetTypes(), Set.of("gotomypc"));
    expect(wrong, "rule evaluators", providers.ruleEvaluatorTypes(), Set.of("default"));
    module(wrong, providers.directorySource("ldap"), "dev.umt.ldap");
    module(wrong, providers.directorySource("active-directory"), "dev.umt.ldap.ad");
    module(wrong, providers.directorySource("edirectory"), "dev.umt.edirectory");
    module(wrong, providers.target("gotomypc"), "dev.umt.gotomypc");
    module(wrong, providers.ruleEvaluator("default"), "dev.umt.rules");

    RuleEvaluator evaluator = providers.ruleEvaluator("default").create(Settings.of("test", Map.of()));
    System.out.println("rule evaluator: " + evaluator.getClass().getName());
    // Builds the Retrofit client (a proxy of an interface in a package the module does not export) and
    // Moshi's adapters; no network I/O.
    Path tokens = Path.of(args[0], "gotomypc-refresh-token");
    Settings settings =
        Settings.of(
            "test",
            Map.of(
                "clientId", "consumer",
                "clientSecret", "not-a-secret",
                "baseUrl", "http://127.0.0.1:9/",
                "tokenFile", tokens.toString()));
    try (ProvisioningTarget target = providers.target("gotomypc").create(settings)) {
      System.out.println("gotomypc target: " + target.getClass().getName() + ", " + target.describe());
    }
    if (!wrong.isEmpty()) {
      wrong.forEach(w -> System.out.println("WRONG: " + w));
      System.exit(1);
    }
    System.out.println("all UMT providers found on the module path");
  }

  private static void expect(List<String> wrong, String what, Set<String> found, Set<String> want) {
    System.out.println(what + ": " + found);
    if (!found.containsAll(want)) {
      wrong.add(what + ": found " + found + ", want at least " + want);
    }
  }

  private static void module(List<String> wrong, Object provider, String want) {
    String name = provider.getClass().getModule().getName();
    System.out.println(provider.getClass().getName() + " in module " + name);
    if (!want.equals(name)) {
      wrong.add(provider.getClass().getName() + " is in module " + name + ", not " + want);
    }
  }
}
