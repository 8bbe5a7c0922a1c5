package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.controllers.ControllerRetry;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.FailureBackoff;
import io.machineapi.controllers.cache.CachePruning;
import io.machineapi.controllers.cache.SharedCaches;
import io.machineapi.controllers.drain.NodeDrainer;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.ProviderCalls;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles Machines through their whole lifecycle, in OpenShift's order with three Cluster API choices (tracked
 * Node metadata, a drain timeout, a node-deletion timeout; see docs/machine-controller.md). Each pass builds a
 * {@link MachineScope} and runs small {@link MachinePhase}s in order until one stops:
 * <ol>
 *   <li>lifecycle: choose the provider by providerSpec kind ({@code ProviderEnabled}), validate, add the
 *       finalizer, decode the spec (Failed on invalid configuration), observe or create the instance, link
 *       the Node;</li>
 *   <li>deletion: {@code Deleting}, preDrain hooks, drain, preTerminate hooks, delete the instance until gone, delete
 *       the Node, remove the finalizer.</li>
 * </ol>
 * The finalizer {@value Machine#FINALIZER} is managed here rather than by JOSDK's {@code Cleaner}: JOSDK (through
 * fabric8) only accepts finalizer names with a {@code /}, and OpenShift's has none. So the controller asks JOSDK for
 * every event, deletions included ({@code triggerReconcilerOnAllEvents}), and processes status-only changes too
 * ({@code generationAwareEventProcessing = false}) because Node linking and the Provisioning step depend on them.
 */
@GradualRetry(maxAttempts = ControllerRetry.FOREVER, initialInterval = ControllerRetry.INITIAL_MILLIS,
    intervalMultiplier = ControllerRetry.MULTIPLIER, maxInterval = ControllerRetry.MAX_MILLIS)
@ControllerConfiguration(name = "machine", generationAwareEventProcessing = false,
    triggerReconcilerOnAllEvents = true, informer = @Informer(itemStore = CachePruning.MachineStore.class))
public class MachineReconciler implements Reconciler<Machine> {
  private static final Logger LOG = LoggerFactory.getLogger(MachineReconciler.class);
  private static final Duration MIN_REQUEUE = Duration.ofMillis(10);

  /** Condition saying whether an enabled provider serves the Machine's providerSpec kind. */
  public static final String CONDITION_PROVIDER_ENABLED = "ProviderEnabled";
  public static final String REASON_NOT_ENABLED = "ProviderNotEnabled";
  /** No provider of this build serves the kind at all (a cloud machine-api has no provider for, e.g. Azure). */
  public static final String REASON_NOT_SUPPORTED = "ProviderNotSupported";
  public static final String REASON_ENABLED = "ProviderEnabled";

  private final KubernetesClient client;
  private final ProviderRegistry providers;
  private final EventRecorder events;
  private final Clock clock;
  private final ControllerSettings settings;
  private final NodeDrainer drainer;
  private final MachineTimings timings;
  private final FailureBackoff backoff;
  private final ProviderPollSchedule polls = new ProviderPollSchedule();
  private final MachineWriter writer;
  private final RecentWrites recent = new RecentWrites();
  private final ProviderCalls calls;
  private final MachineMetrics metrics;
  /** The Node cache shared with the other controllers; null = this controller makes its own. */
  private final SharedCaches caches;
  /** Reconciles a Machine again when a provider call it did not wait for answers. */
  private final SimpleInboundEventSource<Machine> answers = new SimpleInboundEventSource<>("provider-answers");
  private volatile List<MachinePhase> lifecycle;
  private volatile List<MachinePhase> deletion;

  /**
   * @param client the client the controller writes with (the operator's)
   * @param drainer drains Nodes during deletion
   * @param timings requeue intervals and backoff ({@link MachineTimings#defaults()})
   */
  public MachineReconciler(KubernetesClient client, ProviderRegistry providers, EventRecorder events, Clock clock,
      ControllerSettings settings, NodeDrainer drainer, MachineTimings timings) {
    this(client, providers, events, clock, settings, drainer, timings, Metrics.globalRegistry);
  }

  /**
   * @param meters where the Machine metrics ({@link MachineMetrics}) go ({@link Metrics#globalRegistry} by default)
   */
  public MachineReconciler(KubernetesClient client, ProviderRegistry providers, EventRecorder events, Clock clock,
      ControllerSettings settings, NodeDrainer drainer, MachineTimings timings, MeterRegistry meters) {
    this(client, providers, events, clock, settings, drainer, timings, meters, null);
  }

  /**
   * @param caches the caches shared by the controllers of one operator (the Node cache is used); null = own caches
   */
  public MachineReconciler(KubernetesClient client, ProviderRegistry providers, EventRecorder events, Clock clock,
      ControllerSettings settings, NodeDrainer drainer, MachineTimings timings, MeterRegistry meters,
      SharedCaches caches) {
    this.client = Objects.requireNonNull(client, "client");
    this.providers = Objects.requireNonNull(providers, "providers");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.drainer = Objects.requireNonNull(drainer, "drainer");
    this.timings = Objects.requireNonNull(timings, "timings");
    this.backoff = new FailureBackoff(timings.backoffInitial(), timings.backoffMax());
    this.metrics = new MachineMetrics(meters);
    this.writer = new MachineWriter(client, events, metrics, recent);
    this.calls = new ProviderCalls(timings.providerCalls(), clock, meters);
    this.caches = caches;
  }

