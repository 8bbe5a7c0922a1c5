package io.machineapi.controllers.machineset;

import static io.machineapi.controllers.machineset.MachineSetHarness.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.DeletePolicy;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.ProviderSpec;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.providers.sim.SimMachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MachineSet controller writes the capacity of the sim provider's instance types onto MachineSets. */
class MachineSetCapacityIT {
  private MachineSetHarness h;

  @BeforeEach
  void start() {
    ProviderRegistry providers = ProviderRegistry.of(List.of(new SimMachineProvider()), List.of("sim"),
        new ProviderEnvironment(Map.of("sim.instanceTypes", "sim.gpu:8:65536:110:1:amd64,sim.arm:2:4096:58:0:arm64"),
            Clock.systemUTC(), Optional.empty()));
    h = new MachineSetHarness(10, 0, 0, providers);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private static MachineSet set(String name, String kind, String instanceType) {
    MachineSet set = MachineSetHarness.machineSet(name, 0, DeletePolicy.Random);
    set.getSpec().getTemplate().getSpec().setProviderSpec(new ProviderSpec(providerSpec(kind, instanceType)));
    return set;
  }

  private static ObjectNode providerSpec(String kind, String instanceType) {
    return Serialization.jsonMapper().createObjectNode().put("apiVersion", SimMachineProvider.API_VERSION)
        .put("kind", kind).put("instanceType", instanceType);
  }

  private Map<String, String> annotations(String name) {
    Map<String, String> a = h.get(name).getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  @Test
  void aZeroReplicaSetGetsItsCapacityWithinSecondsAndFollowsTheInstanceType() {
    h.create(set("zero", SimMachineProvider.KIND, "sim.xlarge"));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(annotations("zero"))
        .containsEntry("machine.openshift.io/vCPU", "4")
        .containsEntry("machine.openshift.io/memoryMb", "16384")
        .containsEntry("machine.openshift.io/GPU", "0")
        .containsEntry("machine.openshift.io/maxPods", "110")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/cpu", "4")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/memory", "16384Mi")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/gpu-count", "0")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/gpu-type", "")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/labels", "kubernetes.io/arch=amd64"));

    // A user's override of an autoscaler key and a label entry survive the instance-type change.
    h.client.resources(MachineSet.class).inNamespace(NS).withName("zero").edit(s -> {
      s.getMetadata().getAnnotations().put("capacity.cluster-autoscaler.kubernetes.io/maxPods", "50");
      s.getMetadata().getAnnotations().put("capacity.cluster-autoscaler.kubernetes.io/labels",
          "kubernetes.io/arch=amd64,team=blue");
      s.getSpec().getTemplate().getSpec().setProviderSpec(
          new ProviderSpec(providerSpec(SimMachineProvider.KIND, "sim.gpu")));
      return s;
    });

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(annotations("zero"))
        .containsEntry("machine.openshift.io/vCPU", "8")
        .containsEntry("machine.openshift.io/memoryMb", "65536")
        .containsEntry("machine.openshift.io/GPU", "1")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/cpu", "8")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/gpu-count", "1")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/gpu-type", "nvidia.com/gpu")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/maxPods", "50")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/labels", "kubernetes.io/arch=amd64,team=blue"));

    h.client.resources(MachineSet.class).inNamespace(NS).withName("zero").edit(s -> {
      s.getSpec().getTemplate().getSpec().setProviderSpec(
          new ProviderSpec(providerSpec(SimMachineProvider.KIND, "sim.arm")));
      return s;
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(annotations("zero"))
        .containsEntry("machine.openshift.io/vCPU", "2")
        .containsEntry("capacity.cluster-autoscaler.kubernetes.io/labels", "kubernetes.io/arch=arm64,team=blue"));
  }

  @Test
  void anUnknownInstanceTypeIsAWarningEventNotACrash() {
    h.create(set("unknown", SimMachineProvider.KIND, "sim.nonsense"));

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(h.events("unknown"))
        .anySatisfy(e -> {
          assertThat(e.getReason()).isEqualTo(CapacityAnnotationStep.REASON_UNKNOWN);
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getMessage()).contains("sim.nonsense");
        }));
    assertThat(annotations("unknown")).doesNotContainKey("machine.openshift.io/vCPU");

    // Fixing the spec writes the capacity.
    h.client.resources(MachineSet.class).inNamespace(NS).withName("unknown").edit(s -> {
      s.getSpec().getTemplate().getSpec().setProviderSpec(
          new ProviderSpec(providerSpec(SimMachineProvider.KIND, "sim.small")));
      return s;
    });
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(annotations("unknown"))
        .containsEntry("machine.openshift.io/vCPU", "1"));
  }

  @Test
  void aSetOfAProviderNotEnabledGetsNothing() {
    h.create(set("elsewhere", "AWSMachineProviderConfig", "m5.large"));

    await().atMost(Duration.ofSeconds(10)).until(() -> h.get("elsewhere").getStatus() != null
        && h.get("elsewhere").getStatus().getObservedGeneration() != null);
    assertThat(annotations("elsewhere")).doesNotContainKeys("machine.openshift.io/vCPU",
        "capacity.cluster-autoscaler.kubernetes.io/labels");
    assertThat(h.events("elsewhere")).noneSatisfy(e -> assertThat(e.getReason())
        .isIn(CapacityAnnotationStep.REASON_UNKNOWN, CapacityAnnotationStep.REASON_UNAVAILABLE));
  }
}
