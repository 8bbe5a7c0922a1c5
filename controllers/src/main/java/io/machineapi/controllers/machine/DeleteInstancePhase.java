package io.machineapi.controllers.machine;

import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.DecodedSpec;
import io.machineapi.controllers.provider.ProviderCalls;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.NotYet;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.ProviderException;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the instance through the provider until it is Gone or Absent: Terminating requeues after the provider's
 * recheck time; transient failures back off. An invalid configuration is ignored only for a Machine without addresses
 * (OpenShift's rule: such a Machine can hardly have a live instance, and a broken spec must not block deletion
 * forever); with addresses it backs off until the spec is fixed. A Machine whose provider is not enabled can be
 * deleted only if it was never provisioned.
 */
final class DeleteInstancePhase implements MachinePhase {
  private static final Logger LOG = LoggerFactory.getLogger(DeleteInstancePhase.class);

  private final ProviderRegistry providers;
  private final SecretResolver secrets;
  private final EventRecorder events;
  private final ProviderFailures failures;
  private final MachineTimings timings;
  private final ProviderCalls calls;
  private final Function<MachineScope, Runnable> wake;

  DeleteInstancePhase(ProviderRegistry providers, SecretResolver secrets, EventRecorder events,
      ProviderFailures failures, MachineTimings timings, ProviderCalls calls, Function<MachineScope, Runnable> wake) {
    this.calls = calls;
    this.wake = wake;
    this.providers = providers;
    this.secrets = secrets;
    this.events = events;
    this.failures = failures;
    this.timings = timings;
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    if (scope.conditionIs(MachineConditionTypes.INSTANCE_EXISTS, Condition.FALSE)
        && scope.condition(MachineConditionTypes.INSTANCE_EXISTS)
            .map(c -> MachineConditionTypes.REASON_INSTANCE_DELETED.equals(c.getReason())).orElse(false)) {
      return PhaseResult.proceed();
    }
    Optional<MachineProvider<?>> provider = providers.resolve(SelectProviderPhase.providerSpecKind(scope));
    if (provider.isEmpty()) {
      if (!scope.isProvisioned()) {
        return gone(scope, "no provider is enabled for this Machine and it was never provisioned");
      }
      return PhaseResult.waitFor("an enabled provider to delete the instance of "
          + SelectProviderPhase.providerSpecKind(scope));
    }
    try {
      DecodedSpec<?> decoded = DecodedSpec.decode(provider.get(),
          scope.machine().getSpec() == null || scope.machine().getSpec().getProviderSpec() == null ? null
              : scope.machine().getSpec().getProviderSpec().getValue());
      ResolvedSecrets credentials = secrets.resolve(decoded.spec(), scope.namespace(), false);
      MachineContext context = MachineContexts.of(scope, provider.get(), credentials);
      ProviderCalls.Outcome<ProviderResult> outcome = calls.call(provider.get(), scope.uid(),
          ProviderCalls.Operation.DELETE, () -> decoded.delete(context), wake.apply(scope));
      if (outcome instanceof ProviderCalls.InFlight<ProviderResult> inFlight) {
        return InstancePhase.stillRunning(scope, "delete", inFlight);
      }
      ProviderResult result = ProviderCalls.value(outcome);
      if (result instanceof NotYet notYet) {
        LOG.info("Machine {}: waiting for {} before the instance can be deleted", scope.key(), notYet.waitingFor());
        return PhaseResult.requeue(notYet.requeueAfter());
      }
      InstanceState state = (InstanceState) result;
      failures.succeeded(scope);
      return switch (state.kind()) {
        case ABSENT, GONE -> gone(scope, "instance is " + state.details().cloudState().orElse("gone"));
        case TERMINATING -> {
          LOG.info("Machine {}: waiting for the instance to terminate", scope.key());
          yield PhaseResult.requeue(((InstanceState.Terminating) state).recheckAfter());
        }
        case PENDING, RUNNING -> PhaseResult.requeue(timings.deletionRecheck());
      };
    } catch (InvalidConfigurationException e) {
      if (!scope.hasAddresses()) {
        LOG.warn("Machine {}: invalid configuration on delete and no addresses; proceeding: {}", scope.key(),
            e.getMessage());
        return gone(scope, "invalid configuration and no addresses; nothing to delete (" + e.getMessage() + ")");
      }
      return deleteFailed(scope, e);
    } catch (SecretResolver.MissingSecretException e) {
      return failures.transientFailure(scope, MachineConditionTypes.REASON_SECRET_NOT_FOUND,
          MachineConditionTypes.SECRETS_RESOLVED, Condition.FALSE, MachineConditionTypes.REASON_SECRET_NOT_FOUND,
          e.getMessage(), Optional.empty());
    } catch (ProviderException | RuntimeException e) {
      return deleteFailed(scope, e);
    }
  }

  private PhaseResult deleteFailed(MachineScope scope, Exception e) {
    return failures.transientFailure(scope, "FailedDelete", MachineConditionTypes.INSTANCE_EXISTS, Condition.UNKNOWN,
        MachineConditionTypes.REASON_DELETE_FAILED, "Deleting the instance failed: " + ProviderFailures.describe(e),
        ProviderFailures.minimumBackoff(e));
  }

  private PhaseResult gone(MachineScope scope, String message) {
    scope.setCondition(MachineConditionTypes.INSTANCE_EXISTS, Condition.FALSE, "Info",
        MachineConditionTypes.REASON_INSTANCE_DELETED, message);
    events.normal(scope.machine(), "InstanceDeleted", "Instance deleted: " + message);
    return PhaseResult.proceed();
  }
}
