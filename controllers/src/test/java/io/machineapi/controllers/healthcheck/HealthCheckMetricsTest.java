package io.machineapi.controllers.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class HealthCheckMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HealthCheckMetrics metrics = new HealthCheckMetrics(registry);

  @Test
  void forgettingADeletedHealthCheckRemovesItsGaugesAndCounterAndKeepsTheOthers() {
    metrics.observe("ns", "gone", 5, true);
    metrics.remediated("ns", "gone");
    metrics.observe("ns", "kept", 3, false);
    metrics.remediated("ns", "kept");

    metrics.forget("ns", "gone");

    for (String name : new String[] {HealthCheckMetrics.NODES_COVERED, HealthCheckMetrics.SHORT_CIRCUIT,
        HealthCheckMetrics.REMEDIATION_SUCCESS}) {
      assertThat(registry.find(name).tag("name", "gone").meters()).as(name).isEmpty();
      assertThat(registry.find(name).tag("name", "kept").meters()).as(name).hasSize(1);
    }
    assertThat(registry.get(HealthCheckMetrics.NODES_COVERED).tag("name", "kept").gauge().value()).isEqualTo(3.0);
  }

  @Test
  void aHealthCheckCreatedAgainUnderTheSameNameIsObservedAgain() {
    metrics.observe("ns", "mhc", 5, true);
    metrics.forget("ns", "mhc");

    metrics.observe("ns", "mhc", 2, false);

    assertThat(registry.get(HealthCheckMetrics.NODES_COVERED).tag("name", "mhc").gauge().value()).isEqualTo(2.0);
    assertThat(registry.get(HealthCheckMetrics.SHORT_CIRCUIT).tag("name", "mhc").gauge().value()).isEqualTo(0.0);
  }
}
