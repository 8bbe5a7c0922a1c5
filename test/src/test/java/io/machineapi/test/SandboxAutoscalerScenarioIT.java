package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.autoscaling.v1beta1.AutoscalerAnnotations;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's autoscaler walk-through in the sandbox: apply the MachineAutoscaler, create 20 pods of 1 CPU, watch the
 * set grow until every pod runs; delete them and watch it shrink to the MachineAutoscaler's min. The demo's
 * ClusterAutoscaler timings (30 s) are shortened so the test does not wait a minute.
 */
class SandboxAutoscalerScenarioIT extends SandboxScenario {
  private static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples"));

  @Test
  void pendingPodsGrowTheSetAndIdleNodesShrinkItToMin() {
    await().atMost(Duration.ofSeconds(30)).until(() -> readyReplicas() == 3);
    client.resources(ClusterAutoscaler.class).withName("default").edit(ca -> {
      ca.getSpec().getScaleDown().setUnneededTime("5s");
      ca.getSpec().getScaleDown().setDelayAfterAdd("5s");
      return ca;
    });
    kubectl.ok("apply", "-f", EXAMPLES.resolve("sandbox-machineautoscaler.yaml").toString());
    await().atMost(Duration.ofSeconds(15)).until(() -> "10".equals(set().getMetadata().getAnnotations()
        .get(AutoscalerAnnotations.MAX)));

    // --validate=false: the embedded API serves OpenAPI schemas for the Machine API types, not for core Pods.
    kubectl.ok("apply", "-f", EXAMPLES.resolve("sandbox-pods.yaml").toString());
    // A worker has 3.5 CPU allocatable: 9 pods fit the 3 workers, the scheduler stand-in marks 11 Unschedulable, the
    // autoscaler adds 4 Machines (3 + 3 + 3 + 2 pods).
    await().atMost(Duration.ofSeconds(60)).until(() -> runningPods() == 20);
    assertThat(set().getSpec().getReplicas()).as(() -> "events: " + client.v1().events().inAnyNamespace().list()
        .getItems().stream().filter(e -> e.getReason().contains("Scale"))
        .map(e -> e.getReason() + " " + e.getMessage()).distinct().toList()).isEqualTo(7);
    assertThat(client.v1().events().inNamespace("default").list().getItems())
        .anyMatch(e -> "TriggeredScaleUp".equals(e.getReason()) && e.getMessage().contains("sandbox-worker 3->"));
    ClusterAutoscaler ca = client.resources(ClusterAutoscaler.class).withName("default").get();
    assertThat(ca.getStatus().getLastScaleUpTime()).isNotNull();
    assertThat(ca.getStatus().getNodeGroups()).anySatisfy(g -> {
      assertThat(g.getName()).isEqualTo("sandbox-worker");
      assertThat(g.getAutoscaled()).isTrue();
      assertThat(g.getMaxSize()).isEqualTo(10);
    });

    kubectl.ok("delete", "pods", "-n", "default", "-l", "app=web", "--wait=false");
    await().atMost(Duration.ofSeconds(90)).until(() -> set().getSpec().getReplicas() == 1 && readyReplicas() == 1);
    assertThat(client.v1().events().inAnyNamespace().list().getItems())
        .anyMatch(e -> "ScaleDown".equals(e.getReason()));
    // Never below the MachineAutoscaler's min, however idle the last node is.
    await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20))
        .until(() -> set().getSpec().getReplicas() == 1);
  }

  private static MachineSet set() {
    return client.resources(MachineSet.class).inNamespace(NS).withName("sandbox-worker").get();
  }

  private static int readyReplicas() {
    MachineSet s = set();
    return s.getStatus() == null || s.getStatus().getReadyReplicas() == null ? 0 : s.getStatus().getReadyReplicas();
  }

  private static long runningPods() {
    List<Pod> pods = client.pods().inNamespace("default").withLabel("app", "web").list().getItems();
    return pods.stream().filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).count();
  }
}
