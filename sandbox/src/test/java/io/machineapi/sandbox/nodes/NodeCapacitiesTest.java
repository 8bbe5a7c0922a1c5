package io.machineapi.sandbox.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSpec;
import io.machineapi.api.machine.v1beta1.ProviderSpec;
import io.machineapi.providers.sim.SimCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeCapacitiesTest {

  private final NodeCapacities capacities = NodeCapacities.withSimCatalog(SimCatalog.defaults());

  @Test
  void simTypesComeFromTheSimCatalogue() {
    assertThat(capacities.resolve(machine(Map.of("instanceType", "sim.small"), Map.of()), Map::of))
        .isEqualTo(new NodeCapacity(1, 2048, 32));
  }

  @Test
  void theInstanceTypeLabelWinsOverTheSpecAndCommonCloudTypesAreKnown() {
    Machine aws = machine(Map.of("instanceType", "m5.large"), Map.of("machine.openshift.io/instance-type",
        "m6i.2xlarge"));
    Machine openstack = machine(Map.of("flavor", "m1.large"), Map.of());

    assertThat(capacities.resolve(aws, Map::of)).isEqualTo(new NodeCapacity(8, 32768, 58));
    assertThat(capacities.resolve(openstack, Map::of)).isEqualTo(new NodeCapacity(4, 8192, 110));
  }

  @Test
  void vSphereSpecsCarryTheirOwnSize() {
    assertThat(capacities.resolve(machine(Map.of("numCPUs", 6, "memoryMiB", 24576), Map.of()), Map::of))
        .isEqualTo(new NodeCapacity(6, 24576, 110));
  }

  @Test
  void unknownTypesUseTheMachineSetAnnotationsElseFourCpuSixteenGib() {
    Machine unknown = machine(Map.of("instanceType", "x9.mega"), Map.of());

    assertThat(capacities.resolve(unknown, () -> Map.of("machine.openshift.io/vCPU", "12",
        "machine.openshift.io/memoryMb", "49152", "machine.openshift.io/maxPods", "250")))
        .isEqualTo(new NodeCapacity(12, 49152, 250));
    assertThat(capacities.resolve(unknown, () -> Map.of("machine.openshift.io/vCPU", "lots")))
        .isEqualTo(NodeCapacity.FALLBACK);
    assertThat(NodeCapacity.FALLBACK).isEqualTo(new NodeCapacity(4, 16384, 110));
  }

  private static Machine machine(Map<String, Object> providerSpec, Map<String, String> labels) {
    Machine machine = new Machine();
    machine.getMetadata().setName("m");
    machine.getMetadata().setLabels(labels);
    MachineSpec spec = new MachineSpec();
    spec.setProviderSpec(new ProviderSpec(new ObjectMapper().valueToTree(providerSpec)));
    machine.setSpec(spec);
    return machine;
  }
}
