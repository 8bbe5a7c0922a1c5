package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineHealthCheck;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.api.machine.v1beta1.UnhealthyCondition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sandbox's MachineHealthCheck at work, as the README tells an operator to try it: a Node made NotReady with
 * {@code kubectl annotate node … sandbox.machine-api/ready=False} gets its Machine replaced once the timeout has
 * passed, and the set returns to full strength with a new Machine.
 */
class SandboxHealthCheckScenarioIT extends SandboxScenario {
  @Test
  void notReadyNodeIsReplacedAfterItsTimeoutAndNotBefore() {
    await().atMost(Duration.ofSeconds(30)).until(() -> healthyMachines().size() == 3);
    // the demo's timeout is 60 s; shorten it so the test does not wait a minute
    client.resources(MachineHealthCheck.class).inNamespace(NS).withName("sandbox-worker").edit(mhc -> {
      mhc.getSpec().setUnhealthyConditions(List.of(new UnhealthyCondition("Ready", "False", "4s"),
          new UnhealthyCondition("Ready", "Unknown", "4s")));
      return mhc;
    });
    Machine victim = healthyMachines().get(0);
    String node = victim.getStatus().getNodeRef().getName();

    kubectl.ok("annotate", "node", node, "sandbox.machine-api/ready=False");

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofMillis(12000))
        .until(() -> exists(victim.getMetadata().getName()));
    await().atMost(Duration.ofSeconds(30)).until(() -> !exists(victim.getMetadata().getName()));
    await().atMost(Duration.ofSeconds(45)).until(() -> healthyMachines().size() == 3);
    assertThat(healthyMachines()).noneMatch(m -> m.getMetadata().getUid().equals(victim.getMetadata().getUid()));
    assertThat(kubectl.ok("get", "mhc", "sandbox-worker", "-n", NS, "-o", "jsonpath={.status.currentHealthy}"))
        .isEqualTo("3");
    assertThat(client.v1().events().inNamespace(NS).list().getItems())
        .anyMatch(e -> "MachineDeleted".equals(e.getReason()));
  }

  private static boolean exists(String name) {
    Machine m = client.resources(Machine.class).inNamespace(NS).withName(name).get();
    return m != null && m.getMetadata().getDeletionTimestamp() == null;
  }

  private static List<Machine> healthyMachines() {
    return client.resources(Machine.class).inNamespace(NS).list().getItems().stream()
        .filter(m -> m.getMetadata().getDeletionTimestamp() == null && m.getStatus() != null
            && MachinePhases.RUNNING.equals(m.getStatus().getPhase()) && m.getStatus().getNodeRef() != null)
        .filter(m -> {
          Node n = client.nodes().withName(m.getStatus().getNodeRef().getName()).get();
          return n != null && n.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        }).toList();
  }
}
