package io.machineapi.sandbox.scheduler;

import io.machineapi.autoscaler.core.NodeInfo;
import io.machineapi.autoscaler.core.PodInfo;
import io.machineapi.autoscaler.core.PodShape;
import io.machineapi.autoscaler.core.Resources;
import io.machineapi.autoscaler.core.SchedulingPredicates;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Sandbox only: where kube-scheduler would put one pod, with the filters the autoscaler simulates (the same code,
 * so the sandbox's scheduler and autoscaler agree): Ready and not cordoned, node selector and required node
 * affinity, taints and tolerations, cpu/memory/GPU/ephemeral-storage/pod count, host ports; among the Nodes left,
 * the least allocated (then by name). Pure: Nodes and their usage in, a Node name or kube-scheduler's message out.
 */
public final class PodPlacement {
  private PodPlacement() {}

  /** @param node the chosen Node, or null; {@code message} then says why none fits, as kube-scheduler does */
  public record Result(String node, String message) {}

  public static Result place(PodInfo pod, List<NodeInfo> nodes, Map<String, Resources> used,
      Map<String, Set<Integer>> ports) {
    PodShape shape = PodShape.of(pod);
    Map<String, Integer> reasons = new TreeMap<>();
    String best = null;
    double bestScore = Double.MAX_VALUE;
    for (NodeInfo n : nodes) {
      String why = reject(n, shape, used.getOrDefault(n.name(), Resources.ZERO), ports.getOrDefault(n.name(),
          Set.of()));
      if (why != null) {
        reasons.merge(why, 1, Integer::sum);
        continue;
      }
      Resources after = used.getOrDefault(n.name(), Resources.ZERO).plus(pod.requests());
      double score = Math.max(share(after.cpuMilli(), n.allocatable().cpuMilli()),
          share(after.memoryBytes(), n.allocatable().memoryBytes()));
      if (score < bestScore || (score == bestScore && n.name().compareTo(best) < 0)) {
        best = n.name();
        bestScore = score;
      }
    }
    if (best != null) {
      return new Result(best, null);
    }
    StringBuilder msg = new StringBuilder("0/").append(nodes.size()).append(" nodes are available");
    if (!reasons.isEmpty()) {
      msg.append(": ");
      reasons.forEach((r, c) -> msg.append(c).append(' ').append(r).append(", "));
      msg.setLength(msg.length() - 2);
    }
    return new Result(null, msg.append('.').toString());
  }

  private static String reject(NodeInfo n, PodShape shape, Resources used, Set<Integer> ports) {
    if (n.deleting()) {
      return "node(s) were being deleted";
    }
    if (!n.ready()) {
      return "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
    }
    if (n.unschedulable()) {
      return "node(s) were unschedulable";
    }
    String mismatch = SchedulingPredicates.labelsOrTaintsMismatch(shape, n.labels(), n.taints());
    if (mismatch != null) {
      return mismatch.replaceAll(" \\(.*\\)$", "");
    }
    Resources free = n.allocatable().minus(used);
    String shortfall = free.firstShortfall(shape.requests());
    if (shortfall != null) {
      return "pods".equals(shortfall) ? "Too many pods" : "Insufficient " + shortfall;
    }
    for (Integer p : shape.hostPorts()) {
      if (ports.contains(p)) {
        return "node(s) didn't have free ports for the requested pod ports";
      }
    }
    return null;
  }

  private static double share(long used, long allocatable) {
    return allocatable <= 0 ? 1 : (double) used / allocatable;
  }
}
