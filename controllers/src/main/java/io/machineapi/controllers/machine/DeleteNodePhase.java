package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.controllers.FailureBackoff;
import io.machineapi.controllers.events.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the linked Node object once the instance is gone: NotFound is success; a failure is
 * retried with backoff until the node-deletion timeout has passed since the first failure (kept as the
 * lastTransitionTime of {@code NodeDeleted=False}), then deletion proceeds without it and says so in an Event.
 * {@link Duration#ZERO} retries forever.
 */
final class DeleteNodePhase implements MachinePhase {
  private static final Logger LOG = LoggerFactory.getLogger(DeleteNodePhase.class);

  private final KubernetesClient client;
  private final Duration nodeDeletionTimeout;
  private final EventRecorder events;
  private final FailureBackoff backoff;

  DeleteNodePhase(KubernetesClient client, Duration nodeDeletionTimeout, EventRecorder events,
      FailureBackoff backoff) {
    this.client = client;
    this.nodeDeletionTimeout = nodeDeletionTimeout;
    this.events = events;
    this.backoff = backoff;
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    if (!scope.hasNodeRef()) {
      return PhaseResult.proceed();
    }
    String node = scope.status().getNodeRef().getName();
    try {
      client.nodes().withName(node).delete();
      LOG.info("Machine {}: deleted Node {}", scope.key(), node);
      return PhaseResult.proceed();
    } catch (KubernetesClientException e) {
      Optional<Instant> firstFailure = scope.condition(MachineConditionTypes.NODE_DELETED)
          .filter(c -> Condition.FALSE.equals(c.getStatus()) && c.getLastTransitionTime() != null)
          .map(c -> Instant.parse(c.getLastTransitionTime()));
      if (!nodeDeletionTimeout.isZero() && firstFailure.isPresent()
          && !scope.now().isBefore(firstFailure.get().plus(nodeDeletionTimeout))) {
        events.warning(scope.machine(), "NodeDeletionTimedOut", "Gave up deleting Node " + node + " after "
            + nodeDeletionTimeout + ": " + e.getMessage());
        return PhaseResult.proceed();
      }
      scope.setCondition(MachineConditionTypes.NODE_DELETED, Condition.FALSE, "Warning",
          MachineConditionTypes.REASON_NODE_DELETION_FAILED, "Deleting Node " + node + " failed: " + e.getMessage());
      return PhaseResult.requeue(backoff.next(scope.uid(), Optional.empty()));
    }
  }
}
