package io.machineapi.autoscaler.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the autoscaler needs to know about a Node.
 *
 * @param group id of the node group (MachineSet) it belongs to, or null when it belongs to none
 * @param machine namespace/name of its Machine, or null
 * @param readySince when Ready became True (null when not Ready)
 */
public record NodeInfo(
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<Taint> taints,
    Resources allocatable,
    boolean ready,
    Instant readySince,
    boolean unschedulable,
    boolean deleting,
    Instant created,
    String group,
    String machine) {

  public static final String SCALE_DOWN_DISABLED = "cluster-autoscaler.kubernetes.io/scale-down-disabled";
  public static final String TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";

  /** Can take new pods: Ready, not cordoned, not being deleted. */
  public boolean schedulable() {
    return ready && !unschedulable && !deleting
        && taints.stream().noneMatch(t -> TO_BE_DELETED_TAINT.equals(t.key()));
  }
}
