package io.machineapi.autoscaler.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the autoscaler needs to know about a pod.
 *
 * @param nodeName the node it is bound to, or null
 * @param unschedulable PodScheduled=False with reason Unschedulable (and no nominated node)
 * @param controllerKind kind of its controller owner (ReplicaSet, StatefulSet, DaemonSet, Job, ...), or null
 * @param localVolumes names of its hostPath volumes and emptyDir volumes not backed by memory
 */
public record PodInfo(
    String namespace,
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    Resources requests,
    Map<String, String> nodeSelector,
    List<List<NodeSelectorRequirement>> requiredAffinity,
    List<Toleration> tolerations,
    Set<Integer> hostPorts,
    int priority,
    Instant created,
    String nodeName,
    boolean unschedulable,
    boolean terminal,
    boolean deleting,
    String controllerKind,
    String controllerName,
    boolean mirror,
    List<String> localVolumes) {

  public static final String SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";
  public static final String SAFE_TO_EVICT_LOCAL_VOLUMES = "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes";

  public String key() {
    return namespace + "/" + name;
  }

  public boolean daemonSet() {
    return "DaemonSet".equals(controllerKind);
  }

  /** Still holds resources on its node (not finished). */
  public boolean active() {
    return !terminal;
  }
}
