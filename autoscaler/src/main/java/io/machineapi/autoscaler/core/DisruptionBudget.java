package io.machineapi.autoscaler.core;

import java.util.List;
import java.util.Map;

/** A PodDisruptionBudget: its selector and how many more pods it allows to be disrupted now. */
public record DisruptionBudget(String namespace, String name, Map<String, String> matchLabels,
    List<NodeSelectorRequirement> matchExpressions, int disruptionsAllowed) {

  public boolean covers(PodInfo pod) {
    if (!namespace.equals(pod.namespace())) {
      return false;
    }
    // policy/v1: an empty selector matches every pod of the namespace (a PDB without selector is left out by the
    // snapshot reader: it matches none).
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(pod.labels().get(e.getKey()))) {
        return false;
      }
    }
    for (NodeSelectorRequirement r : matchExpressions) {
      if (!r.matches(pod.labels())) {
        return false;
      }
    }
    return true;
  }
}
