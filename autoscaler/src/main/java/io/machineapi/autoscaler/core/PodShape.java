package io.machineapi.autoscaler.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scheduling-relevant part of a pod. Pods with equal shapes are interchangeable for every predicate, so
 * predicates run once per shape and packing places them by count — 20,000 pending pods of 50 shapes cost 50
 * predicate checks per node class, not 20,000.
 */
public record PodShape(Resources requests, Map<String, String> nodeSelector,
    List<List<NodeSelectorRequirement>> requiredAffinity, List<Toleration> tolerations, Set<Integer> hostPorts,
    int priority) {

  public static PodShape of(PodInfo pod) {
    return new PodShape(pod.requests(), pod.nodeSelector(), pod.requiredAffinity(), pod.tolerations(),
        pod.hostPorts(), pod.priority());
  }

  /** Pods grouped by shape, in first-seen order. */
  public static Map<PodShape, List<PodInfo>> group(List<PodInfo> pods) {
    Map<PodShape, List<PodInfo>> shapes = new LinkedHashMap<>();
    for (PodInfo pod : pods) {
      shapes.computeIfAbsent(of(pod), k -> new ArrayList<>()).add(pod);
    }
    return shapes;
  }

  /** The binpacking order: the bigger a pod relative to the node, the earlier it is placed. */
  public double score(Resources node) {
    double cpu = node.cpuMilli() == 0 ? 0 : (double) requests.cpuMilli() / node.cpuMilli();
    double mem = node.memoryBytes() == 0 ? 0 : (double) requests.memoryBytes() / node.memoryBytes();
    return cpu + mem;
  }

  /** The shape's node constraints name this label (e.g. the hostname): it must be checked per node, not per class. */
  public boolean mentions(String labelKey) {
    if (nodeSelector.containsKey(labelKey)) {
      return true;
    }
    for (List<NodeSelectorRequirement> term : requiredAffinity) {
      for (NodeSelectorRequirement r : term) {
        if (r.key().equals(labelKey)) {
          return true;
        }
      }
    }
    return false;
  }
}
