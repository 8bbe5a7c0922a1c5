package io.machineapi.controllers.machineset;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetStatus;
import io.machineapi.controllers.ControllerRetry;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.JsonMergePatch;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.controllers.cache.SharedCaches;
import io.machineapi.controllers.cache.SharedInformer;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.ProviderCalls;
import io.machineapi.controllers.provider.ProviderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles MachineSets: validates the set, claims Machines (adopting
 * matching orphans, releasing Machines that stopped matching), creates or deletes toward {@code spec.replicas} with
 * bounded parallelism and expectations, and writes the status counts. A set being deleted is left to garbage
 * collection; what is kept in memory about a set (expectations, status write spacing) is dropped when it is deleted.
 * Machines and Nodes are read from the caches the controllers share ({@link SharedCaches}). Failed writes are
 * retried with exponential backoff, without limit, like a work queue.
 */
@GradualRetry(maxAttempts = ControllerRetry.FOREVER, initialInterval = ControllerRetry.INITIAL_MILLIS,
    intervalMultiplier = ControllerRetry.MULTIPLIER, maxInterval = ControllerRetry.MAX_MILLIS)
@ControllerConfiguration(name = "machineset")
public class MachineSetReconciler implements Reconciler<MachineSet>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MachineSetReconciler.class);
  static final String RECONCILE_ERROR = EventRecorder.RECONCILE_ERROR;

  private final EventRecorder events;
  private final Clock clock;
  private final StatusWriteSpacing statusSpacing;
  private final Expectations expectations;
  private final BoundedCalls calls;
  private final MachineAdoption adoption;
  private final MachineSetScaler scaler;
  /** The caches shared with the other controllers; null = this controller makes its own. */
  private final SharedCaches caches;
  private volatile SharedInformer<Machine> machines;
  private volatile SharedInformer<Node> nodes;
  private volatile IndexerResourceCache<MachineSet> sets;
  /** Writes the scale-from-zero capacity annotations; null = not written (no providers given). */
  private final CapacityAnnotationStep capacity;
  /** Reconciles a set again when a provider answer it did not wait for arrives. */
  private final SimpleInboundEventSource<MachineSet> answers = new SimpleInboundEventSource<>("capacity-answers");

  public MachineSetReconciler(MachineWrites writes, EventRecorder events, ControllerSettings settings, Clock clock) {
    this(writes, events, settings, clock, null);
  }

  /** @param caches the caches shared by the controllers of one operator; null = own caches */
  public MachineSetReconciler(MachineWrites writes, EventRecorder events, ControllerSettings settings, Clock clock,
      SharedCaches caches) {
    this(writes, events, settings, clock, caches, null);
  }

  /**
   * @param capacity the providers and their call path, to write the scale-from-zero capacity annotations of each
   *     set's instance type; null = none written
   */
  public MachineSetReconciler(MachineWrites writes, EventRecorder events, ControllerSettings settings, Clock clock,
      SharedCaches caches, CapacitySource capacity) {
    this.caches = caches;
    this.capacity = capacity == null ? null
        : new CapacityAnnotationStep(capacity.providers(), capacity.calls(), capacity.client(), events, clock);
    this.events = events;
    this.clock = clock;
    this.expectations = new Expectations(clock, Expectations.DEFAULT_TTL);
    this.statusSpacing = new StatusWriteSpacing(clock);
    this.calls = new BoundedCalls(settings.machineSetMaxInFlight());
    this.adoption = new MachineAdoption(writes);
    this.scaler = new MachineSetScaler(writes, calls, expectations, events);
  }

  @Override
  public List<EventSource<?, MachineSet>> prepareEventSources(EventSourceContext<MachineSet> context) {
    SharedCaches shared = caches != null ? caches : SharedCaches.forController(context);
    machines = shared.machines();
    nodes = shared.nodes();
    sets = context.getPrimaryCache();
    List<EventSource<?, MachineSet>> sources = new ArrayList<>(
        MachineSetEventSources.create(context, expectations, shared, this::forget));
    sources.add(answers);
    return sources;
  }

  private void forget(MachineSet set) {
    expectations.forget(MachineSetScaler.setKey(set));
    statusSpacing.forget(set.getMetadata().getUid());
    if (capacity != null) {
      capacity.forget(set.getMetadata().getUid());
    }
  }

  /**
   * What the controller needs to write capacity annotations: the enabled providers, the provider call path shared
   * with the Machine controller (its executors, deadline and metrics), and a client to read credentials Secrets.
   */
  public record CapacitySource(ProviderRegistry providers, ProviderCalls calls, KubernetesClient client) {}

  @Override
  public UpdateControl<MachineSet> reconcile(MachineSet set, Context<MachineSet> context) throws Exception {
    try {
      return sync(set, context);
    } finally {
      if (sets.get(ResourceID.fromResource(set)).isEmpty()) {
        // Deleted during this pass, perhaps after the deletion was handled: drop what the pass recorded again.
        forget(set);
      }
    }
  }

  private UpdateControl<MachineSet> sync(MachineSet set, Context<MachineSet> context) throws Exception {
    if (set.getMetadata().getDeletionTimestamp() != null) {
      forget(set);
      return UpdateControl.noUpdate();
    }
    Optional<Duration> capacityRecheck = Optional.empty();
    if (capacity != null) {
      ResourceID id = ResourceID.fromResource(set);
      CapacityAnnotationStep.Outcome written = capacity.apply(set,
          CapacityAnnotationStep.kubernetes(context.getClient()), () -> answers.propagateEvent(id));
      if (written.set() != set) {
        context.eventSourceRetriever().getControllerEventSource()
            .handleRecentResourceUpdate(id, written.set(), set);
        set = written.set();
      }
      capacityRecheck = written.recheckAfter();
    }
    Function<String, Optional<Node>> nodes = name -> this.nodes.get(new ResourceID(name));
    MachineSetStatusCalculator calculator = new MachineSetStatusCalculator(clock, nodes);
    String namespace = set.getMetadata().getNamespace();

    MachineSetStatusCalculator.Computed computed;
    int failures = 0;
    MachineSetValidation.Result validation = MachineSetValidation.validate(set);
    if (validation instanceof MachineSetValidation.Valid valid) {
      // Expectations are settled against the cache BEFORE the Machines are listed: settled after, they could count
      // creates the (older) list does not show yet, and the pass would create those Machines again.
      int pending = expectations.pending(MachineSetScaler.setKey(set),
          name -> machines.get(new ResourceID(name, namespace)));
      Claimed claimed = claim(set, valid.selector(), machines);
      failures = claimed.failures() + manageReplicas(set, valid.replicas(), claimed, nodes, pending);
      computed = calculator.compute(set, claimed.kept(), Optional.empty());
    } else {
      String message = ((MachineSetValidation.Invalid) validation).message();
      MachineSelector selector = MachineSelector.of(set.getSpec() == null ? null : set.getSpec().getSelector());
      List<Machine> kept = selector.problem().isPresent() ? List.of()
          : MachineClaims.of(set, selector, machines.list(namespace, m -> true).toList()).kept();
      computed = calculator.compute(set, kept, Optional.of(message));
      if (set.getStatus() == null || !message.equals(set.getStatus().getErrorMessage())) {
        LOG.warn("MachineSet {}/{} is invalid, creating no Machines: {}", namespace, set.getMetadata().getName(),
            message);
        events.warning(set, RECONCILE_ERROR, message);
      }
    }
    if (failures > 0) {
      throw new MachineSetSyncException(failures + " Machine write(s) failed (create, delete, adopt or release)",
          computed.status());
    }
    UpdateControl<MachineSet> control = UpdateControl.noUpdate();
    Optional<Duration> held = statusSpacing.hold(set.getMetadata().getUid(), set.getStatus(), computed.status());
    if (held.isPresent() && !MachineSetStatusCalculator.same(set.getStatus(), computed.status())) {
      Duration recheck = earliest(computed.recheckAfter(), capacityRecheck)
          .filter(after -> after.compareTo(held.get()) < 0).orElse(held.get());
      return control.rescheduleAfter(recheck);
    }
    if (writeStatus(set, context, computed.status())) {
      statusSpacing.wrote(set.getMetadata().getUid());
    }
    earliest(computed.recheckAfter(), capacityRecheck).ifPresent(control::rescheduleAfter);
    return control;
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    return a.isEmpty() ? b : b.isEmpty() ? a : Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
  }

  @Override
  public ErrorStatusUpdateControl<MachineSet> updateErrorStatus(MachineSet set, Context<MachineSet> context,
      Exception e) {
    events.warning(set, RECONCILE_ERROR, String.valueOf(e.getMessage()));
    if (e instanceof MachineSetSyncException sync) {
      try {
        writeStatus(set, context, sync.status());
      } catch (RuntimeException statusError) {
        LOG.warn("MachineSet {}/{}: could not write status after failed writes: {}", set.getMetadata().getNamespace(),
            set.getMetadata().getName(), statusError.getMessage());
      }
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * The Machines counted this pass and how many carry the set's controller reference.
   *
   * @param owned the kept Machines plus those outside the selector whose release failed (they cap creations)
   * @param failures adoptions and releases that failed; the pass is retried with backoff
   */
  private record Claimed(List<Machine> kept, int owned, int failures) {}

  /** Claims Machines, adopting matching orphans and releasing non-matching ones. */
  private Claimed claim(MachineSet set, MachineSelector selector, SharedInformer<Machine> machines) {
    MachineClaims claims = MachineClaims.of(set, selector,
        machines.list(set.getMetadata().getNamespace(), m -> true).toList());
    int stillOwnedOutside = (int) claims.toRelease().stream().filter(m -> !adoption.release(set, m)).count();
    List<Machine> kept = new ArrayList<>(claims.kept());
    int failedAdoptions = 0;
    for (Machine orphan : claims.toAdopt()) {
      if (!adoption.adopt(set, orphan)) {
        kept.remove(orphan);
        failedAdoptions++;
      }
    }
    return new Claimed(List.copyOf(kept), kept.size() + stillOwnedOutside, stillOwnedOutside + failedAdoptions);
  }

  /** Creates or deletes Machines toward {@code spec.replicas}. Returns the number of failed writes. */
  private int manageReplicas(MachineSet set, int replicas, Claimed claimed, Function<String, Optional<Node>> nodes,
      int pending) throws InterruptedException {
    String setKey = MachineSetScaler.setKey(set);
    if (pending > 0) {
      LOG.debug("MachineSet {} waits for the informer to show {} create(s)/delete(s) it made", setKey, pending);
      return 0;
    }
    List<Machine> kept = claimed.kept();
    int owned = claimed.owned();
    int diff = kept.size() - replicas;
    if (diff < 0) {
      // ownerRef cap: Machines still carrying our reference count too, whatever their labels.
      int count = Math.min(-diff, replicas - owned);
      if (count <= 0) {
        LOG.info("MachineSet {} waits for {} owned Machine(s) outside its selector to be released before creating",
            setKey, owned - kept.size());
        return 0;
      }
      LOG.info("MachineSet {} has {} of {} Machines; creating {}", setKey, kept.size(), replicas, count);
      return scaler.create(set, count);
    }
    if (diff > 0) {
      List<Machine> victims = new DeletePriority(set.getSpec().getDeletePolicy(), clock, nodes).victims(kept, diff);
      LOG.info("MachineSet {} has {} of {} Machines; deleting {}", setKey, kept.size(), replicas,
          victims.stream().map(m -> m.getMetadata().getName()).toList());
      return scaler.delete(set, victims);
    }
    return 0;
  }

  /**
   * Patches the status when it changed: one merge patch of the difference, sent without reading the set first and
   * without a resourceVersion (the status is this controller's alone; JOSDK's PrimaryUpdateAndCacheUtils would send
   * one and answer a conflict by polling the informer cache on the reconcile thread). The answer goes into JOSDK's
   * temporary resource cache, so the next pass compares against what was written, not a stale informer copy (which
   * could hide a needed write). That cache drops the answer on any event for the set; it fits here because a pass
   * writes the set at most once, so the event that drops it is normally that write's own.
   */
  private static boolean writeStatus(MachineSet set, Context<MachineSet> context, MachineSetStatus status) {
    if (MachineSetStatusCalculator.same(set.getStatus(), status)) {
      return false;
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.set("status", JsonMergePatch.diff(
        Serialization.jsonMapper().valueToTree(set.getStatus() == null ? new MachineSetStatus() : set.getStatus()),
        Serialization.jsonMapper().valueToTree(status)));
    MachineSet updated = PatchTargets.of(context.getClient(), MachineSet.class, set.getMetadata().getNamespace(),
        set.getMetadata().getName()).subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    context.eventSourceRetriever().getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(updated), updated, set);
    return true;
  }

  /** Stops the shared call pool. */
  @Override
  public void close() {
    calls.close();
  }
}
