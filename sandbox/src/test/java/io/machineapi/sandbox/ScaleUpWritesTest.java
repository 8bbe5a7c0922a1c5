package io.machineapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.apiserver.RequestStats;
import io.machineapi.sandbox.nodes.NodeEmulatorSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins what scaling up costs the API server (issue 3, item 8): the demo MachineSet's Machines reach Running with
 * Ready Nodes in at most 10 writes per Machine to Machines and Nodes, status included, Events excluded.
 */
class ScaleUpWritesTest {
  private static final int MAX_WRITES_PER_MACHINE = 10;

  @Test
  void theDemoMachinesRunWithReadyNodesInAtMostTenWritesEach() {
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withDemo(true)
        .withNodes(NodeEmulatorSettings.DEFAULTS.withRegisterDelay(Duration.ofMillis(200))));
        KubernetesClient client = sandbox.client()) {
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        List<Machine> machines = client.resources(Machine.class).inNamespace(Sandbox.MACHINE_API_NAMESPACE).list()
            .getItems();
        assertThat(machines).hasSize(3).allSatisfy(m -> {
          assertThat(m.getStatus().getPhase()).isEqualTo(MachinePhases.RUNNING);
          Node node = client.nodes().withName(m.getStatus().getNodeRef().getName()).get();
          assertThat(node.getStatus().getConditions())
              .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
        });
      });
      RequestStats stats = sandbox.requestStats();
      long writes = stats.writes("machines") + stats.writes("nodes");
      assertThat(writes).as("writes to Machines and Nodes for 3 Machines: %s", stats.snapshot())
          .isLessThanOrEqualTo(3L * MAX_WRITES_PER_MACHINE);
    }
  }
}
