package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sandbox as a cluster operator meets it: the demo MachineSet comes up, {@code kubectl scale} adds Machines
 * that join as Ready Nodes, and {@code kubectl delete machine} drains the Node (held by a PodDisruptionBudget until
 * it is relaxed) before the instance and the Node go away.
 */
class SandboxLifecycleScenarioIT extends SandboxScenario {
  @Test
  void demoComesUpThenScalesToSixThenADeletedMachineIsDrainedAndGone() {
    await().atMost(Duration.ofSeconds(30)).until(() -> runningWithReadyNode() == 3);

    kubectl.ok("scale", "machineset", "sandbox-worker", "-n", NS, "--replicas=6");
    await().atMost(Duration.ofSeconds(30)).until(() -> runningWithReadyNode() == 6);
    // The MachineSet's counts may lag its Machines by up to a second (count-only status writes are spaced).
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(kubectl.ok("get", "machineset",
        "sandbox-worker", "-n", NS, "-o", "jsonpath={.status.readyReplicas}")).isEqualTo("6"));

    Machine victim = machines().get(0);
    String node = victim.getStatus().getNodeRef().getName();
    client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web")
        .withLabels(Map.of("app", "web")).endMetadata().withNewSpec().withNodeName(node).addNewContainer()
        .withName("web").withImage("nginx").endContainer().endSpec().build()).create();
    client.policy().v1().podDisruptionBudget().inNamespace("default").resource(new PodDisruptionBudgetBuilder()
        .withNewMetadata().withName("web").endMetadata().withNewSpec().withMinAvailable(new IntOrString(1))
        .withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build()).create();
    await().atMost(Duration.ofSeconds(15)).until(() -> "Running".equals(
        client.pods().inNamespace("default").withName("web").get().getStatus().getPhase()));

    kubectl.ok("delete", "machine", victim.getMetadata().getName(), "-n", NS, "--wait=false");

    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Machine m = machine(victim.getMetadata().getName());
      return m != null && MachinePhases.DELETING.equals(m.getStatus().getPhase());
    });
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofMillis(13000)).until(() ->
        machine(victim.getMetadata().getName()) != null
            && client.pods().inNamespace("default").withName("web").get() != null);
    assertThat(client.nodes().withName(node).get().getSpec().getUnschedulable()).as("cordoned").isTrue();

    client.policy().v1().podDisruptionBudget().inNamespace("default").withName("web").edit(pdb -> {
      pdb.getSpec().setMinAvailable(new IntOrString(0));
      return pdb;
    });

    await().atMost(Duration.ofSeconds(60)).until(() -> machine(victim.getMetadata().getName()) == null);
    assertThat(client.nodes().withName(node).get()).isNull();
    assertThat(client.pods().inNamespace("default").withName("web").get()).isNull();
    assertThat(sandbox.sim().orElseThrow().callCounts().deletes()).isGreaterThanOrEqualTo(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> runningWithReadyNode() == 6);
  }

  private static Machine machine(String name) {
    return client.resources(Machine.class).inNamespace(NS).withName(name).get();
  }

  private static List<Machine> machines() {
    return client.resources(Machine.class).inNamespace(NS).list().getItems();
  }

  private static long runningWithReadyNode() {
    return SandboxMachines.runningWithReadyNode(client, machines());
  }

}
