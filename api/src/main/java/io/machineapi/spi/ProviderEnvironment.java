package io.machineapi.spi;

import io.machineapi.spi.inventory.HostInventory;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the process gives a provider once, in {@link MachineProvider#init}.
 *
 * @param configuration provider settings as plain strings, already scoped to this provider (the process passes
 *     {@code aws.endpoint=http://127.0.0.1:5000} as {@code endpoint}); e.g. endpoint or region overrides
 * @param clock the time source; providers read time only from it so tests can control it
 * @param hostInventory the bare-metal host pool, where the process has one (none has in this build)
 */
public record ProviderEnvironment(Map<String, String> configuration, Clock clock,
    Optional<HostInventory> hostInventory) {

  public ProviderEnvironment {
    configuration = Map.copyOf(configuration);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(hostInventory, "hostInventory");
  }

  /** No configuration, the system clock, no host inventory. */
  public static ProviderEnvironment defaults() {
    return new ProviderEnvironment(Map.of(), Clock.systemUTC(), Optional.empty());
  }

  /** A configuration value, if set. */
  public Optional<String> config(String key) {
    return Optional.ofNullable(configuration.get(key));
  }

  /** A copy with another clock. */
  public ProviderEnvironment withClock(Clock newClock) {
    return new ProviderEnvironment(configuration, newClock, hostInventory);
  }

  /** A copy with other configuration. */
  public ProviderEnvironment withConfiguration(Map<String, String> newConfiguration) {
    return new ProviderEnvironment(newConfiguration, clock, hostInventory);
  }
}
