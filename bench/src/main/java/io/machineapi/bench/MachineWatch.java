package io.machineapi.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Machines and Nodes of a namespace as informers see them. Watches rather than lists: polling 1000 Machines and
 * Nodes would load the API being measured.
 */
final class MachineWatch implements AutoCloseable {
  private final SharedIndexInformer<Machine> machines;
  private final SharedIndexInformer<Node> nodes;

  MachineWatch(KubernetesClient client, String namespace) {
    machines = client.resources(Machine.class).inNamespace(namespace).inform();
    nodes = client.nodes().inform();
  }

  int machines() {
    return machines.getStore().list().size();
  }

  /** Machines in phase Running whose linked Node is Ready. */
  int runningWithReadyNode() {
    Map<String, Node> byName = nodes.getStore().list().stream()
        .collect(Collectors.toMap(n -> n.getMetadata().getName(), Function.identity()));
    int count = 0;
    for (Machine m : machines.getStore().list()) {
      if (m.getStatus() == null || !MachinePhases.RUNNING.equals(m.getStatus().getPhase())
          || m.getStatus().getNodeRef() == null) {
        continue;
      }
      Node node = byName.get(m.getStatus().getNodeRef().getName());
      if (node != null && node.getStatus() != null && node.getStatus().getConditions() != null
          && node.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
        count++;
      }
    }
    return count;
  }

  @Override
  public void close() {
    machines.close();
    nodes.close();
  }
}
