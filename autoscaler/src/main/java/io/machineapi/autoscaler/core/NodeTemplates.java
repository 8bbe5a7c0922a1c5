package io.machineapi.autoscaler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a new node of each group will look like. Preference: a Ready, schedulable node of the group that has been
 * Ready for a minute; else the scale-from-zero annotations; else (last resort) any node of the group. Overhead of
 * DaemonSet pods is subtracted: from the pods on the sample node, or for a template from annotations, one pod of each
 * DaemonSet seen in the cluster that would run on it.
 */
public final class NodeTemplates {
  static final Duration STABLE_FOR = Duration.ofMinutes(1);
  static final String HOSTNAME = "kubernetes.io/hostname";

  private NodeTemplates() {}

  /** A template per group id, or a reason why the group has none. */
  public record Result(Map<String, NodeTemplate> templates, Map<String, String> missing) {}

  static Result build(ClusterView view, Instant now) {
    Map<String, List<PodInfo>> podsByNode = view.podsByNode;
    Map<String, PodInfo> daemonSetSamples = new LinkedHashMap<>();
    for (PodInfo p : view.snapshot.pods()) {
      if (p.daemonSet() && p.active()) {
        daemonSetSamples.putIfAbsent(p.namespace() + "/" + p.controllerName(), p);
      }
    }
    Map<String, NodeTemplate> templates = new HashMap<>();
    Map<String, String> missing = new HashMap<>();
    for (NodeGroup g : view.snapshot.groups()) {
      List<NodeInfo> nodes = view.nodes(g.id());
      Optional<NodeTemplate> t = fromStableNode(nodes, podsByNode, now)
          .or(() -> fromAnnotations(g, daemonSetSamples.values()))
          .or(() -> nodes.isEmpty() ? Optional.empty() : Optional.of(fromNode(nodes.get(0), podsByNode)));
      if (t.isPresent()) {
        templates.put(g.id(), t.get());
      } else {
        missing.put(g.id(), "no node template: capacity unknown (the MachineSet has no Node and no scale-from-zero "
            + "annotations capacity.cluster-autoscaler.kubernetes.io/cpu and /memory, or machine.openshift.io/vCPU "
            + "and /memoryMb)");
      }
    }
    return new Result(templates, missing);
  }

  private static Optional<NodeTemplate> fromStableNode(List<NodeInfo> nodes, Map<String, List<PodInfo>> podsByNode,
      Instant now) {
    return nodes.stream()
        .filter(NodeInfo::schedulable)
        .filter(n -> n.readySince() != null && !n.readySince().plus(STABLE_FOR).isAfter(now))
        .findFirst()
        .map(n -> fromNode(n, podsByNode));
  }

  private static NodeTemplate fromNode(NodeInfo node, Map<String, List<PodInfo>> podsByNode) {
    Resources overhead = Resources.ZERO;
    for (PodInfo p : podsByNode.getOrDefault(node.name(), List.of())) {
      if (p.active() && (p.daemonSet() || p.mirror())) {
        overhead = overhead.plus(p.requests());
      }
    }
    Map<String, String> labels = new HashMap<>(node.labels());
    labels.remove(HOSTNAME);
    List<Taint> taints = node.taints().stream().filter(t -> !transientTaint(t)).toList();
    return new NodeTemplate(node.allocatable(), overhead, Map.copyOf(labels), taints, "node " + node.name());
  }

  /** Taints a real node carries only for a while: they are not part of what a new node looks like. */
  static boolean transientTaint(Taint t) {
    String k = t.key();
    return NodeInfo.TO_BE_DELETED_TAINT.equals(k) || "DeletionCandidateOfClusterAutoscaler".equals(k)
        || k.startsWith("node.kubernetes.io/") || k.startsWith("node.cloudprovider.kubernetes.io/")
        || k.startsWith("startup-taint.cluster-autoscaler.kubernetes.io/")
        || k.startsWith("status-taint.cluster-autoscaler.kubernetes.io/")
        || k.startsWith("ignore-taint.cluster-autoscaler.kubernetes.io/");
  }

  private static Optional<NodeTemplate> fromAnnotations(NodeGroup g, Iterable<PodInfo> daemonSets) {
    if (g.scaleFromZero().isEmpty()) {
      return Optional.empty();
    }
    NodeGroup.ScaleFromZero z = g.scaleFromZero().get();
    Map<String, String> labels = new HashMap<>();
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.putAll(g.templateLabels());
    labels.putAll(z.labels());
    List<Taint> taints = new ArrayList<>(g.templateTaints());
    taints.addAll(z.taints());
    Resources overhead = Resources.ZERO;
    for (PodInfo ds : daemonSets) {
      if (SchedulingPredicates.labelsOrTaintsMismatch(PodShape.of(ds), labels, taints) == null) {
        overhead = overhead.plus(ds.requests());
      }
    }
    return Optional.of(new NodeTemplate(z.capacity(), overhead, Map.copyOf(labels), List.copyOf(taints),
        "scale-from-zero annotations"));
  }
}
