package dev.umt;

import dev.umt.directory.DirectorySourceProvider;
import dev.umt.rule.RuleEvaluatorProvider;
import dev.umt.target.ProvisioningTargetProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The directory source, provisioning target and rule evaluator providers found on a class path
 * through {@link ServiceLoader}. A provider that fails to load is recorded in {@link #failures()}
 * and does not hide the others; two providers of one kind with the same type are an error.
 *
 * <pre>{@code
 * Providers providers = Providers.load(Thread.currentThread().getContextClassLoader());
 * DirectorySource source = providers.directorySource("ldap").create(settings);
 * }</pre>
 */
public final class Providers {
  private final Map<String, DirectorySourceProvider> sources;
  private final Map<String, ProvisioningTargetProvider> targets;
  private final Map<String, RuleEvaluatorProvider> evaluators;
  private final List<String> failures;

  private Providers(
      Map<String, DirectorySourceProvider> sources,
      Map<String, ProvisioningTargetProvider> targets,
      Map<String, RuleEvaluatorProvider> evaluators,
      List<String> failures) {
    this.sources = sources;
    this.targets = targets;
    this.evaluators = evaluators;
    this.failures = failures;
  }

  /**
   * Loads every provider visible to {@code classLoader}.
   *
   * @throws ConfigurationException when two providers of one kind claim the same type, naming both
   *     classes
   */
  public static Providers load(ClassLoader classLoader) {
    List<String> failures = new ArrayList<>();
    return new Providers(
        loadAll(
            DirectorySourceProvider.class, DirectorySourceProvider::type, classLoader, failures),
        loadAll(
            ProvisioningTargetProvider.class,
            ProvisioningTargetProvider::type,
            classLoader,
            failures),
        loadAll(RuleEvaluatorProvider.class, RuleEvaluatorProvider::type, classLoader, failures),
        Collections.unmodifiableList(failures));
  }

  private static <P> Map<String, P> loadAll(
      Class<P> kind, Function<P, String> type, ClassLoader loader, List<String> failures) {
    Map<String, P> found = new TreeMap<>();
    Iterator<P> it = ServiceLoader.load(kind, loader).iterator();
    while (true) {
      P provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        failures.add(kind.getSimpleName() + ": " + e.getMessage());
        continue;
      } catch (NoSuchElementException e) {
        break;
      }
      String name = type.apply(provider);
      if (name == null || name.isBlank()) {
        failures.add(
            kind.getSimpleName() + ": " + provider.getClass().getName() + " has a blank type");
        continue;
      }
      P other = found.putIfAbsent(name, provider);
      if (other != null) {
        throw new ConfigurationException(
            "two "
                + kind.getSimpleName()
                + "s have the type '"
                + name
                + "': "
                + other.getClass().getName()
                + " and "
                + provider.getClass().getName());
      }
    }
    return Collections.unmodifiableMap(found);
  }

  /** The directory source provider of {@code type}, or an error listing the types there are. */
  public DirectorySourceProvider directorySource(String type) {
    return find(sources, type, "directory source");
  }

  /** The provisioning target provider of {@code type}, or an error listing the types there are. */
  public ProvisioningTargetProvider target(String type) {
    return find(targets, type, "provisioning target");
  }

  /** The rule evaluator provider of {@code type}, or an error listing the types there are. */
  public RuleEvaluatorProvider ruleEvaluator(String type) {
    return find(evaluators, type, "rule evaluator");
  }

  private <P> P find(Map<String, P> map, String type, String what) {
    P p = map.get(type);
    if (p == null) {
      throw new ConfigurationException(
          "no "
              + what
              + " of type '"
              + type
              + "'; known types: "
              + map.keySet()
              + (failures.isEmpty() ? "" : "; providers that failed to load: " + failures));
    }
    return p;
  }

  /** The types of directory source found. */
  public Set<String> directorySourceTypes() {
    return sources.keySet();
  }

  /** The types of provisioning target found. */
  public Set<String> targetTypes() {
    return targets.keySet();
  }

  /** The types of rule evaluator found. */
  public Set<String> ruleEvaluatorTypes() {
    return evaluators.keySet();
  }

  /** One line per provider that failed to load, with the reason. */
  public List<String> failures() {
    return failures;
  }
}
