package io.machineapi.controllers.machineset;

import static io.machineapi.controllers.machineset.CapacityAnnotations.CAPACITY_MAX_PODS;
import static io.machineapi.controllers.machineset.CapacityAnnotations.CPU;
import static io.machineapi.controllers.machineset.CapacityAnnotations.GPU;
import static io.machineapi.controllers.machineset.CapacityAnnotations.GPU_COUNT;
import static io.machineapi.controllers.machineset.CapacityAnnotations.GPU_TYPE;
import static io.machineapi.controllers.machineset.CapacityAnnotations.LABELS;
import static io.machineapi.controllers.machineset.CapacityAnnotations.MAX_PODS;
import static io.machineapi.controllers.machineset.CapacityAnnotations.MEMORY;
import static io.machineapi.controllers.machineset.CapacityAnnotations.MEMORY_MB;
import static io.machineapi.controllers.machineset.CapacityAnnotations.VCPU;
import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.spi.InstanceCapacity;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CapacityAnnotationsTest {
  private static final InstanceCapacity XLARGE =
      new InstanceCapacity("sim.xlarge", 4, 16384, 0, "", OptionalInt.of(110), "amd64");
  private static final InstanceCapacity GPU_ARM =
      new InstanceCapacity("g.arm", 8, 32768, 2, "nvidia.com/gpu", OptionalInt.empty(), "arm64");

  private static Map<String, String> applied(Map<String, String> current, InstanceCapacity capacity) {
    Map<String, String> after = new HashMap<>(current);
    after.putAll(CapacityAnnotations.changes(current, capacity));
    return after;
  }

  @Test
  void aSetWithoutAnnotationsGetsHintsAutoscalerKeysAndTheArchitecture() {
    assertThat(CapacityAnnotations.changes(null, XLARGE)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry(VCPU, "4"), Map.entry(MEMORY_MB, "16384"), Map.entry(GPU, "0"), Map.entry(MAX_PODS, "110"),
        Map.entry(CPU, "4"), Map.entry(MEMORY, "16384Mi"), Map.entry(GPU_COUNT, "0"), Map.entry(GPU_TYPE, ""),
        Map.entry(CAPACITY_MAX_PODS, "110"), Map.entry(LABELS, "kubernetes.io/arch=amd64")));
  }

  @Test
  void aCurrentSetNeedsNoChange() {
    Map<String, String> current = applied(Map.of("other", "x"), XLARGE);
    assertThat(CapacityAnnotations.changes(current, XLARGE)).isEmpty();
  }

  @Test
  void anotherInstanceTypeReplacesWhatThePlatformWroteKeepsUnknownMaxPodsAlone() {
    Map<String, String> current = applied(Map.of(), XLARGE);
    Map<String, String> changes = CapacityAnnotations.changes(current, GPU_ARM);
    assertThat(changes).containsEntry(VCPU, "8").containsEntry(MEMORY_MB, "32768").containsEntry(GPU, "2")
        .containsEntry(CPU, "8").containsEntry(MEMORY, "32768Mi").containsEntry(GPU_COUNT, "2")
        .containsEntry(GPU_TYPE, "nvidia.com/gpu").containsEntry(LABELS, "kubernetes.io/arch=arm64")
        .doesNotContainKeys(MAX_PODS, CAPACITY_MAX_PODS);
  }

  @Test
  void autoscalerKeysAUserChangedAreKeptWhileTheHintsFollowTheType() {
    Map<String, String> current = applied(Map.of(), XLARGE);
    current.put(CPU, "3500m");
    current.put(GPU_TYPE, "example.com/accelerator");
    Map<String, String> changes = CapacityAnnotations.changes(current, GPU_ARM);
    assertThat(changes).containsEntry(VCPU, "8").containsEntry(MEMORY, "32768Mi").doesNotContainKeys(CPU, GPU_TYPE);
  }

  @Test
  void handWrittenAutoscalerKeysWithoutHintsAreTheUsers() {
    Map<String, String> current = Map.of(CPU, "2", MEMORY, "8Gi");
    Map<String, String> changes = CapacityAnnotations.changes(current, XLARGE);
    assertThat(changes).containsEntry(VCPU, "4").containsEntry(GPU_COUNT, "0").doesNotContainKeys(CPU, MEMORY);
  }

  @Test
  void labelsKeepTheUsersEntriesAndTheArchitectureFollowsTheType() {
    assertThat(CapacityAnnotations.withArchitecture("team=blue, kubernetes.io/arch=amd64", "arm64"))
        .isEqualTo("kubernetes.io/arch=arm64,team=blue");
    assertThat(CapacityAnnotations.withArchitecture("team=blue", "amd64"))
        .isEqualTo("kubernetes.io/arch=amd64,team=blue");
    assertThat(CapacityAnnotations.withArchitecture("team=blue, kubernetes.io/arch=amd64", "amd64"))
        .as("current: kept as written").isEqualTo("team=blue, kubernetes.io/arch=amd64");
    assertThat(CapacityAnnotations.withArchitecture("", "amd64")).isEqualTo("kubernetes.io/arch=amd64");
  }
}
