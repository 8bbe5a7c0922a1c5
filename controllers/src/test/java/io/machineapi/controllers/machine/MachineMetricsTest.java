package io.machineapi.controllers.machine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MachineMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MachineMetrics metrics = new MachineMetrics(registry);

  @Test
  void forgettingADeletedMachineRemovesItsSeriesAndKeepsTheOthers() {
    Machine gone = machine("gone");
    Machine kept = machine("kept");
    metrics.createFailed(gone, "InsufficientCapacity");
    metrics.createFailed(gone, "InvalidConfiguration");
    metrics.deleteFailed(gone, "Throttled");
    metrics.createFailed(kept, "InsufficientCapacity");

    metrics.forget(gone);

    assertThat(registry.find(MachineMetrics.CREATE_FAILED).tag("name", "gone").meters()).isEmpty();
    assertThat(registry.find(MachineMetrics.DELETE_FAILED).tag("name", "gone").meters()).isEmpty();
    assertThat(registry.get(MachineMetrics.CREATE_FAILED).tag("name", "kept").counter().count()).isEqualTo(1.0);
  }

  @Test
  void aMachineCreatedAgainUnderTheSameNameStartsFromZero() {
    metrics.createFailed(machine("m"), "InsufficientCapacity");
    metrics.forget(machine("m"));

    metrics.createFailed(machine("m"), "InsufficientCapacity");

    assertThat(registry.get(MachineMetrics.CREATE_FAILED).tag("name", "m").counter().count()).isEqualTo(1.0);
  }

  private static Machine machine(String name) {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
    return machine;
  }
}
