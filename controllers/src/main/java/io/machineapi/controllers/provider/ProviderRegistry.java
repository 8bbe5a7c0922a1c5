package io.machineapi.controllers.provider;

import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The providers this process runs, found with {@link ServiceLoader}, narrowed to the enabled ones
 * ({@code --provider aws,sim}), initialised, and indexed by the {@code providerSpec.value.kind} they serve.
 *
 * <p>Configuration keys are scoped by provider name: {@code aws.endpoint=http://127.0.0.1:5000} reaches the
 * {@code aws} provider as {@code endpoint}; keys of providers that are not enabled are ignored.
 */
public final class ProviderRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProviderRegistry.class);

  private final Set<String> availableNames;
  private final Map<String, MachineProvider<?>> enabledByName;
  private final Map<String, MachineProvider<?>> byKind;
  /** Every providerSpec kind some provider in this build serves, enabled or not, to its provider's name. */
  private final Map<String, String> kindsInBuild;

  private ProviderRegistry(Set<String> availableNames, Map<String, MachineProvider<?>> enabledByName,
      Map<String, MachineProvider<?>> byKind, Map<String, String> kindsInBuild) {
    this.availableNames = availableNames;
    this.enabledByName = enabledByName;
    this.byKind = byKind;
    this.kindsInBuild = kindsInBuild;
  }

  /**
   * Loads the providers on the class path.
   *
   * @param enabled provider names to enable; empty enables every provider found
   * @param environment configuration (keys {@code <provider>.<key>}), clock and host inventory for all providers
   * @throws ProviderSelectionException when a name is unknown, two providers serve one kind, or a provider rejects
   *     its configuration
   */
  public static ProviderRegistry load(Collection<String> enabled, ProviderEnvironment environment) {
    List<MachineProvider<?>> found = ServiceLoader.load(MachineProvider.class).stream()
        .<MachineProvider<?>>map(ServiceLoader.Provider::get)
        .toList();
    return of(found, enabled, environment);
  }

  /**
   * Builds a registry from given provider instances (tests, embedding). Providers not enabled are not initialised
   * and are closed at once.
   */
  public static ProviderRegistry of(Collection<? extends MachineProvider<?>> available, Collection<String> enabled,
      ProviderEnvironment environment) {
    Map<String, MachineProvider<?>> byName = new TreeMap<>();
    for (MachineProvider<?> provider : available) {
      MachineProvider<?> clash = byName.putIfAbsent(provider.name(), provider);
      if (clash != null) {
        throw new ProviderSelectionException("Two providers are named '" + provider.name() + "': "
            + clash.getClass().getName() + " and " + provider.getClass().getName());
      }
    }
    Set<String> wanted = enabled.stream().map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> unknown = new TreeSet<>(wanted);
    unknown.removeAll(byName.keySet());
    if (!unknown.isEmpty()) {
      throw new ProviderSelectionException("Unknown provider" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown) + ". Available providers: " + namesOrNone(byName.keySet()) + ".");
    }
    if (byName.isEmpty()) {
      throw new ProviderSelectionException("No providers found on the class path (looked for "
          + MachineProvider.class.getName() + " services).");
    }

    Map<String, String> kindsInBuild = new TreeMap<>();
    byName.values().forEach(p -> p.providerSpecKinds().forEach(kind -> kindsInBuild.putIfAbsent(kind, p.name())));
    Map<String, MachineProvider<?>> enabledByName = new LinkedHashMap<>();
    Map<String, MachineProvider<?>> byKind = new TreeMap<>();
    for (MachineProvider<?> provider : byName.values()) {
      if (!wanted.isEmpty() && !wanted.contains(provider.name())) {
        provider.close();
        continue;
      }
      for (String kind : provider.providerSpecKinds()) {
        MachineProvider<?> clash = byKind.putIfAbsent(kind, provider);
        if (clash != null) {
          throw new ProviderSelectionException("Providers '" + clash.name() + "' and '" + provider.name()
              + "' both serve providerSpec kind " + kind + "; enable only one of them with --provider.");
        }
      }
      enabledByName.put(provider.name(), provider);
    }
    initialise(enabledByName.values(), environment);
    LOG.info("Providers enabled: {} (available: {})", describe(enabledByName.values()),
        String.join(", ", byName.keySet()));
    return new ProviderRegistry(Set.copyOf(byName.keySet()), enabledByName, byKind,
        java.util.Collections.unmodifiableMap(kindsInBuild));
  }

  /** The enabled provider serving a {@code providerSpec.value.kind}, if any. */
  public Optional<MachineProvider<?>> resolve(String providerSpecKind) {
    return Optional.ofNullable(providerSpecKind).map(byKind::get);
  }

  /**
   * The message for a Machine whose kind no enabled provider serves, for its condition and Warning event, e.g.
   * {@code No enabled provider serves providerSpec kind AWSMachineProviderConfig (enabled: sim for
   * SimMachineProviderSpec); start the controller with --provider aws}.
   */
  public String noProviderMessage(String providerSpecKind) {
    if (!servedInThisBuild(providerSpecKind)) {
      return "No provider in this build serves providerSpec kind " + providerSpecKind + ": machine-api has no "
          + "provider for that cloud (this build serves " + kindsInBuild.entrySet().stream()
          .map(e -> e.getKey() + " with --provider " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }
    String kind = providerSpecKind == null || providerSpecKind.isBlank() ? "(none)" : providerSpecKind;
    StringBuilder message = new StringBuilder("No enabled provider serves providerSpec kind ").append(kind)
        .append(" (enabled: ").append(describe(enabledByName.values())).append(")");
    if (providerSpecKind == null || providerSpecKind.isBlank()) {
      message.append("; set spec.providerSpec.value.kind");
    } else if (!availableNames.equals(enabledByName.keySet())) {
      message.append("; other available providers: ").append(String.join(", ", disabledNames()))
          .append(" (enable with --provider)");
    }
    return message.toString();
  }

  /**
   * Whether a provider of this build serves {@code providerSpecKind}, enabled or not (a missing kind counts as
   * served: the Machine's spec is what is wrong then). False for clouds machine-api has no provider for, such as
   * Azure or GCP.
   */
  public boolean servedInThisBuild(String providerSpecKind) {
    return providerSpecKind == null || providerSpecKind.isBlank() || kindsInBuild.containsKey(providerSpecKind);
  }

  /** Names of the enabled providers, in name order. */
  public Set<String> enabledNames() {
    return new TreeSet<>(enabledByName.keySet());
  }

  /** Names of every provider found, enabled or not. */
  public Set<String> availableNames() {
    return new TreeSet<>(availableNames);
  }

  /** The enabled providers, in name order. */
  public List<MachineProvider<?>> enabled() {
    return List.copyOf(enabledByName.values());
  }

  /** Every kind served, with the name of the provider serving it. */
  public Map<String, String> kinds() {
    Map<String, String> kinds = new TreeMap<>();
    byKind.forEach((kind, provider) -> kinds.put(kind, provider.name()));
    return kinds;
  }

  @Override
  public void close() {
    for (MachineProvider<?> provider : enabledByName.values()) {
      try {
        provider.close();
      } catch (RuntimeException e) {
        LOG.warn("Provider {} failed to close: {}", provider.name(), e.toString());
      }
    }
  }

  private Set<String> disabledNames() {
    Set<String> disabled = new TreeSet<>(availableNames);
    disabled.removeAll(enabledByName.keySet());
    return disabled;
  }

  private static void initialise(Collection<MachineProvider<?>> providers, ProviderEnvironment environment) {
    List<MachineProvider<?>> done = new ArrayList<>();
    for (MachineProvider<?> provider : providers) {
      try {
        provider.init(environment.withConfiguration(scopedConfiguration(environment.configuration(),
            provider.name())));
        done.add(provider);
      } catch (RuntimeException e) {
        done.forEach(MachineProvider::close);
        throw new ProviderSelectionException("Provider '" + provider.name() + "' cannot start: " + e.getMessage(),
            e);
      }
    }
  }

  /** The keys {@code <name>.<key>} with the prefix removed. */
  static Map<String, String> scopedConfiguration(Map<String, String> all, String providerName) {
    String prefix = providerName + ".";
    Map<String, String> scoped = new HashMap<>();
    all.forEach((key, value) -> {
      if (key.startsWith(prefix) && key.length() > prefix.length()) {
        scoped.put(key.substring(prefix.length()), value);
      }
    });
    return scoped;
  }

  private static String describe(Collection<MachineProvider<?>> providers) {
    if (providers.isEmpty()) {
      return "none";
    }
    return providers.stream()
        .map(p -> p.name() + " for " + String.join(", ", new TreeSet<>(p.providerSpecKinds())))
        .collect(Collectors.joining("; "));
  }

  private static String namesOrNone(Set<String> names) {
    return names.isEmpty() ? "none" : String.join(", ", names);
  }
}
