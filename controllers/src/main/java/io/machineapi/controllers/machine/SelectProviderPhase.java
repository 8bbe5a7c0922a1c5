package io.machineapi.controllers.machine;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.spi.MachineProvider;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the provider by {@code spec.providerSpec.value.kind}. Without an enabled provider the Machine gets
 * {@code ProviderEnabled=False} and a Warning Event, is never Failed, and waits (restarting the operator with the
 * right {@code --provider} resumes it).
 */
final class SelectProviderPhase implements MachinePhase {
  private static final Logger LOG = LoggerFactory.getLogger(SelectProviderPhase.class);

  private final ProviderRegistry providers;
  private final EventRecorder events;

  SelectProviderPhase(ProviderRegistry providers, EventRecorder events) {
    this.providers = providers;
    this.events = events;
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    String kind = providerSpecKind(scope);
    Optional<MachineProvider<?>> provider = providers.resolve(kind);
    boolean wasDisabled = scope.conditionIs(MachineReconciler.CONDITION_PROVIDER_ENABLED, Condition.FALSE);
    String previousMessage = scope.condition(MachineReconciler.CONDITION_PROVIDER_ENABLED)
        .map(Condition::getMessage).orElse(null);
    if (provider.isPresent()) {
      scope.setProvider(provider.get());
      scope.setCondition(MachineReconciler.CONDITION_PROVIDER_ENABLED, Condition.TRUE, null,
          MachineReconciler.REASON_ENABLED, "Provider " + provider.get().name() + " serves providerSpec kind " + kind);
      return PhaseResult.proceed();
    }
    String message = providers.noProviderMessage(kind);
    String reason = providers.servedInThisBuild(kind) ? MachineReconciler.REASON_NOT_ENABLED
        : MachineReconciler.REASON_NOT_SUPPORTED;
    scope.setCondition(MachineReconciler.CONDITION_PROVIDER_ENABLED, Condition.FALSE, "Warning", reason, message);
    if (!wasDisabled || !Objects.equals(previousMessage, message)) {
      LOG.warn("Machine {} waits for a provider: {}", scope.key(), message);
      events.warning(scope.machine(), reason, message);
    }
    return PhaseResult.waitFor("an enabled provider for providerSpec kind " + kind);
  }

  static String providerSpecKind(MachineScope scope) {
    if (scope.machine().getSpec() == null || scope.machine().getSpec().getProviderSpec() == null) {
      return null;
    }
    JsonNode value = scope.machine().getSpec().getProviderSpec().getValue();
    return value == null || !value.hasNonNull("kind") ? null : value.get("kind").asText();
  }
}
