package io.machineapi.controllers.healthcheck;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the evaluation needs to know about one Machine matched by a MachineHealthCheck, read from the cluster by the
 * controller (this record keeps the evaluation pure).
 *
 * @param name the Machine's name
 * @param failed phase {@code Failed}
 * @param deleting {@code deletionTimestamp} set
 * @param nodeName {@code status.nodeRef.name}, empty when no Node is linked yet
 * @param node the linked Node's conditions by type, empty when {@code nodeName} is set but the Node is gone
 * @param startedAt when the Machine's instance was created (else its creationTimestamp): the node-startup clock
 * @param underExternalRemediation carries {@code host.metal3.io/external-remediation}
 */
public record HealthTarget(String name, boolean failed, boolean deleting, Optional<String> nodeName,
    Optional<Map<String, NodeCondition>> node, Instant startedAt, boolean underExternalRemediation) {

  public HealthTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(startedAt, "startedAt");
    node = node.map(Map::copyOf);
  }

  /** A Node condition's status and when it last changed. */
  public record NodeCondition(String status, Instant lastTransitionTime) {
    public NodeCondition {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
    }
  }
}
