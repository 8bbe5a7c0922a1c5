package io.machineapi.providers.sim;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The instance types the simulated cloud offers: an immutable, read-only view for the sandbox's node emulator and
 * the benchmark as well as for the provider itself.
 *
 * <p>The default catalogue mirrors the usual cloud ladder: {@code sim.small} 1 CPU / 2 GiB, {@code sim.medium}
 * 2 CPU / 4 GiB, {@code sim.large} 2 CPU / 8 GiB, {@code sim.xlarge} 4 CPU / 16 GiB, {@code sim.2xlarge}
 * 8 CPU / 32 GiB.
 */
public final class SimCatalog {

  private static final SimCatalog DEFAULT = new SimCatalog(List.of(
      new SimInstanceType("sim.small", 1, 2048, 32),
      new SimInstanceType("sim.medium", 2, 4096, 58),
      new SimInstanceType("sim.large", 2, 8192, 58),
      new SimInstanceType("sim.xlarge", 4, 16384, 110),
      new SimInstanceType("sim.2xlarge", 8, 32768, 110)));

  private final Map<String, SimInstanceType> byName;

  private SimCatalog(Collection<SimInstanceType> types) {
    Map<String, SimInstanceType> map = new LinkedHashMap<>();
    types.forEach(t -> map.put(t.name(), t));
    this.byName = java.util.Collections.unmodifiableMap(map);
  }

  /** The built-in catalogue. */
  public static SimCatalog defaults() {
    return DEFAULT;
  }

  /** This catalogue plus {@code extra} types; an extra type replaces a built-in one of the same name. */
  public SimCatalog with(Collection<SimInstanceType> extra) {
    Map<String, SimInstanceType> merged = new LinkedHashMap<>(byName);
    extra.forEach(t -> merged.put(t.name(), t));
    return new SimCatalog(merged.values());
  }

  public Optional<SimInstanceType> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every type by name, in catalogue order. */
  public Map<String, SimInstanceType> types() {
    return byName;
  }
}
