package io.machineapi.controllers.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.api.machine.v1beta1.MachineHealthCheck;
import io.machineapi.api.machine.v1beta1.MachineHealthCheckSpec;
import io.machineapi.api.machine.v1beta1.UnhealthyCondition;
import io.machineapi.controllers.healthcheck.HealthCheckPolicy.UnhealthyRule;
import io.machineapi.controllers.healthcheck.HealthTarget.NodeCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthCheckPoliciesTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

  @Test
  void entriesWithoutStatusTypeOrTimeoutAreReadAsOpenShiftReadsThem() {
    HealthCheckPolicy policy = HealthCheckPolicies.from(mhc(
        new UnhealthyCondition("Ready", null, "300s"),
        new UnhealthyCondition(null, "False", "300s"),
        new UnhealthyCondition("Ready", "Unknown", null)));

    assertThat(policy.unhealthyConditions()).containsExactly(
        new UnhealthyRule("Ready", "", Duration.ofMinutes(5)),
        new UnhealthyRule("", "False", Duration.ofMinutes(5)),
        new UnhealthyRule("Ready", "Unknown", Duration.ZERO));
  }

  @Test
  void anEntryWithoutStatusMatchesNoNodeWhileOneWithoutTimeoutActsAtOnce() {
    HealthCheckPolicy noStatus = HealthCheckPolicies.from(mhc(new UnhealthyCondition("Ready", null, "1s")));
    HealthCheckPolicy noTimeout = HealthCheckPolicies.from(mhc(new UnhealthyCondition("Ready", "False", null)));
    HealthTarget justNotReady = new HealthTarget("m", false, false, Optional.of("n"),
        Optional.of(Map.of("Ready", new NodeCondition("False", NOW))), NOW.minus(Duration.ofHours(1)), false);

    assertThat(HealthEvaluator.evaluate(noStatus, List.of(justNotReady), NOW.plusSeconds(3600)).toRemediate())
        .isEmpty();
    assertThat(HealthEvaluator.evaluate(noTimeout, List.of(justNotReady), NOW).toRemediate()).containsExactly("m");
  }

  private static MachineHealthCheck mhc(UnhealthyCondition... conditions) {
    MachineHealthCheck mhc = new MachineHealthCheck();
    MachineHealthCheckSpec spec = new MachineHealthCheckSpec();
    spec.setUnhealthyConditions(List.of(conditions));
    mhc.setSpec(spec);
    return mhc;
  }
}
