package io.machineapi.controllers.healthcheck;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineHealthCheck;
import io.machineapi.api.machine.v1beta1.MachineHealthCheckStatus;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.controllers.ControllerRetry;
import io.machineapi.controllers.DaemonThreads;
import io.machineapi.controllers.FailureBackoff;
import io.machineapi.controllers.cache.PrimaryDeletions;
import io.machineapi.controllers.cache.SharedCaches;
import io.machineapi.controllers.cache.SharedInformer;
import io.machineapi.controllers.cache.SharedInformerEventSource;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.machine.MachineConditions;
import io.machineapi.controllers.machineset.MachineSelector;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles MachineHealthChecks: evaluates the matched Machines with {@link HealthEvaluator}, remediates the
 * unhealthy ones unless too many are unhealthy ({@code maxUnhealthy}) or too many remediations are already in flight
 * (annotation {@value #MAX_IN_FLIGHT_ANNOTATION}), writes status, and schedules the next evaluation for the instant
 * the earliest timeout expires. Machine and Node changes wake the MHCs that select them (no polling loop); Machines
 * and Nodes are read from the caches the controllers share ({@link SharedCaches}). What is kept in memory per MHC
 * (backoff, metric series) is dropped when it is deleted.
 */
@GradualRetry(maxAttempts = ControllerRetry.FOREVER, initialInterval = ControllerRetry.INITIAL_MILLIS,
    intervalMultiplier = ControllerRetry.MULTIPLIER, maxInterval = ControllerRetry.MAX_MILLIS)
@ControllerConfiguration(name = "machinehealthcheck")
public class MachineHealthCheckReconciler implements Reconciler<MachineHealthCheck> {
  private static final Logger LOG = LoggerFactory.getLogger(MachineHealthCheckReconciler.class);

  public static final String PAUSED_ANNOTATION = "cluster.x-k8s.io/paused";
  /**
   * Optional limit on remediations in flight (Machines of this MHC deleting or under external remediation), an
   * integer or a percentage of the expected Machines. An annotation, so OpenShift manifests stay valid.
   */
  public static final String MAX_IN_FLIGHT_ANNOTATION = "machine-api.io/remediation-max-in-flight";
  public static final String CONDITION_REMEDIATION_ALLOWED = "RemediationAllowed";
  public static final String CONDITION_VALID = "Valid";
  public static final String CONDITION_TEMPLATE_AVAILABLE = "ExternalRemediationTemplateAvailable";
  /** Shared by every MachineHealthCheck: at most this many remediation calls at once. */
  private final java.util.concurrent.ExecutorService remediators = java.util.concurrent.Executors
      .newFixedThreadPool(16, DaemonThreads.named("mhc-remediation"));

  /** Longest wait for one remediation call (its API calls have their own client timeouts). */
  private static final Duration REMEDIATION_DEADLINE = Duration.ofSeconds(60);

  private final Remediation remediation;
  private final FailureBackoff backoff = new FailureBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
  private final EventRecorder events;
  private final HealthCheckMetrics metrics;
  private final Clock clock;
  /** The caches shared with the other controllers; null = this controller makes its own. */
  private final SharedCaches caches;
  private SharedInformer<Machine> machines;
  private SharedInformer<Node> nodes;
  private IndexerResourceCache<MachineHealthCheck> healthChecks;

  public MachineHealthCheckReconciler(io.fabric8.kubernetes.client.KubernetesClient client, EventRecorder events,
      io.micrometer.core.instrument.MeterRegistry registry, Clock clock) {
    this(client, events, registry, clock, null);
  }

  /** @param caches the caches shared by the controllers of one operator; null = own caches */
  public MachineHealthCheckReconciler(io.fabric8.kubernetes.client.KubernetesClient client, EventRecorder events,
      io.micrometer.core.instrument.MeterRegistry registry, Clock clock, SharedCaches caches) {
    this.remediation = new Remediation(client, events);
    this.events = events;
    this.metrics = new HealthCheckMetrics(registry);
    this.clock = clock;
    this.caches = caches;
  }

  @Override
  public List<EventSource<?, MachineHealthCheck>> prepareEventSources(EventSourceContext<MachineHealthCheck> context) {
    healthChecks = context.getPrimaryCache();
    SharedCaches shared = caches != null ? caches : SharedCaches.forController(context);
    machines = shared.machines();
    nodes = shared.nodes();
    return List.of(
        new SharedInformerEventSource<>(Machine.class, "machinehealthcheck-machines", machines,
            this::healthChecksSelecting),
        new SharedInformerEventSource<>(Node.class, "machinehealthcheck-nodes", nodes,
            node -> machines.byIndex(SharedCaches.MACHINES_BY_NODE_NAME, node.getMetadata().getName()).stream()
                .flatMap(m -> healthChecksSelecting(m).stream()).collect(Collectors.toSet())),
        new PrimaryDeletions<>(MachineHealthCheck.class, "machinehealthcheck-deletions", this::forget));
  }

  /** Drops what is kept in memory about a deleted MHC: its backoff and its metric series. */
  void forget(MachineHealthCheck mhc) {
    backoff.reset(mhc.getMetadata().getUid());
    metrics.forget(mhc.getMetadata().getNamespace(), mhc.getMetadata().getName());
  }

  private Set<ResourceID> healthChecksSelecting(Machine machine) {
    return healthChecks.list(machine.getMetadata().getNamespace(),
            mhc -> mhc.getSpec() != null && selects(mhc.getSpec().getSelector(),
                machine.getMetadata().getLabels()))
        .map(ResourceID::fromResource).collect(Collectors.toSet());
  }

  /** Any exception: a warning and an Event; JOSDK retries with backoff, forever ({@code ControllerRetry}). */
  @Override
  public ErrorStatusUpdateControl<MachineHealthCheck> updateErrorStatus(MachineHealthCheck resource,
      Context<MachineHealthCheck> context, Exception e) {
    return events.reconcileFailed(resource, context, e);
  }

  @Override
  public UpdateControl<MachineHealthCheck> reconcile(MachineHealthCheck mhc, Context<MachineHealthCheck> context) {
    if (annotations(mhc).containsKey(PAUSED_ANNOTATION)) {
      LOG.debug("MachineHealthCheck {} is paused", ResourceID.fromResource(mhc));
      return UpdateControl.noUpdate();
    }
    MachineHealthCheckStatus status = copy(mhc.getStatus());
    HealthCheckPolicy policy;
    try {
      policy = HealthCheckPolicies.from(mhc);
    } catch (IllegalArgumentException invalid) {
      setCondition(status, CONDITION_VALID, Condition.FALSE, "InvalidSpec", invalid.getMessage());
      return writeStatus(mhc, status, Optional.empty());
    }
    List<Machine> targets = machines.list(mhc.getMetadata().getNamespace(),
        m -> selects(mhc.getSpec().getSelector(), m.getMetadata().getLabels())).toList();
    if (targets.isEmpty()) {
      setCondition(status, CONDITION_VALID, Condition.FALSE, "NoMatchingMachines",
          "spec.selector matches no Machine in namespace " + mhc.getMetadata().getNamespace());
    } else {
      setCondition(status, CONDITION_VALID, Condition.TRUE, "MachinesSelected", targets.size() + " Machines selected");
    }
    Instant now = clock.instant();
    HealthEvaluation evaluation = HealthEvaluator.evaluate(policy,
        targets.stream().map(this::target).toList(), now);

    int failed = remediate(mhc, targets, evaluation, status);
    status.setExpectedMachines(evaluation.expectedMachines());
    status.setCurrentHealthy(evaluation.currentHealthy());
    status.setRemediationsAllowed(evaluation.remediationsAllowed());
    if (evaluation.shortCircuited()) {
      String message = evaluation.maxUnhealthy().isEmpty()
          ? "spec.maxUnhealthy " + mhc.getSpec().getMaxUnhealthy() + " cannot be parsed: remediation is not allowed"
          : "Remediation is not allowed: " + evaluation.unhealthy() + " of " + evaluation.expectedMachines()
              + " Machines are unhealthy, more than maxUnhealthy " + evaluation.maxUnhealthy().getAsInt();
      boolean changed = setCondition(status, CONDITION_REMEDIATION_ALLOWED, Condition.FALSE, "TooManyUnhealthy",
          message);
      if (changed) {
        events.warning(mhc, "RemediationRestricted", message);
      }
    } else {
      setCondition(status, CONDITION_REMEDIATION_ALLOWED, Condition.TRUE, null, null);
    }
    metrics.observe(mhc.getMetadata().getNamespace(), mhc.getMetadata().getName(), evaluation.expectedMachines(),
        evaluation.shortCircuited());
    Optional<Duration> next = evaluation.nextCheck().map(at -> Duration.between(clock.instant(), at));
    String uid = mhc.getMetadata().getUid();
    if (failed > 0) {
      // A remediation that failed is retried with backoff even when no timeout is pending.
      Duration retry = backoff.next(uid, Optional.empty());
      LOG.warn("MachineHealthCheck {}: {} remediation step(s) failed; retrying in {}", ResourceID.fromResource(mhc),
          failed, retry);
      next = Optional.of(next.filter(d -> d.compareTo(retry) < 0).orElse(retry));
    } else {
      backoff.reset(uid);
    }
    if (healthChecks.get(ResourceID.fromResource(mhc)).isEmpty()) {
      // Deleted during this pass, perhaps after PrimaryDeletions ran: drop what the pass recorded again.
      forget(mhc);
      return UpdateControl.noUpdate();
    }
    return writeStatus(mhc, status, next);
  }

  /** @return how many remediation steps failed (they are retried with backoff) */
  private int remediate(MachineHealthCheck mhc, List<Machine> targets, HealthEvaluation evaluation,
      MachineHealthCheckStatus status) {
    Map<String, Machine> byName = targets.stream()
        .collect(Collectors.toMap(m -> m.getMetadata().getName(), m -> m, (a, b) -> a));
    int budget = inFlightBudget(mhc, targets);
    List<String> now = evaluation.toRemediate().stream().limit(Math.max(0, budget)).toList();
    if (now.size() < evaluation.toRemediate().size()) {
      LOG.info("MachineHealthCheck {}: {} remediations deferred, in-flight limit reached",
          ResourceID.fromResource(mhc), evaluation.toRemediate().size() - now.size());
    }
    // Remediations of one pass run in parallel (bounded), so the last of many unhealthy Machines is not
    // remediated seconds after its timeout expired.
    List<java.util.concurrent.Future<Remediation.Outcome>> outcomes = now.stream()
        .map(name -> remediators.submit(() -> remediation.remediate(mhc, byName.get(name),
            ((TargetVerdict.Unhealthy) evaluation.verdicts().get(name)).message())))
        .toList();
    boolean templateMissing = false;
    int failed = 0;
    for (java.util.concurrent.Future<Remediation.Outcome> future : outcomes) {
      Remediation.Outcome outcome;
      try {
        outcome = future.get(REMEDIATION_DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed + 1;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
        LOG.warn("MachineHealthCheck {}: remediation failed: {}", ResourceID.fromResource(mhc), cause.toString());
        events.warning(mhc, "RemediationFailed", "Remediation failed: " + cause);
        failed++;
        continue;
      }
      if (outcome == Remediation.Outcome.FAILED) {
        failed++;
      }
      if (outcome == Remediation.Outcome.STARTED) {
        metrics.remediated(mhc.getMetadata().getNamespace(), mhc.getMetadata().getName());
      } else if (outcome == Remediation.Outcome.TEMPLATE_NOT_FOUND) {
        templateMissing = true;
      }
    }
    if (mhc.getSpec().getRemediationTemplate() != null) {
      boolean withdrawn = remediation.healthyAgain(mhc, evaluation.verdicts().entrySet().stream()
          .filter(verdict -> verdict.getValue() instanceof TargetVerdict.Healthy)
          .map(verdict -> byName.get(verdict.getKey())).filter(java.util.Objects::nonNull).toList());
      if (!withdrawn) {
        failed++;
      }
      if (templateMissing) {
        failed++;
        setCondition(status, CONDITION_TEMPLATE_AVAILABLE, Condition.FALSE, "ExternalRemediationTemplateNotFound",
            "Remediation template " + mhc.getSpec().getRemediationTemplate().getName() + " not found");
      } else {
        setCondition(status, CONDITION_TEMPLATE_AVAILABLE, Condition.TRUE, null, null);
      }
    }
    return failed;
  }

  /** How many more remediations may start now; unlimited without the annotation. */
  private int inFlightBudget(MachineHealthCheck mhc, List<Machine> targets) {
    String limit = annotations(mhc).get(MAX_IN_FLIGHT_ANNOTATION);
    if (limit == null) {
      return Integer.MAX_VALUE;
    }
    OptionalInt max = MaxUnhealthy.resolve(limit.matches("\\d+") ? new IntOrString(Integer.parseInt(limit))
        : new IntOrString(limit), targets.size());
    if (max.isEmpty()) {
      events.warning(mhc, "InvalidMaxInFlight", MAX_IN_FLIGHT_ANNOTATION + " " + limit + " is not an integer or a "
          + "percentage: no remediation until it is fixed");
      return 0;
    }
    long inFlight = targets.stream().filter(m -> m.getMetadata().getDeletionTimestamp() != null
        || annotations(m).containsKey(Remediation.EXTERNAL_REMEDIATION_ANNOTATION)).count();
    return (int) Math.max(0, max.getAsInt() - inFlight);
  }

  private HealthTarget target(Machine machine) {
    Optional<String> nodeName = Optional.ofNullable(machine.getStatus())
        .map(s -> s.getNodeRef()).map(r -> r.getName());
    Optional<Map<String, HealthTarget.NodeCondition>> node = nodeName
        .flatMap(name -> nodes.get(new ResourceID(name)))
        .map(MachineHealthCheckReconciler::conditions);
    return new HealthTarget(machine.getMetadata().getName(),
        machine.getStatus() != null && MachinePhases.FAILED.equals(machine.getStatus().getPhase()),
        machine.getMetadata().getDeletionTimestamp() != null, nodeName, node, instanceCreatedAt(machine),
        annotations(machine).containsKey(Remediation.EXTERNAL_REMEDIATION_ANNOTATION));
  }

  /** The node-startup clock: when the instance was first seen to exist, else when the Machine was created. */
  static Instant instanceCreatedAt(Machine machine) {
    Condition exists = machine.getStatus() == null ? null
        : MachineConditions.find(machine.getStatus().getConditions(), "InstanceExists");
    if (exists != null && Condition.TRUE.equals(exists.getStatus()) && exists.getLastTransitionTime() != null) {
      return Instant.parse(exists.getLastTransitionTime());
    }
    String created = machine.getMetadata().getCreationTimestamp();
    return created == null ? Instant.EPOCH : Instant.parse(created);
  }

  private static Map<String, HealthTarget.NodeCondition> conditions(Node node) {
    Map<String, HealthTarget.NodeCondition> result = new HashMap<>();
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (NodeCondition c : node.getStatus().getConditions()) {
        if (c.getType() != null && c.getStatus() != null) {
          result.put(c.getType(), new HealthTarget.NodeCondition(c.getStatus(),
              c.getLastTransitionTime() == null ? Instant.EPOCH : Instant.parse(c.getLastTransitionTime())));
        }
      }
    }
    return result;
  }

  private UpdateControl<MachineHealthCheck> writeStatus(MachineHealthCheck mhc, MachineHealthCheckStatus status,
      Optional<Duration> recheck) {
    UpdateControl<MachineHealthCheck> control;
    if (Objects.equals(json(status), json(mhc.getStatus()))) {
      control = UpdateControl.noUpdate();
    } else {
      mhc.setStatus(status);
      control = UpdateControl.patchStatus(mhc);
    }
    recheck.ifPresent(d -> control.rescheduleAfter(d.isNegative() ? Duration.ZERO : d));
    return control;
  }

  private boolean setCondition(MachineHealthCheckStatus status, String type, String value, String reason,
      String message) {
    Condition before = MachineConditions.find(status.getConditions(), type);
    status.setConditions(MachineConditions.set(status.getConditions(),
        new Condition(type, value, Condition.FALSE.equals(value) ? "Warning" : null, reason, message, null), clock));
    return before == null || !Objects.equals(before.getStatus(), value)
        || !Objects.equals(before.getMessage(), message);
  }

  private static MachineHealthCheckStatus copy(MachineHealthCheckStatus status) {
    return status == null ? new MachineHealthCheckStatus()
        : io.fabric8.kubernetes.client.utils.Serialization.clone(status);
  }

  private static String json(Object o) {
    return o == null ? null : io.fabric8.kubernetes.client.utils.Serialization.asJson(o);
  }

  /** An MHC's selector; unlike a MachineSet's, an empty one selects every Machine in the namespace. */
  private static boolean selects(io.fabric8.kubernetes.api.model.LabelSelector selector, Map<String, String> labels) {
    MachineSelector parsed = MachineSelector.of(selector);
    return parsed.isEmpty() || parsed.matches(labels);
  }

  private static Map<String, String> annotations(io.fabric8.kubernetes.api.model.HasMetadata object) {
    return object.getMetadata().getAnnotations() == null ? Map.of() : object.getMetadata().getAnnotations();
  }
}
