package io.machineapi.autoscaler.core;

import java.util.List;
import java.util.Map;

/**
 * The scheduler's filters the autoscaler simulates: node selector, required node affinity, taints and tolerations
 * (the label/taint part, the same for every node of a class), then resources and host ports (per node).
 */
public final class SchedulingPredicates {
  private SchedulingPredicates() {}

  /** Why a pod of this shape cannot go onto a node with these labels and taints, or null when it can. */
  public static String labelsOrTaintsMismatch(PodShape shape, Map<String, String> labels, List<Taint> taints) {
    for (Map.Entry<String, String> e : shape.nodeSelector().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return "node(s) didn't match Pod's node selector (" + e.getKey() + "=" + e.getValue() + ")";
      }
    }
    if (!NodeSelectorRequirement.anyTermMatches(shape.requiredAffinity(), labels)) {
      return "node(s) didn't match Pod's node affinity";
    }
    for (Taint taint : taints) {
      if (taint.blocksScheduling() && !tolerated(taint, shape.tolerations())) {
        return "node(s) had untolerated taint {" + taint + "}";
      }
    }
    return null;
  }

  static boolean tolerated(Taint taint, List<Toleration> tolerations) {
    for (Toleration t : tolerations) {
      if (t.tolerates(taint)) {
        return true;
      }
    }
    return false;
  }

  /** Why a pod of this shape can never fit an empty node with this much free room, or null when it can. */
  public static String tooLarge(PodShape shape, Resources free) {
    String resource = free.firstShortfall(shape.requests());
    return resource == null ? null : "Insufficient " + resource + " (pod requests " + shape.requests()
        + ", a new node offers " + free + ")";
  }
}
