package io.machineapi.controllers.machine;

import io.machineapi.api.machine.v1beta1.MachineErrorReasons;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.controllers.FailureBackoff;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.DecodedSpec;
import io.machineapi.spi.InvalidConfigurationException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Failed Machine is left alone (only deletion proceeds); otherwise the provider decodes
 * {@code spec.providerSpec.value}. An invalid spec of a Machine that has no instance yet is terminal: phase
 * {@code Failed}, {@code errorReason: InvalidConfiguration}, the field paths in {@code errorMessage}, and no create
 * call. An invalid edit of an already provisioned Machine does not fail it (its instance lives on): Warning Event
 * and backoff until the spec is fixed.
 */
final class DecodeSpecPhase implements MachinePhase {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeSpecPhase.class);
  static final String REASON_INVALID_CONFIGURATION = "InvalidConfiguration";

  private final EventRecorder events;
  private final FailureBackoff backoff;

  DecodeSpecPhase(EventRecorder events, FailureBackoff backoff) {
    this.events = events;
    this.backoff = backoff;
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    if (scope.isFailed()) {
      return PhaseResult.waitFor("deletion (the Machine is Failed)");
    }
    try {
      scope.setDecoded(DecodedSpec.decode(scope.provider().orElseThrow(),
          scope.machine().getSpec().getProviderSpec().getValue()));
      return PhaseResult.proceed();
    } catch (InvalidConfigurationException e) {
      if (scope.isProvisioned()) {
        events.warning(scope.machine(), REASON_INVALID_CONFIGURATION, "providerSpec edit cannot be used: "
            + e.getMessage());
        return PhaseResult.requeue(backoff.next(scope.uid(), Optional.empty()));
      }
      fail(scope, e);
      return PhaseResult.waitFor("deletion (the Machine is Failed)");
    }
  }

  /** Terminal invalid configuration: phase {@code Failed}. */
  static void fail(MachineScope scope, InvalidConfigurationException e) {
    LOG.warn("Machine {} has an invalid configuration: {}", scope.key(), e.getMessage());
    scope.setPhase(MachinePhases.FAILED);
    scope.status().setErrorReason(MachineErrorReasons.INVALID_CONFIGURATION);
    scope.status().setErrorMessage(e.getMessage());
  }
}
