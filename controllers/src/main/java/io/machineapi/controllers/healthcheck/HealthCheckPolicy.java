package io.machineapi.controllers.healthcheck;

import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A MachineHealthCheck's rules, parsed once.
 *
 * @param unhealthyConditions OR-ed Node conditions that make a target unhealthy once held for their timeout
 * @param nodeStartupTimeout how long a Machine may be without a Node; {@link Duration#ZERO} disables the check
 * @param maxUnhealthy {@code spec.maxUnhealthy} as written (null = 100%)
 */
public record HealthCheckPolicy(List<UnhealthyRule> unhealthyConditions, Duration nodeStartupTimeout,
    IntOrString maxUnhealthy) {

  public HealthCheckPolicy {
    unhealthyConditions = List.copyOf(unhealthyConditions);
    Objects.requireNonNull(nodeStartupTimeout, "nodeStartupTimeout");
  }

  /** One {@code unhealthyConditions} entry. */
  public record UnhealthyRule(String type, String status, Duration timeout) {
    public UnhealthyRule {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(timeout, "timeout");
    }
  }
}
