package io.machineapi.autoscaler.core;

import java.util.Collection;

/**
 * The resource limits of the ClusterAutoscaler: max nodes total, cores and memory (max for scale-up, min for
 * scale-down) and GPUs. Usage counts registered nodes plus upcoming ones; the tracker is charged as options are
 * taken so several scale-ups in one pass share the headroom.
 */
final class ClusterLimits {
  private static final long GIB = 1L << 30;
  private final AutoscalerSettings s;
  private long nodes;
  private long cpuMilli;
  private long memory;
  private long gpus;

  ClusterLimits(AutoscalerSettings s, Collection<NodeInfo> registered, long upcomingNodes, Resources upcoming) {
    this.s = s;
    for (NodeInfo n : registered) {
      nodes++;
      cpuMilli += n.allocatable().cpuMilli();
      memory += n.allocatable().memoryBytes();
      gpus += n.allocatable().gpus();
    }
    nodes += upcomingNodes;
    cpuMilli += upcoming.cpuMilli();
    memory += upcoming.memoryBytes();
    gpus += upcoming.gpus();
  }

  /** How many more nodes of this size the limits allow, and (when 0) which limit stops it. */
  record Headroom(long nodes, String limitedBy) {}

  Headroom headroom(Resources node) {
    long n = Long.MAX_VALUE;
    String by = null;
    if (s.maxNodesTotal().isPresent()) {
      long left = s.maxNodesTotal().get() - nodes;
      if (left < n) {
        n = left;
        by = "max nodes total (" + s.maxNodesTotal().get() + ") reached";
      }
    }
    if (node.cpuMilli() > 0) {
      long left = (s.coresMax() * 1000 - cpuMilli) / node.cpuMilli();
      if (left < n) {
        n = left;
        by = "max cluster cores (" + s.coresMax() + ") reached";
      }
    }
    if (node.memoryBytes() > 0) {
      long left = (s.memoryMaxGiB() * GIB - memory) / node.memoryBytes();
      if (left < n) {
        n = left;
        by = "max cluster memory (" + s.memoryMaxGiB() + " GiB) reached";
      }
    }
    if (node.gpus() > 0 && !s.gpuMax().isEmpty()) {
      long max = s.gpuMax().values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
      long left = (max - gpus) / node.gpus();
      if (left < n) {
        n = left;
        by = "max cluster GPUs (" + max + ") reached";
      }
    }
    return new Headroom(Math.max(0, n), n <= 0 ? by : null);
  }

  void charge(Resources node, long count) {
    nodes += count;
    cpuMilli += node.cpuMilli() * count;
    memory += node.memoryBytes() * count;
    gpus += node.gpus() * count;
  }

  /** Whether removing a node of this size keeps the cluster at or above the minimum cores and memory. */
  boolean mayRemove(Resources node) {
    return cpuMilli - node.cpuMilli() >= s.coresMin() * 1000 && memory - node.memoryBytes() >= s.memoryMinGiB() * GIB;
  }

  void release(Resources node) {
    nodes--;
    cpuMilli -= node.cpuMilli();
    memory -= node.memoryBytes();
    gpus -= node.gpus();
  }
}
