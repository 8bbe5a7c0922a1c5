package io.machineapi.controllers.machine;

import io.machineapi.controllers.FailureBackoff;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.spi.TransientProviderException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reaction to a failure that may go away (a transient provider error, a provider bug, a missing Secret):
 * a condition saying what failed (written at the end of the pass), a Warning Event, and a requeue after the
 * Machine's next backoff delay (never shorter than the provider's minimum). Never Failed, phase unchanged.
 */
final class ProviderFailures {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderFailures.class);

  private final MachineMetrics metrics;
  private final EventRecorder events;
  private final FailureBackoff backoff;

  ProviderFailures(MachineMetrics metrics, EventRecorder events, FailureBackoff backoff) {
    this.metrics = metrics;
    this.events = events;
    this.backoff = backoff;
  }

  /**
   * @param eventReason e.g. {@code FailedCreate}
   * @param conditionType the condition that shows the failure
   * @param conditionStatus its status ({@code False} or {@code Unknown})
   * @param conditionReason its reason
   */
  PhaseResult transientFailure(MachineScope scope, String eventReason, String conditionType,
      String conditionStatus, String conditionReason, String message, Optional<Duration> minimumBackoff) {
    Duration delay = backoff.next(scope.uid(), minimumBackoff);
    if (minimumBackoff.isPresent()) {
      backoff.hold(scope.uid(), scope.now().plus(delay));
    }
    LOG.info("Machine {}: {} ({}); retrying in {}", scope.key(), message, eventReason, delay);
    scope.setCondition(conditionType, conditionStatus, "Warning", conditionReason, message);
    if ("FailedCreate".equals(eventReason)) {
      metrics.createFailed(scope.machine(), conditionReason);
    } else if ("FailedDelete".equals(eventReason)) {
      metrics.deleteFailed(scope.machine(), conditionReason);
    }
    events.warning(scope.machine(), eventReason, message);
    return PhaseResult.requeue(delay);
  }

  /** The message and minimum backoff of any exception a provider call may throw. */
  static String describe(Exception e) {
    if (e instanceof TransientProviderException t) {
      return t.reason() + ": " + t.getMessage();
    }
    return "provider error " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  static Optional<Duration> minimumBackoff(Exception e) {
    return e instanceof TransientProviderException t ? t.minimumBackoff() : Optional.empty();
  }

  /** What is left of a provider-requested wait (capacity, quota, throttling) before the cloud may be called again. */
  Optional<Duration> stillHeld(MachineScope scope) {
    return backoff.held(scope.uid(), scope.now());
  }

  void succeeded(MachineScope scope) {
    backoff.reset(scope.uid());
  }
}
