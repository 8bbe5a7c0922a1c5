package io.machineapi.controllers.machine;

import com.fasterxml.jackson.databind.JsonNode;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.spi.MachineProvider;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles Machines. Today it runs the first step of the lifecycle: choosing the provider by
 * {@code spec.providerSpec.value.kind}. A Machine whose kind has no enabled provider gets the condition
 * {@code ProviderEnabled=False} (reason {@value #REASON_NOT_ENABLED}) and a Warning Event naming the kind and the
 * enabled providers; no cloud is called and the Machine is <em>not</em> Failed — restarting the operator with the
 * right {@code --provider} resumes it.
 */
@ControllerConfiguration(name = "machine")
public class MachineReconciler implements Reconciler<Machine> {
  private static final Logger LOG = LoggerFactory.getLogger(MachineReconciler.class);

  /** Condition saying whether an enabled provider serves the Machine's providerSpec kind. */
  public static final String CONDITION_PROVIDER_ENABLED = "ProviderEnabled";
  public static final String REASON_NOT_ENABLED = "ProviderNotEnabled";
  public static final String REASON_ENABLED = "ProviderEnabled";

  private final ProviderRegistry providers;
  private final EventRecorder events;
  private final Clock clock;

  public MachineReconciler(ProviderRegistry providers, EventRecorder events, Clock clock) {
    this.providers = providers;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Machine> reconcile(Machine machine, Context<Machine> context) {
    String kind = providerSpecKind(machine);
    Optional<MachineProvider<?>> provider = providers.resolve(kind);
    Condition wanted = provider
        .map(p -> new Condition(CONDITION_PROVIDER_ENABLED, Condition.TRUE, null, REASON_ENABLED,
            "Provider " + p.name() + " serves providerSpec kind " + kind, null))
        .orElseGet(() -> new Condition(CONDITION_PROVIDER_ENABLED, Condition.FALSE, "Warning", REASON_NOT_ENABLED,
            providers.noProviderMessage(kind), null));

    MachineStatus status = machine.getStatus() == null ? new MachineStatus() : machine.getStatus();
    Condition current = MachineConditions.find(status.getConditions(), CONDITION_PROVIDER_ENABLED);
    if (current != null && Objects.equals(current.getStatus(), wanted.getStatus())
        && Objects.equals(current.getMessage(), wanted.getMessage())) {
      return UpdateControl.noUpdate();
    }
    if (provider.isEmpty()) {
      LOG.warn("Machine {}/{} waits for a provider: {}", machine.getMetadata().getNamespace(),
          machine.getMetadata().getName(), wanted.getMessage());
      events.warning(machine, REASON_NOT_ENABLED, wanted.getMessage());
    }
    status.setConditions(MachineConditions.set(status.getConditions(), wanted, clock));
    status.setLastUpdated(clock.instant().toString());
    machine.setStatus(status);
    return UpdateControl.patchStatus(machine);
  }

  private static String providerSpecKind(Machine machine) {
    if (machine.getSpec() == null || machine.getSpec().getProviderSpec() == null) {
      return null;
    }
    JsonNode value = machine.getSpec().getProviderSpec().getValue();
    return value == null || !value.hasNonNull("kind") ? null : value.get("kind").asText();
  }
}
