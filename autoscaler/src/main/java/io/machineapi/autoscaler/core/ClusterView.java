package io.machineapi.autoscaler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The snapshot indexed once per pass: pods by node with their summed requests and host ports, nodes by group, groups
 * by id, readiness counts.
 */
final class ClusterView {
  final ClusterSnapshot snapshot;
  final Map<String, List<PodInfo>> podsByNode = new HashMap<>();
  final Map<String, NodeGroup> groups = new LinkedHashMap<>();
  final Map<String, List<NodeInfo>> nodesByGroup = new HashMap<>();
  private final Map<String, Resources> requested = new HashMap<>();
  private final Map<String, Resources> requestedWithoutDaemonSets = new HashMap<>();
  private final Map<String, Set<Integer>> hostPorts = new HashMap<>();

  ClusterView(ClusterSnapshot snapshot) {
    this.snapshot = snapshot;
    for (PodInfo p : snapshot.pods()) {
      if (p.nodeName() != null && p.active()) {
        podsByNode.computeIfAbsent(p.nodeName(), k -> new ArrayList<>()).add(p);
        requested.merge(p.nodeName(), p.requests(), Resources::plus);
        if (!p.daemonSet()) {
          requestedWithoutDaemonSets.merge(p.nodeName(), p.requests(), Resources::plus);
        }
        if (!p.hostPorts().isEmpty()) {
          hostPorts.computeIfAbsent(p.nodeName(), k -> new HashSet<>()).addAll(p.hostPorts());
        }
      }
    }
    for (NodeGroup g : snapshot.groups()) {
      groups.put(g.id(), g);
    }
    for (NodeInfo n : snapshot.nodes()) {
      if (n.group() != null) {
        nodesByGroup.computeIfAbsent(n.group(), k -> new ArrayList<>()).add(n);
      }
    }
  }

  List<NodeInfo> nodes(String group) {
    return nodesByGroup.getOrDefault(group, List.of());
  }

  /** Nodes of the group that exist and are not being deleted. */
  int registered(String group) {
    int n = 0;
    for (NodeInfo node : nodes(group)) {
      if (!node.deleting()) {
        n++;
      }
    }
    return n;
  }

  int ready(String group) {
    int n = 0;
    for (NodeInfo node : nodes(group)) {
      if (!node.deleting() && node.ready()) {
        n++;
      }
    }
    return n;
  }

  /**
   * Nodes requested but not yet usable — the target minus the nodes that are Ready or have been unready for
   * longer than the provision time (those are broken, not on their way). A registered node that is still starting
   * is counted as upcoming, so its capacity is not requested twice.
   */
  int upcoming(NodeGroup g, int target, AutoscalerSettings s, Instant now) {
    Instant startedBefore = now.minus(g.options().maxNodeProvisionTime().orElse(s.maxNodeProvisionTime()));
    int counted = 0;
    for (NodeInfo node : nodes(g.id())) {
      if (!node.deleting() && (node.ready() || (node.created() != null && node.created().isBefore(startedBefore)))) {
        counted++;
      }
    }
    return Math.max(0, target - counted);
  }

  /** Σ requests of the active pods on a node (DaemonSet pods left out when {@code withoutDaemonSets}). */
  Resources requested(String node, boolean withoutDaemonSets) {
    return (withoutDaemonSets ? requestedWithoutDaemonSets : requested).getOrDefault(node, Resources.ZERO);
  }

  /** Host ports taken on a node (a copy the caller may change), or null when none are. */
  Set<Integer> hostPorts(String node) {
    Set<Integer> ports = hostPorts.get(node);
    return ports == null ? null : new HashSet<>(ports);
  }
}
