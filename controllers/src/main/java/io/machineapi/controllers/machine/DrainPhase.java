package io.machineapi.controllers.machine;

import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.controllers.FailureBackoff;
import io.machineapi.controllers.drain.DrainRequest;
import io.machineapi.controllers.drain.DrainResult;
import io.machineapi.controllers.drain.NodeDrainer;
import io.machineapi.controllers.events.EventRecorder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the linked Node during deletion, one non-blocking {@link NodeDrainer} pass per reconcile, until
 * {@code Drained=True}:
 * <ul>
 *   <li>skipped ({@code Drained=True} "Node drain skipped", Event {@code DrainSkipped}) when the Machine has the
 *       {@value #EXCLUDE_ANNOTATION} annotation (any value) or no nodeRef, as on OpenShift;</li>
 *   <li>skipped once the drain timeout (a Cluster API option) has passed since the first pass, whose time is kept
 *       as the lastTransitionTime of {@code Drained=False} (so it survives restarts);</li>
 *   <li>Complete: {@code Drained=True} "Drain finished successfully", Event {@code DrainSucceeded};</li>
 *   <li>Pending: {@code Drained=False/Draining} with what it waits for, requeue after its recheck time;</li>
 *   <li>Failed (or a drainer exception): {@code Drained=False/DrainError}, Event {@code DrainRequeued}, backoff.</li>
 * </ul>
 */
final class DrainPhase implements MachinePhase {
  private static final Logger LOG = LoggerFactory.getLogger(DrainPhase.class);
  static final String EXCLUDE_ANNOTATION = "machine.openshift.io/exclude-node-draining";
  static final String SKIPPED_MESSAGE = "Node drain skipped";
  static final String SUCCEEDED_MESSAGE = "Drain finished successfully";

  private final NodeDrainer drainer;
  private final Duration drainTimeout;
  private final EventRecorder events;
  private final FailureBackoff backoff;

  DrainPhase(NodeDrainer drainer, Duration drainTimeout, EventRecorder events, FailureBackoff backoff) {
    this.drainer = drainer;
    this.drainTimeout = drainTimeout;
    this.events = events;
    this.backoff = backoff;
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    if (scope.conditionIs(MachineConditionTypes.DRAINED, Condition.TRUE)) {
      return PhaseResult.proceed();
    }
    if (scope.annotations().containsKey(EXCLUDE_ANNOTATION) || !scope.hasNodeRef()) {
      String why = scope.hasNodeRef() ? "annotation " + EXCLUDE_ANNOTATION + " is present" : "no Node is linked";
      return drained(scope, MachineConditionTypes.REASON_DRAIN_SKIPPED, SKIPPED_MESSAGE, "DrainSkipped",
          SKIPPED_MESSAGE + ": " + why);
    }
    Optional<Instant> started = scope.condition(MachineConditionTypes.DRAINED)
        .filter(c -> Condition.FALSE.equals(c.getStatus()) && c.getLastTransitionTime() != null)
        .map(c -> Instant.parse(c.getLastTransitionTime()));
    if (!drainTimeout.isZero() && started.isPresent()
        && !scope.now().isBefore(started.get().plus(drainTimeout))) {
      String message = SKIPPED_MESSAGE + ": drain timeout " + drainTimeout + " expired";
      return drained(scope, MachineConditionTypes.REASON_DRAIN_TIMEOUT, message, "DrainSkipped", message);
    }
    String nodeName = scope.status().getNodeRef().getName();
    if (started.isEmpty()) {
      events.normal(scope.machine(), "DrainProceeds", "Draining Node " + nodeName);
    }
    DrainResult result;
    try {
      result = drainer.drain(new DrainRequest(nodeName, scope.key()));
    } catch (RuntimeException e) {
      result = new DrainResult.Failed(e.toString());
    }
    if (result instanceof DrainResult.Complete complete) {
      backoff.reset(scope.uid());
      return drained(scope, MachineConditionTypes.REASON_DRAIN_SUCCEEDED, SUCCEEDED_MESSAGE, "DrainSucceeded",
          "Node " + nodeName + " drained: " + complete.message());
    }
    if (result instanceof DrainResult.Pending pending) {
      LOG.info("Machine {}: draining Node {}, waiting for {}", scope.key(), nodeName, pending.waitingFor());
      scope.setCondition(MachineConditionTypes.DRAINED, Condition.FALSE, "Info", MachineConditionTypes.REASON_DRAINING,
          pending.waitingFor());
      return PhaseResult.requeue(capByTimeout(scope, pending.recheckAfter()));
    }
    DrainResult.Failed failed = (DrainResult.Failed) result;
    scope.setCondition(MachineConditionTypes.DRAINED, Condition.FALSE, "Warning",
        MachineConditionTypes.REASON_DRAIN_ERROR, failed.error());
    events.warning(scope.machine(), "DrainRequeued", "Drain of Node " + nodeName + " failed: " + failed.error());
    return PhaseResult.requeue(capByTimeout(scope, backoff.next(scope.uid(), Optional.empty())));
  }

  private PhaseResult drained(MachineScope scope, String reason, String conditionMessage, String eventReason,
      String eventMessage) {
    scope.setCondition(MachineConditionTypes.DRAINED, Condition.TRUE, null, reason, conditionMessage);
    events.normal(scope.machine(), eventReason, eventMessage);
    return PhaseResult.proceed();
  }

  /** Never sleep past the moment the drain timeout expires. */
  private Duration capByTimeout(MachineScope scope, Duration wanted) {
    if (drainTimeout.isZero()) {
      return wanted;
    }
    Instant started = scope.condition(MachineConditionTypes.DRAINED).map(c -> Instant.parse(c.getLastTransitionTime()))
        .orElse(scope.now());
    Duration left = Duration.between(scope.now(), started.plus(drainTimeout));
    return left.isNegative() ? Duration.ZERO : (left.compareTo(wanted) < 0 ? left : wanted);
  }
}