  /** The provider call path (executors, deadline, metrics), shared with the MachineSet controller. */
  public ProviderCalls providerCalls() {
    return calls;
  }

  @Override
  public List<EventSource<?, Machine>> prepareEventSources(EventSourceContext<Machine> context) {
    NodeEventSource nodes = new NodeEventSource(context,
        (caches != null ? caches : SharedCaches.forController(context)).nodes());
    SecretResolver secrets = new SecretResolver(client);
    ProviderFailures failures = new ProviderFailures(writer.metrics(), events, backoff);
    lifecycle = List.of(
        new SelectProviderPhase(providers, events),
        new ValidatePhase(events, backoff),
        new EnsureFinalizerPhase(writer),
        new DecodeSpecPhase(events, backoff),
        new InstancePhase(writer, secrets, events, failures, polls, timings, calls, this::wake),
        new NodeLinkPhase(client, nodes, events, backoff));
    deletion = List.of(
        new MarkDeletingPhase(),
        LifecycleHookPhase.preDrain(events),
        new DrainPhase(drainer, settings.drainTimeout(), events, backoff),
        LifecycleHookPhase.preTerminate(events),
        new DeleteInstancePhase(providers, secrets, events, failures, timings, calls, this::wake),
        new DeleteNodePhase(client, settings.nodeDeletionTimeout(), events, backoff));
    return List.of(nodes.source(), answers);
  }

  private Runnable wake(MachineScope scope) {
    ResourceID id = ResourceID.fromResource(scope.machine());
    return () -> answers.propagateEvent(id);
  }

  /** Any exception: a warning and an Event; JOSDK retries with backoff, forever ({@code ControllerRetry}). */
  @Override
  public ErrorStatusUpdateControl<Machine> updateErrorStatus(Machine resource, Context<Machine> context, Exception e) {
    return events.reconcileFailed(resource, context, e);
  }

  /**
   * One pass: the steps change the {@link MachineScope}; the status is written once, at the end, as one merge patch
   * of what changed since the pass read the Machine (Cluster API's deferred patch). Metadata and the finalizer are
   * written by the steps that need them, when they need them. A step that must have something stored before a cloud
   * call ends the pass instead of writing (the Provisioning phase before the first create): the write at the end
   * stores it, and its watch event starts the pass that makes the call.
   */
  @Override
  public UpdateControl<Machine> reconcile(Machine machine, Context<Machine> context) {
    String uid = machine.getMetadata().getUid();
    if (context.isPrimaryResourceDeleted()) {
      forget(uid);
      metrics.forget(machine);
      return UpdateControl.noUpdate();
    }
    MachineScope scope = new MachineScope(recent.freshest(machine), clock);
    machine = scope.machine();
    if (machine.isMarkedForDeletion()) {
      if (machine.getMetadata().getFinalizers() == null
          || !machine.getMetadata().getFinalizers().contains(Machine.FINALIZER)) {
        return UpdateControl.noUpdate();
      }
      PhaseResult result = run(deletion, scope);
      if (result instanceof PhaseResult.Proceed) {
        // The Machine is going away: what this pass learned is not written.
        writer.removeFinalizer(scope);
        LOG.info("Machine {} deleted: finalizer removed", scope.key());
        forget(uid);
        return UpdateControl.noUpdate();
      }
      writer.writeStatus(scope);
      return control(result, scope);
    }
    PhaseResult result = run(lifecycle, scope);
    writer.writeStatus(scope);
    return control(result, scope);
  }

  private static PhaseResult run(List<MachinePhase> phases, MachineScope scope) {
    for (MachinePhase phase : phases) {
      PhaseResult result = phase.run(scope);
      if (!(result instanceof PhaseResult.Proceed)) {
        if (result instanceof PhaseResult.Wait wait) {
          LOG.debug("Machine {}: waiting for {}", scope.key(), wait.waitingFor());
        }
        return result;
      }
    }
    return PhaseResult.proceed();
  }

  private static UpdateControl<Machine> control(PhaseResult result, MachineScope scope) {
    Duration after = null;
    if (result instanceof PhaseResult.Requeue requeue) {
      after = requeue.after();
    } else if (result instanceof PhaseResult.Proceed) {
      after = scope.requeueHint().orElse(null);
    }
    UpdateControl<Machine> control = UpdateControl.noUpdate();
    if (after != null) {
      control.rescheduleAfter(after.compareTo(MIN_REQUEUE) < 0 ? MIN_REQUEUE : after);
    }
    return control;
  }

  private void forget(String uid) {
    backoff.reset(uid);
    polls.forget(uid);
    recent.forget(uid);
    calls.forget(uid);
  }
}
