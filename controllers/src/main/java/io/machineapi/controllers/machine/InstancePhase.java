package io.machineapi.controllers.machine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.DecodedSpec;
import io.machineapi.controllers.provider.ProviderCalls;
import io.machineapi.spi.DescribeResult;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.InstanceState;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.NotYet;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.TransientProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes the Machine's instance (a {@code describe} batched with other Machines' by {@link ProviderCalls}) and
 * creates it when there is none in OpenShift's order:
 * <ul>
 *   <li>instance exists: its identity goes onto the Machine at once; {@code InstanceExists=True}; phase
 *       {@code Provisioned} once providerID or addresses are known;</li>
 *   <li>no instance, but the Machine was provisioned: {@code Failed} "Can't find created instance." (never
 *       recreated);</li>
 *   <li>no instance and no phase yet: phase {@code Provisioning} is stored first (the pass ends so that its
 *       status write stores it), create happens on a later pass that reads it back;</li>
 *   <li>otherwise create, with the user-data Secret resolved.</li>
 * </ul>
 * Transient failures back off; {@link NotYet} requeues after exactly its delay. No reconcile waits for the cloud
 * longer than {@link ProviderCalls}' wait budget: a call still running ends the pass, and its answer wakes the
 * Machine.
 */
final class InstancePhase implements MachinePhase {
  private static final Logger LOG = LoggerFactory.getLogger(InstancePhase.class);
  static final String VANISHED_MESSAGE = "Can't find created instance.";

  private final MachineWriter writer;
  private final InstanceDetailsWriter details;
  private final SecretResolver secrets;
  private final EventRecorder events;
  private final ProviderFailures failures;
  private final ProviderPollSchedule polls;
  private final MachineTimings timings;
  private final ProviderCalls calls;
  private final Function<MachineScope, Runnable> wake;

  /**
   * @param calls runs describe and create off the reconcile thread, with a deadline
   * @param wake what reconciles the Machine again once a call it did not wait for has answered
   */
  InstancePhase(MachineWriter writer, SecretResolver secrets, EventRecorder events, ProviderFailures failures,
      ProviderPollSchedule polls, MachineTimings timings, ProviderCalls calls,
      Function<MachineScope, Runnable> wake) {
    this.calls = calls;
    this.wake = wake;
    this.writer = writer;
    this.details = new InstanceDetailsWriter(writer);
    this.secrets = secrets;
    this.events = events;
    this.failures = failures;
    this.polls = polls;
    this.timings = timings;
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    boolean known = scope.isProvisioned()
        && scope.conditionIs(MachineConditionTypes.INSTANCE_EXISTS, Condition.TRUE);
    if (known && !polls.isDue(scope.uid(), scope.now())) {
      // This pass ends by rescheduling, which replaces the earlier requeue: keep the observation due time.
      scope.requeueNoLaterThan(polls.untilDue(scope.uid(), scope.now()));
      return PhaseResult.proceed();
    }
    DecodedSpec<?> decoded = scope.decoded().orElseThrow();
    ResolvedSecrets credentials;
    try {
      credentials = secrets.resolve(decoded.spec(), scope.namespace(), false);
    } catch (SecretResolver.MissingSecretException e) {
      return missingSecret(scope, e);
    }
    MachineContext context = MachineContexts.of(scope, decoded.provider(), credentials);
    ProviderCalls.Outcome<DescribeResult> described = calls.describe(new DecodedSpec.Target(context, decoded),
        wake.apply(scope));
    if (described instanceof ProviderCalls.InFlight<DescribeResult> inFlight) {
      return stillRunning(scope, "describe", inFlight);
    }
    ProviderResult observed;
    try {
      observed = answerFor(context, decoded, described);
    } catch (ProviderException | RuntimeException e) {
      return failures.transientFailure(scope, "FailedDescribe", MachineConditionTypes.INSTANCE_EXISTS,
          Condition.UNKNOWN, MachineConditionTypes.REASON_ERROR_CHECKING_PROVIDER,
          "Checking the instance failed: " + ProviderFailures.describe(e), ProviderFailures.minimumBackoff(e));
    }
    if (observed instanceof NotYet notYet) {
      return notYet(scope, notYet);
    }
    InstanceState state = (InstanceState) observed;
    if (state.exists()) {
      return exists(scope, decoded, state);
    }
    if (scope.isProvisioned()) {
      return vanished(scope);
    }
    if (scope.phase() == null || scope.phase().isBlank()) {
      // OpenShift's order: Provisioning is stored before the first create, so a Machine that has a phase may have
      // an instance (a crash right after create is answered by describe, never by a second create). Ending the
      // pass here lets the reconciler's status write store it; create runs in a later pass whose Machine shows it
      // stored (a pass that reads an older copy only sets Provisioning again).
      scope.setPhase(MachinePhases.PROVISIONING);
      scope.setCondition(MachineConditionTypes.INSTANCE_EXISTS, Condition.FALSE, "Info",
          MachineConditionTypes.REASON_INSTANCE_NOT_CREATED, "Instance not created yet");
      return PhaseResult.waitFor("the Provisioning phase to be stored before the first create");
    }
    return create(scope, decoded, credentials);
  }

