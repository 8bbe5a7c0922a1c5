package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.controllers.FailureBackoff;
import io.machineapi.controllers.PatchTargets;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.controllers.events.EventRecorder;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node linking inside the Machine controller (Cluster API style; OpenShift has a separate node-link controller):
 * find the Machine's Node
 * in the Node cache (providerID, then InternalIP), set {@code status.nodeRef}, show the Node's readiness as
 * {@code NodeHealthy}, make the phase {@code Running}, and sync labels/annotations/taints onto the Node with tracking
 * ({@link NodeMetadataSync}). More than one matching Node is an error condition and a requeue.
 */
final class NodeLinkPhase implements MachinePhase {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLinkPhase.class);

  private final KubernetesClient client;
  private final NodeLookup nodes;
  private final EventRecorder events;
  private final FailureBackoff backoff;

  NodeLinkPhase(KubernetesClient client, NodeLookup nodes, EventRecorder events, FailureBackoff backoff) {
    this.client = client;
    this.nodes = nodes;
    this.events = events;
    this.backoff = backoff;
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    if (!scope.isProvisioned() || scope.isFailed()) {
      return PhaseResult.proceed();
    }
    Node node;
    if (scope.hasNodeRef()) {
      Optional<Node> linked = nodes.byName(scope.status().getNodeRef().getName());
      if (linked.isEmpty()) {
        scope.setCondition(MachineConditionTypes.NODE_HEALTHY, Condition.FALSE, "Warning",
            MachineConditionTypes.REASON_NODE_NOT_FOUND,
            "Node " + scope.status().getNodeRef().getName() + " not found");
        return PhaseResult.proceed();
      }
      node = linked.get();
    } else {
      List<Node> candidates = NodeMatcher.candidates(nodes, scope);
      if (candidates.size() > 1) {
        String message = "More than one Node matches providerID " + scope.providerId() + " / InternalIP "
            + scope.firstInternalIp().orElse("(none)") + ": "
            + String.join(", ", candidates.stream().map(n -> n.getMetadata().getName()).toList());
        scope.setCondition(MachineConditionTypes.NODE_HEALTHY, Condition.FALSE, "Error",
            MachineConditionTypes.REASON_MULTIPLE_NODES, message);
        events.warning(scope.machine(), MachineConditionTypes.REASON_MULTIPLE_NODES, message);
        return PhaseResult.requeue(backoff.next(scope.uid(), Optional.empty()));
      }
      if (candidates.isEmpty()) {
        LOG.debug("Machine {}: waiting for a Node with providerID {}", scope.key(), scope.providerId());
        scope.setCondition(MachineConditionTypes.NODE_HEALTHY, Condition.UNKNOWN, "Info",
            MachineConditionTypes.REASON_WAITING_FOR_NODE, "Waiting for a Node with providerID "
                + scope.providerId() + " or InternalIP " + scope.firstInternalIp().orElse("(none)"));
        return PhaseResult.proceed();
      }
      node = candidates.get(0);
      scope.status().setNodeRef(reference(node));
      LOG.info("Machine {} linked to Node {}", scope.key(), node.getMetadata().getName());
      events.normal(scope.machine(), "NodeLinked", "Linked to Node " + node.getMetadata().getName());
    }
    readiness(scope, node);
    if (scope.conditionIs(MachineConditionTypes.INSTANCE_EXISTS, Condition.TRUE)) {
      scope.setPhase(MachinePhases.RUNNING);
    }
    NodeMetadataSync.patch(node, scope.machine()).ifPresent(patch -> PatchTargets.of(client, Node.class, null,
        node.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    return PhaseResult.proceed();
  }

  private static void readiness(MachineScope scope, Node node) {
    String name = node.getMetadata().getName();
    switch (NodeIndex.readyStatus(node).orElse(Condition.UNKNOWN)) {
      case Condition.TRUE -> scope.setCondition(MachineConditionTypes.NODE_HEALTHY, Condition.TRUE, null,
          MachineConditionTypes.REASON_NODE_READY, "Node " + name + " is Ready");
      case Condition.FALSE -> scope.setCondition(MachineConditionTypes.NODE_HEALTHY, Condition.FALSE, "Warning",
          MachineConditionTypes.REASON_NODE_NOT_READY, "Node " + name + " is not Ready");
      default -> scope.setCondition(MachineConditionTypes.NODE_HEALTHY, Condition.UNKNOWN, "Warning",
          MachineConditionTypes.REASON_NODE_READY_UNKNOWN, "Node " + name + " readiness is unknown");
    }
  }

  private static ObjectReference reference(Node node) {
    return new ObjectReferenceBuilder().withKind("Node").withName(node.getMetadata().getName())
        .withUid(node.getMetadata().getUid()).build();
  }
}
