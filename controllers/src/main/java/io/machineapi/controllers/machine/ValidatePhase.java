package io.machineapi.controllers.machine;

import io.machineapi.controllers.FailureBackoff;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.spi.MachineContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster label and {@code spec.providerSpec.value} must be present. Otherwise a Warning Event
 * {@code FailedValidate} and a retry with backoff; the phase is not changed (a webhook or a user can still fix it).
 */
final class ValidatePhase implements MachinePhase {
  static final String REASON_FAILED_VALIDATE = "FailedValidate";

  private final EventRecorder events;
  private final FailureBackoff backoff;

  ValidatePhase(EventRecorder events, FailureBackoff backoff) {
    this.events = events;
    this.backoff = backoff;
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    List<String> problems = new ArrayList<>();
    String cluster = scope.labels().get(MachineContext.CLUSTER_ID_LABEL);
    if (cluster == null || cluster.isBlank()) {
      problems.add("metadata.labels[" + MachineContext.CLUSTER_ID_LABEL + "]: must be set");
    }
    if (scope.machine().getSpec() == null || scope.machine().getSpec().getProviderSpec() == null
        || scope.machine().getSpec().getProviderSpec().getValue() == null
        || scope.machine().getSpec().getProviderSpec().getValue().isNull()) {
      problems.add("spec.providerSpec.value: must be set");
    }
    if (problems.isEmpty()) {
      return PhaseResult.proceed();
    }
    events.warning(scope.machine(), REASON_FAILED_VALIDATE, String.join("; ", problems));
    return PhaseResult.requeue(backoff.next(scope.uid(), java.util.Optional.empty()));
  }
}