  /** Capacity and quota get their own condition reason: the Machine waits for the cloud, it is not broken. */
  static String createFailureReason(Exception e) {
    if (e instanceof TransientProviderException t) {
      if (t.reason() == TransientProviderException.Reason.INSUFFICIENT_CAPACITY) {
        return MachineConditionTypes.REASON_INSUFFICIENT_CAPACITY;
      }
      if (t.reason() == TransientProviderException.Reason.QUOTA_EXCEEDED) {
        return MachineConditionTypes.REASON_QUOTA_EXCEEDED;
      }
      if (t.reason() == TransientProviderException.Reason.CREDENTIALS) {
        return MachineConditionTypes.REASON_CREDENTIALS_REFUSED;
      }
    }
    return MachineConditionTypes.REASON_CREATE_FAILED;
  }

  private PhaseResult create(MachineScope scope, DecodedSpec<?> decoded, ResolvedSecrets credentials) {
    Optional<Duration> held = failures.stillHeld(scope);
    if (held.isPresent()) {
      // Woken early (another event) inside the wait the provider asked for: keep waiting, call nothing.
      return PhaseResult.requeue(held.get());
    }
    ResolvedSecrets withUserData;
    try {
      withUserData = secrets.resolve(decoded.spec(), scope.namespace(), true);
    } catch (SecretResolver.MissingSecretException e) {
      return missingSecret(scope, e);
    }
    secretsFound(scope);
    MachineContext context = MachineContexts.of(scope, decoded.provider(), withUserData);
    ProviderCalls.Outcome<ProviderResult> outcome = calls.call(decoded.provider(), scope.uid(),
        ProviderCalls.Operation.CREATE, () -> decoded.create(context), wake.apply(scope));
    if (outcome instanceof ProviderCalls.InFlight<ProviderResult> inFlight) {
      return stillRunning(scope, "create", inFlight);
    }
    ProviderResult created;
    try {
      created = ProviderCalls.value(outcome);
    } catch (InvalidConfigurationException e) {
      events.warning(scope.machine(), "FailedCreate", "Invalid configuration: " + e.getMessage());
      writer.metrics().createFailed(scope.machine(), DecodeSpecPhase.REASON_INVALID_CONFIGURATION);
      DecodeSpecPhase.fail(scope, e);
      return PhaseResult.waitFor("deletion (the Machine is Failed)");
    } catch (ProviderException | RuntimeException e) {
      return failures.transientFailure(scope, "FailedCreate", MachineConditionTypes.INSTANCE_EXISTS,
          Condition.FALSE, createFailureReason(e),
          "Creating the instance failed: " + ProviderFailures.describe(e), ProviderFailures.minimumBackoff(e));
    }
    if (created instanceof NotYet notYet) {
      return notYet(scope, notYet);
    }
    InstanceState state = (InstanceState) created;
    if (!state.exists()) {
      return failures.transientFailure(scope, "FailedCreate", MachineConditionTypes.INSTANCE_EXISTS,
          Condition.FALSE, MachineConditionTypes.REASON_CREATE_FAILED,
          "Provider reported " + state + " right after create", Optional.empty());
    }
    events.normal(scope.machine(), "Created", "Created instance "
        + state.details().providerId().orElse("(providerID not known yet)"));
    return exists(scope, decoded, state);
  }

