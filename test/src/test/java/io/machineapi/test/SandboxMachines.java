package io.machineapi.test;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import java.util.List;

/** What the scenarios ask about the sandbox's Machines. */
final class SandboxMachines {
  private SandboxMachines() {}

  /** The Machines of MachineSet {@code set} (by the label every MachineSet puts on its Machines). */
  static List<Machine> of(KubernetesClient client, String namespace, String set) {
    return client.resources(Machine.class).inNamespace(namespace)
        .withLabel("machine.openshift.io/cluster-api-machineset", set).list().getItems();
  }

  /** How many of {@code machines} are Running with a Ready Node. */
  static long runningWithReadyNode(KubernetesClient client, List<Machine> machines) {
    return machines.stream()
        .filter(m -> m.getStatus() != null && MachinePhases.RUNNING.equals(m.getStatus().getPhase())
            && m.getStatus().getNodeRef() != null)
        .filter(m -> {
          Node node = client.nodes().withName(m.getStatus().getNodeRef().getName()).get();
          return node != null && node.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        }).count();
  }
}
