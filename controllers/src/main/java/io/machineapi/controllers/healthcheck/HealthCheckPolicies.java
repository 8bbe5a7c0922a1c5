package io.machineapi.controllers.healthcheck;

import io.machineapi.api.machine.v1beta1.MachineHealthCheck;
import io.machineapi.api.machine.v1beta1.MachineHealthCheckSpec;
import io.machineapi.api.machine.v1beta1.UnhealthyCondition;
import io.machineapi.api.GoDuration;
import io.machineapi.controllers.healthcheck.HealthCheckPolicy.UnhealthyRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a MachineHealthCheck's spec into a {@link HealthCheckPolicy}, or says what is wrong with it. */
final class HealthCheckPolicies {
  static final Duration DEFAULT_NODE_STARTUP_TIMEOUT = Duration.ofMinutes(10);

  private HealthCheckPolicies() {}

  /** @throws IllegalArgumentException with a message naming the field */
  static HealthCheckPolicy from(MachineHealthCheck mhc) {
    MachineHealthCheckSpec spec = mhc.getSpec();
    if (spec == null || spec.getUnhealthyConditions() == null || spec.getUnhealthyConditions().isEmpty()) {
      throw new IllegalArgumentException("spec.unhealthyConditions: at least one condition is required");
    }
    List<UnhealthyRule> rules = new ArrayList<>();
    for (int i = 0; i < spec.getUnhealthyConditions().size(); i++) {
      UnhealthyCondition c = spec.getUnhealthyConditions().get(i);
      // Every field is optional, as in OpenShift: an absent type or status matches no Node condition (Node
      // conditions always have both), an absent timeout is zero.
      rules.add(new UnhealthyRule(orEmpty(c.getType()), orEmpty(c.getStatus()), c.getTimeout() == null ? Duration.ZERO
          : parse("spec.unhealthyConditions[" + i + "].timeout", c.getTimeout())));
    }
    Duration startup = spec.getNodeStartupTimeout() == null ? DEFAULT_NODE_STARTUP_TIMEOUT
        : parse("spec.nodeStartupTimeout", spec.getNodeStartupTimeout());
    return new HealthCheckPolicy(rules, startup, spec.getMaxUnhealthy());
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static Duration parse(String field, String value) {
    try {
      return GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }
}
