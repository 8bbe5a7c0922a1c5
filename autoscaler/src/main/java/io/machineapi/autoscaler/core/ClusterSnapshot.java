package io.machineapi.autoscaler.core;

import java.util.List;

/** Everything one autoscaler pass decides from: read once, not changed by the core. */
public record ClusterSnapshot(List<NodeInfo> nodes, List<PodInfo> pods, List<DisruptionBudget> budgets,
    List<NodeGroup> groups) {}
