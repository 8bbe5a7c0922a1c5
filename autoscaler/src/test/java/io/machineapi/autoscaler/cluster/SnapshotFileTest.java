package io.machineapi.autoscaler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.api.autoscaling.v1beta1.AutoscalerAnnotations;
import io.machineapi.autoscaler.core.Autoscaler;
import io.machineapi.autoscaler.core.AutoscalerState;
import io.machineapi.autoscaler.core.ClusterSnapshot;
import io.machineapi.autoscaler.core.Decision;
import io.machineapi.autoscaler.core.NodeGroup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotFileTest {
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  private static SnapshotFile.Parsed parsed() throws Exception {
    try (var in = SnapshotFileTest.class.getResourceAsStream("/snapshot.yaml")) {
      return SnapshotFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void readsAKubectlListIntoTheSnapshot() throws Exception {
    SnapshotFile.Parsed p = parsed();
    assertThat(p.objects().nodes()).hasSize(1);
    assertThat(p.objects().pods()).hasSize(3);
    assertThat(p.objects().machineSets()).hasSize(2);
    assertThat(p.objects().budgets()).hasSize(1);
    assertThat(p.objects().defaultAutoscaler()).isNotNull();

    ClusterSnapshot snap = SnapshotReader.read(p.objects());
    // No Machines in the dump: the node's machine annotation is matched to the MachineSet by name prefix.
    assertThat(snap.nodes()).singleElement().satisfies(n -> {
      assertThat(n.group()).isEqualTo(NodeGroup.id("openshift-machine-api", "workers"));
      assertThat(n.allocatable().cpuMilli()).isEqualTo(4000);
      assertThat(n.allocatable().memoryBytes()).isEqualTo(16L << 30);
      assertThat(n.ready()).isTrue();
    });
    assertThat(snap.pods()).filteredOn(x -> x.name().equals("gpu-job")).singleElement().satisfies(x -> {
      assertThat(x.requests().gpus()).as("limit used as request").isEqualTo(1);
      assertThat(x.unschedulable()).isTrue();
    });
    assertThat(snap.groups()).filteredOn(g -> g.name().equals("workers")).singleElement().satisfies(g -> {
      assertThat(g.min()).isEqualTo(1);
      assertThat(g.max()).isEqualTo(5);
      assertThat(g.autoscaled()).isTrue();
    });

    SettingsReader.Result settings = SettingsReader.read(p.objects().defaultAutoscaler(), null);
    assertThat(settings.problems()).isEmpty();
    assertThat(settings.settings().scaleDownUnneededTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.settings().maxNodeProvisionTime()).isEqualTo(Duration.ofMinutes(5));

    Decision d = Autoscaler.decide(snap, AutoscalerState.EMPTY, settings.settings(), NOW, new Random(1));
    assertThat(d.sizeChanges()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("workers");
      assertThat(c.to()).isEqualTo(2);
    });
    String report = DecisionReport.render(d, settings.settings(), settings.problems(), true);
    assertThat(report).contains("MachineSet/openshift-machine-api/workers 1 -> 2")
        .contains("default/gpu-job")
        .contains("MachineSet/openshift-machine-api/gpu: no node template: capacity unknown");
  }

  @Test
  void scaleFromZeroAnnotationsAndBadAnnotationsAreRead() throws Exception {
    SnapshotFile.Parsed p = parsed();
    var gpu = p.objects().machineSets().stream().filter(s -> s.getMetadata().getName().equals("gpu")).findFirst()
        .orElseThrow();
    gpu.getMetadata().getAnnotations().put("machine.openshift.io/vCPU", "8");
    gpu.getMetadata().getAnnotations().put("capacity.cluster-autoscaler.kubernetes.io/memory", "32Gi");
    gpu.getMetadata().getAnnotations().put("capacity.cluster-autoscaler.kubernetes.io/gpu-count", "1");
    gpu.getMetadata().getAnnotations().put("capacity.cluster-autoscaler.kubernetes.io/taints",
        "nvidia.com/gpu=present:NoSchedule");
    NodeGroup g = MachineSetGroups.group(gpu, java.util.List.of());
    assertThat(g.scaleFromZero()).hasValueSatisfying(z -> {
      assertThat(z.capacity().cpuMilli()).isEqualTo(8000);
      assertThat(z.capacity().memoryBytes()).isEqualTo(32L << 30);
      assertThat(z.capacity().gpus()).isEqualTo(1);
      assertThat(z.capacity().pods()).isEqualTo(110);
      assertThat(z.taints()).singleElement().satisfies(t -> {
        assertThat(t.key()).isEqualTo("nvidia.com/gpu");
        assertThat(t.value()).isEqualTo("present");
        assertThat(t.effect()).isEqualTo("NoSchedule");
      });
    });

    gpu.getMetadata().getAnnotations().put(AutoscalerAnnotations.MAX, "lots");
    NodeGroup bad = MachineSetGroups.group(gpu, java.util.List.of());
    assertThat(bad.autoscaled()).isFalse();
    assertThat(bad.invalid()).contains("is not an integer (\"lots\")");
  }
}
