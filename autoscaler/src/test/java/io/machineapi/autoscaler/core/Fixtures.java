package io.machineapi.autoscaler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Small builders for snapshots: groups, nodes, pods. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  static final long GI = 1L << 30;
  static final String NS = "openshift-machine-api";

  private Fixtures() {}

  static Resources cap(long cores, long memGi) {
    return new Resources(cores * 1000, memGi * GI, 0, 100 * GI, 110);
  }

  static Resources gpuCap(long cores, long memGi, long gpus) {
    return new Resources(cores * 1000, memGi * GI, gpus, 100 * GI, 110);
  }

  static Resources req(long milli, long memMi) {
    return new Resources(milli, memMi << 20, 0, 0, 1);
  }

  /** A group (MachineSet) whose capacity comes from scale-from-zero annotations. */
  static NodeGroup group(String name, int min, int max, int target, Resources capacity) {
    return group(name, min, max, target, capacity, Map.of(), List.of());
  }

  static NodeGroup group(String name, int min, int max, int target, Resources capacity, Map<String, String> labels,
      List<Taint> taints) {
    return new NodeGroup(NodeGroup.id(NS, name), NS, name, min, max, target, labels, taints,
        capacity == null ? Optional.empty() : Optional.of(new NodeGroup.ScaleFromZero(capacity, Map.of(), List.of())),
        NodeGroup.GroupOptions.NONE, List.of(), null);
  }

  static NodeGroup withMachines(NodeGroup g, List<GroupMachine> machines) {
    return new NodeGroup(g.id(), g.namespace(), g.name(), g.min(), g.max(), g.targetSize(), g.templateLabels(),
        g.templateTaints(), g.scaleFromZero(), g.options(), machines, g.invalid());
  }

  /** A Ready node of a group, Ready for an hour, with its Machine named after it. */
  static NodeInfo node(String name, NodeGroup g, Resources allocatable) {
    Map<String, String> labels = new HashMap<>(g == null ? Map.of() : g.templateLabels());
    labels.put("kubernetes.io/hostname", name);
    return new NodeInfo(name, labels, Map.of(), g == null ? List.of() : g.templateTaints(), allocatable, true,
        NOW.minusSeconds(3600), false, false, NOW.minusSeconds(3600), g == null ? null : g.id(),
        g == null ? null : NS + "/" + name);
  }

  static NodeInfo withAnnotations(NodeInfo n, Map<String, String> annotations) {
    return new NodeInfo(n.name(), n.labels(), annotations, n.taints(), n.allocatable(), n.ready(), n.readySince(),
        n.unschedulable(), n.deleting(), n.created(), n.group(), n.machine());
  }

  static PodInfo pending(String name, Resources requests) {
    return pod(name, requests, null, true, Map.of(), List.of(), "ReplicaSet");
  }

  static PodInfo pending(String name, Resources requests, Map<String, String> selector, List<Toleration> tolerations) {
    return pod(name, requests, null, true, selector, tolerations, "ReplicaSet");
  }

  static PodInfo running(String name, Resources requests, String node) {
    return pod(name, requests, node, false, Map.of(), List.of(), "ReplicaSet");
  }

  static PodInfo pod(String name, Resources requests, String node, boolean unschedulable, Map<String, String> selector,
      List<Toleration> tolerations, String controllerKind) {
    return new PodInfo("default", name, Map.of("app", "web"), Map.of(), requests, selector, List.of(), tolerations,
        Set.of(), 0, NOW.minusSeconds(60), node, unschedulable, false, false, controllerKind,
        controllerKind == null ? null : "web", false, List.of());
  }

  static List<PodInfo> pendingPods(String prefix, int n, Resources requests) {
    List<PodInfo> pods = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pods.add(pending(prefix + "-" + i, requests));
    }
    return pods;
  }

  static ClusterSnapshot snapshot(List<NodeInfo> nodes, List<PodInfo> pods, List<NodeGroup> groups) {
    return new ClusterSnapshot(nodes, pods, List.of(), groups);
  }
}
