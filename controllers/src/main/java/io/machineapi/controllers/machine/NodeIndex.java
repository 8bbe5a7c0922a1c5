package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.controllers.cache.SharedCaches;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Cache indexes that link Nodes and Machines in both directions: Machines (the controller's primary cache) by
 * {@code spec.providerID}, by each InternalIP in {@code status.addresses} and by {@code status.nodeRef.name}; Nodes
 * (the shared Node cache) by {@code spec.providerID} and by each InternalIP ({@link SharedCaches}).
 */
final class NodeIndex {
  private NodeIndex() {}

  static final String BY_PROVIDER_ID = "providerID";
  static final String BY_INTERNAL_IP = "internalIP";
  static final String BY_NODE_NAME = "nodeRefName";

  static Map<String, Function<Machine, List<String>>> machineIndexers() {
    return Map.of(
        BY_PROVIDER_ID, m -> m.getSpec() == null || blank(m.getSpec().getProviderID()) ? List.of()
            : List.of(m.getSpec().getProviderID()),
        BY_INTERNAL_IP, m -> m.getStatus() == null || m.getStatus().getAddresses() == null ? List.of()
            : m.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
                .map(NodeAddress::getAddress).filter(Objects::nonNull).distinct().toList(),
        BY_NODE_NAME, m -> m.getStatus() == null || m.getStatus().getNodeRef() == null
            || blank(m.getStatus().getNodeRef().getName()) ? List.of() : List.of(m.getStatus().getNodeRef().getName()));
  }

  static List<String> internalIps(Node node) {
    return SharedCaches.internalIps(node);
  }

  static String providerId(Node node) {
    return SharedCaches.providerId(node);
  }

  /** The Node's Ready condition status ({@code True}/{@code False}/{@code Unknown}), if reported. */
  static Optional<String> readyStatus(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
        .map(NodeCondition::getStatus).findFirst();
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
