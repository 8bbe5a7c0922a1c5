package io.machineapi.autoscaler.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.util.List;

/**
 * The Kubernetes objects one autoscaler pass reads — from the live API ({@link LiveCluster}) or from a file
 * ({@link SnapshotFile}) — before {@link SnapshotReader} turns them into the core's snapshot.
 *
 * @param priorityConfig the {@code cluster-autoscaler-priority-expander} ConfigMap, or null
 */
public record ClusterObjects(List<Node> nodes, List<Pod> pods, List<PodDisruptionBudget> budgets,
    List<MachineSet> machineSets, List<Machine> machines, List<ClusterAutoscaler> clusterAutoscalers,
    ConfigMap priorityConfig) {

  /** The singleton ClusterAutoscaler {@code default}, or null when it does not exist (the autoscaler then idles). */
  public ClusterAutoscaler defaultAutoscaler() {
    return clusterAutoscalers.stream()
        .filter(ca -> ClusterAutoscaler.SINGLETON_NAME.equals(ca.getMetadata().getName()))
        .findFirst().orElse(null);
  }
}
