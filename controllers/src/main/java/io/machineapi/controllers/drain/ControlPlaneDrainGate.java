package io.machineapi.controllers.drain;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenShift's control-plane serialisation: a control-plane Node that is not yet cordoned waits while another
 * control-plane Node is cordoned, so two control-plane members are never drained at once (etcd quorum). A Node
 * already cordoned always proceeds, so a drain that has started finishes; worker Nodes are never held.
 */
final class ControlPlaneDrainGate {

  static final List<String> CONTROL_PLANE_LABELS =
      List.of("node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane");

  private final KubernetesClient client;

  ControlPlaneDrainGate(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param node a Node about to be cordoned
   * @return the name of another cordoned control-plane Node it must wait for, if {@code node} is a control-plane
   *     Node and there is one
   */
  Optional<String> waitFor(Node node) {
    if (!isControlPlane(node)) {
      return Optional.empty();
    }
    String name = node.getMetadata().getName();
    // One list per label (an "a or b exists" selector does not exist); only for control-plane Nodes, which are few.
    return CONTROL_PLANE_LABELS.stream()
        .flatMap(label -> client.nodes().withLabel(label).list().getItems().stream())
        .filter(other -> !Objects.equals(other.getMetadata().getName(), name))
        .filter(ControlPlaneDrainGate::isCordoned)
        .map(other -> other.getMetadata().getName())
        .sorted()
        .findFirst();
  }

  static boolean isControlPlane(Node node) {
    Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
    return labels != null && CONTROL_PLANE_LABELS.stream().anyMatch(labels::containsKey);
  }

  static boolean isCordoned(Node node) {
    return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
  }
}