  private PhaseResult exists(MachineScope scope, DecodedSpec<?> decoded, InstanceState state) {
    failures.succeeded(scope);
    details.apply(scope, decoded.provider(), state.details());
    scope.setCondition(MachineConditionTypes.INSTANCE_EXISTS, Condition.TRUE, null, "InstanceFound",
        "Instance is " + state.details().cloudState().orElse(state.kind().name().toLowerCase()));
    if (scope.isProvisioned() && !MachinePhases.RUNNING.equals(scope.phase())) {
      scope.setPhase(MachinePhases.PROVISIONED);
    }
    Duration next = switch (state.kind()) {
      case PENDING -> ((InstanceState.Pending) state).recheckAfter();
      case TERMINATING -> ((InstanceState.Terminating) state).recheckAfter();
      default -> scope.hasNodeRef() ? timings.runningRecheck() : timings.provisionedRecheck();
    };
    polls.observedAt(scope.uid(), scope.now().plus(next));
    scope.requeueNoLaterThan(next);
    return PhaseResult.proceed();
  }

  /**
   * Instance gone after provisioning: instance-state annotation first (written now), then providerStatus state and
   * Failed (in the status write at the end of the pass).
   */
  private PhaseResult vanished(MachineScope scope) {
    LOG.warn("Machine {}: its instance is gone; the Machine is Failed and will not be recreated", scope.key());
    writer.writeMetadata(scope, Map.of(), Map.of(InstanceDetails.INSTANCE_STATE_ANNOTATION, "Unknown"), null);
    if (scope.status().getProviderStatus() instanceof ObjectNode providerStatus) {
      ObjectNode copy = providerStatus.deepCopy();
      for (String field : List.of("instanceState", "vmState")) {
        if (copy.has(field)) {
          copy.put(field, "Unknown");
        }
      }
      scope.status().setProviderStatus(copy);
    }
    scope.setCondition(MachineConditionTypes.INSTANCE_EXISTS, Condition.FALSE, "Warning",
        MachineConditionTypes.REASON_INSTANCE_MISSING, VANISHED_MESSAGE);
    scope.setPhase(MachinePhases.FAILED);
    scope.status().setErrorMessage(VANISHED_MESSAGE);
    events.warning(scope.machine(), MachineConditionTypes.REASON_INSTANCE_MISSING, VANISHED_MESSAGE);
    polls.forget(scope.uid());
    return PhaseResult.waitFor("deletion (the Machine is Failed)");
  }

  private PhaseResult notYet(MachineScope scope, NotYet notYet) {
    LOG.info("Machine {}: waiting for {}", scope.key(), notYet.waitingFor());
    return PhaseResult.requeue(notYet.requeueAfter());
  }

  private PhaseResult missingSecret(MachineScope scope, SecretResolver.MissingSecretException e) {
    return failures.transientFailure(scope, MachineConditionTypes.REASON_SECRET_NOT_FOUND,
        MachineConditionTypes.SECRETS_RESOLVED, Condition.FALSE, MachineConditionTypes.REASON_SECRET_NOT_FOUND,
        e.getMessage(), Optional.empty());
  }

  private static void secretsFound(MachineScope scope) {
    if (scope.condition(MachineConditionTypes.SECRETS_RESOLVED).isPresent()) {
      scope.setCondition(MachineConditionTypes.SECRETS_RESOLVED, Condition.TRUE, null,
          MachineConditionTypes.REASON_SECRETS_FOUND, "The Secrets named by the providerSpec exist");
    }
  }

  /** The provider has not answered yet: the Machine is woken when it does; nothing changes meanwhile. */
  static PhaseResult stillRunning(MachineScope scope, String operation, ProviderCalls.InFlight<?> inFlight) {
    LOG.debug("Machine {}: {} running for {}; woken when it answers", scope.key(), operation, inFlight.running());
    return PhaseResult.requeue(inFlight.recheckAfter());
  }

  private static ProviderResult answerFor(MachineContext context, DecodedSpec<?> decoded,
      ProviderCalls.Outcome<DescribeResult> described) throws ProviderException {
    DescribeResult result = ProviderCalls.value(described);
    Optional<ProviderException> failure = result.failureFor(context.uid());
    if (failure.isPresent()) {
      throw failure.get();
    }
    return result.resultFor(context.uid()).orElseThrow(() -> new IllegalStateException(
        "provider " + decoded.provider().name() + " did not answer describe for this Machine"));
  }
}
