package io.machineapi.providers.sim;

import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.SecretReference;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated {@code providerSpec.value} of a simulated Machine ({@code kind: SimMachineProviderSpec},
 * {@code apiVersion: machine.sandbox.machine-api.io/v1alpha1}).
 *
 * <pre>{@code
 * providerSpec:
 *   value:
 *     apiVersion: machine.sandbox.machine-api.io/v1alpha1
 *     kind: SimMachineProviderSpec
 *     instanceType: sim.xlarge     # default sim.medium; one of the catalogue (SimCatalog)
 *     region: sim-west             # default sim-region-1
 *     zone: sim-westb              # default <region>a; must start with the region
 *     bootSeconds: 5               # default: the cloud's sim.bootSeconds (+ jitter); 0..3600
 *     userDataSecret: {name: worker-user-data}   # optional
 * }</pre>
 *
 * @param instanceType the simulated instance type
 * @param region the simulated region
 * @param zone the simulated zone
 * @param bootTime how long an instance stays {@code pending} after launch; empty: the cloud's configured boot
 *     latency
 * @param userDataSecret the user-data Secret, if any
 */
public record SimMachineProviderSpec(String instanceType, String region, String zone, Optional<Duration> bootTime,
    Optional<SecretReference> userDataSecret) implements ProviderSpec {

  public SimMachineProviderSpec {
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(bootTime, "bootTime");
    Objects.requireNonNull(userDataSecret, "userDataSecret");
  }
}
