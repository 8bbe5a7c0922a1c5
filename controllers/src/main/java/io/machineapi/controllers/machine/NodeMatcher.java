package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.api.model.Node;
import io.machineapi.controllers.cache.SharedCaches;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the Node of a Machine: by providerID first; only if none has it, by the Machine's InternalIPs. A Node
 * that reports another providerID is never matched by IP (an address reused after an instance was terminated must
 * not link the new Machine to the old Node).
 */
final class NodeMatcher {
  private NodeMatcher() {}

  static List<Node> candidates(NodeLookup nodes, MachineScope scope) {
    String providerId = scope.providerId();
    if (!NodeIndex.blank(providerId)) {
      List<Node> byProviderId = nodes.byIndex(SharedCaches.NODES_BY_PROVIDER_ID, providerId);
      if (!byProviderId.isEmpty()) {
        return byProviderId;
      }
    }
    Map<String, Node> byIp = new LinkedHashMap<>();
    Optional<String> ip = scope.firstInternalIp();
    if (ip.isPresent()) {
      for (Node node : nodes.byIndex(SharedCaches.NODES_BY_INTERNAL_IP, ip.get())) {
        String nodeProviderId = NodeIndex.providerId(node);
        if (NodeIndex.blank(nodeProviderId) || NodeIndex.blank(providerId) || nodeProviderId.equals(providerId)) {
          byIp.put(node.getMetadata().getName(), node);
        }
      }
    }
    return List.copyOf(byIp.values());
  }
}
