package io.machineapi.autoscaler.loop;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.autoscaling.v1.ClusterAutoscalerStatus;
import io.machineapi.api.autoscaling.v1.NodeGroupStatus;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.autoscaler.cluster.SettingsReader;
import io.machineapi.autoscaler.core.Autoscaler;
import io.machineapi.autoscaler.core.AutoscalerState;
import io.machineapi.autoscaler.core.Backoff;
import io.machineapi.autoscaler.core.Decision;
import io.machineapi.autoscaler.core.PodInfo;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.controllers.events.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaler inside {@code machine-api run} and the sandbox: while the ClusterAutoscaler {@code default} exists
 * a pass builds the snapshot from informer caches ({@link ClusterCache}: listed once, then watched), asks the
 * pure core for a decision, carries it out ({@link ScaleActuator}), emits Events (pods: TriggeredScaleUp /
 * NotTriggerScaleUp; the ClusterAutoscaler: ScaledUpGroup, ScaleDown, ScaleUpTimedOut, FailedToScaleUpGroup, ...) and
 * writes the ClusterAutoscaler status.
 *
 * <p>When passes run ({@link PassScheduler}): once the caches have synced; then every scan interval after the last
 * pass (the backstop); and a batching window (1 s) after a pod turns unschedulable — pods that turn unschedulable
 * within the window are in the same pass, as Karpenter batches them. Passes never overlap (one thread). A pass that
 * throws is logged as a warning and retried, with backoff while passes keep failing. Every request the loop makes
 * (scale reads and writes, Machine reads and patches, Events, the status, the informers' lists) has a deadline of
 * {@link #API_DEADLINE} and no client-side retries; the next pass is the retry. The core's state lives here; a
 * restart starts it afresh, as cluster-autoscaler's does.
 */
public final class AutoscalerLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AutoscalerLoop.class);
  /** Condition type, reason and message on a ClusterAutoscaler not named {@code default}. */
  static final String IGNORED = "Ignored";
  static final String IGNORED_REASON = "NotDefault";
  static final String IGNORED_MESSAGE = "ignored: only the ClusterAutoscaler named \"" + ClusterAutoscaler.SINGLETON_NAME
      + "\" configures the autoscaler (one per cluster, as on OpenShift); rename this one to \""
      + ClusterAutoscaler.SINGLETON_NAME + "\" or delete it";
  /** A pod's NotTriggerScaleUp Event is repeated at most this often while its reasons do not change. */
  static final Duration POD_EVENT_REPEAT = Duration.ofMinutes(5);
  /** How long a pass waits after the first pod turned unschedulable, for more to join it. */
  public static final Duration DEFAULT_BATCH_WINDOW = Duration.ofSeconds(1);
  /** Deadline of each API request the loop makes. */
  public static final Duration API_DEADLINE = Duration.ofSeconds(10);
  /** How long a pass waits for the caches' first list before it fails (and is retried). */
  static final Duration SYNC_TIMEOUT = Duration.ofMinutes(2);

  /**
   * One pass: its decision and where the time went.
   *
   * @param read building the snapshot from the caches
   * @param decide the core's decision
   * @param act the {@code /scale} and Machine requests, Events queued, the status write
   */
  public record Pass(Decision decision, Duration read, Duration decide, Duration act) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration interval;
  private final Duration batchWindow;
  private final PassScheduler scheduler;
  private final ClusterCache cache;
  private final EventRecorder events;
  private final ScaleActuator actuator;
  private final Random random = new Random();
  private final Map<String, PodEvent> podEvents = new HashMap<>();
  private AutoscalerState state = AutoscalerState.EMPTY;
  private boolean idleLogged;
  /** The MachineSets the last scale-up raised, in the order chosen ("namespace/name from->to"). */
  private List<String> lastScaleUpGroups = List.of();
  private volatile Pass lastPass;

  private record PodEvent(String message, Instant at) {}

  public AutoscalerLoop(KubernetesClient client, String machineNamespace, Clock clock, Duration interval) {
    this(client, machineNamespace, clock, interval, DEFAULT_BATCH_WINDOW);
  }

  /**
   * @param client the caller's client; the loop derives one with {@link #API_DEADLINE} from it (and does not close it)
   * @param machineNamespace namespace of the MachineSets, or null for all
   * @param interval the periodic scan
   * @param batchWindow wait after a pod turned unschedulable before the pass it wakes
   */
  public AutoscalerLoop(KubernetesClient client, String machineNamespace, Clock clock, Duration interval,
      Duration batchWindow) {
    this.client = withDeadline(client, API_DEADLINE);
    this.clock = clock;
    this.interval = interval;
    this.batchWindow = batchWindow;
    this.scheduler = new PassScheduler("autoscaler", this::pass, interval, batchWindow);
    this.cache = new ClusterCache(this.client, machineNamespace, scheduler::wake);
    this.events = new EventRecorder(this.client, clock);
    this.actuator = new ScaleActuator(this.client, clock);
  }

  /** A client sharing {@code client}'s connections whose every request has {@code deadline} and is not retried. */
  static KubernetesClient withDeadline(KubernetesClient client, Duration deadline) {
    RequestConfig config = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
        .withRequestTimeout(Math.toIntExact(deadline.toMillis())).withRequestRetryBackoffLimit(0).build();
    return client.newClient(config).adapt(KubernetesClient.class);
  }

  /** Starts the informers and schedules the first pass, which runs once they have synced. */
  public AutoscalerLoop start() {
    cache.start();
    scheduler.start();
    LOG.info("Autoscaler: scanning every {} ms and {} ms after a pod turns unschedulable; acts while "
        + "ClusterAutoscaler '{}' exists", interval.toMillis(), batchWindow.toMillis(),
        ClusterAutoscaler.SINGLETON_NAME);
    return this;
  }

  /**
   * One pass (waits for the caches' first list); returns its decision and timings, or null when ClusterAutoscaler
   * {@code default} does not exist.
   */
  public synchronized Pass pass() {
    cache.awaitSynced(SYNC_TIMEOUT);
    long t0 = System.nanoTime();
    ClusterCache.View view = cache.read();
    view.ignored().forEach(this::flagIgnored);
    ClusterAutoscaler ca = view.clusterAutoscaler();
    if (ca == null) {
      if (!idleLogged) {
        LOG.info("Autoscaler idle: no ClusterAutoscaler '{}'", ClusterAutoscaler.SINGLETON_NAME);
        idleLogged = true;
      }
      state = AutoscalerState.EMPTY;
      return null;
    }
    idleLogged = false;
    SettingsReader.Result settings = SettingsReader.read(ca, view.priorityConfig());
    Instant now = clock.instant();
    long t1 = System.nanoTime();
    Decision d = Autoscaler.decide(view.snapshot(), state, settings.settings(), now, random);
    long t2 = System.nanoTime();
    AutoscalerState next = d.next();
    Map<String, Backoff> backoffs = new HashMap<>(next.backoffs());
    Map<String, io.machineapi.autoscaler.core.ScaleUpRequest> requests = new HashMap<>(next.requests());
    boolean downFailed = false;
    List<String> raised = new ArrayList<>();
    for (ScaleActuator.Outcome o : actuator.apply(d)) {
      if (o.kind() == Decision.Change.SCALE_UP && o.done()) {
        // "MachineSet/ns/name" and "SCALE_UP 0->2" → "ns/name 0->2"
        raised.add(o.group().substring(o.group().indexOf('/') + 1) + " "
            + o.what().substring(o.what().indexOf(' ') + 1));
      }
      if (o.done()) {
        LOG.info("Autoscaler: {} {}: {}", o.group(), o.what(), o.message());
      } else {
        LOG.warn("Autoscaler: {} {} {}", o.group(), o.what(), o.message());
      }
      if (o.kind() == Decision.Change.SCALE_UP && !o.done()) {
        requests.remove(o.group());
        if (o.failed()) {
          backoffs.put(o.group(), Backoff.after(backoffs.get(o.group()), now, "FailedToScaleUpGroup: " + o.message(),
              settings.settings()));
          events.warning(ca, "FailedToScaleUpGroup", o.group() + ": " + o.message());
        }
      } else if (o.kind() == null && o.failed()) {
        downFailed = true;
        events.warning(ca, "ScaleDownFailed", o.group() + " " + o.what() + ": " + o.message());
      } else if (o.done()) {
        events.normal(ca, o.kind() == null ? "ScaleDown" : reason(o.kind()), o.group() + ": " + o.message());
      }
    }
    state = new AutoscalerState(next.lastScaleUp(), next.lastScaleDown(),
        downFailed ? now : next.lastScaleDownFailure(), next.unneededSince(), Map.copyOf(backoffs),
        Map.copyOf(requests));
    if (!raised.isEmpty()) {
      lastScaleUpGroups = List.copyOf(raised);
    }
    emitPodEvents(view.snapshot().pods(), d, now);
    writeStatus(ca, d, settings.problems());
    long t3 = System.nanoTime();
    lastPass = new Pass(d, Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1), Duration.ofNanos(t3 - t2));
    return lastPass;
  }

  /** The last pass that decided (scheduled or called), or null before the first. */
  public Pass lastPass() {
    return lastPass;
  }

  private static String reason(Decision.Change kind) {
    return switch (kind) {
      case SCALE_UP -> "ScaledUpGroup";
      case REVERT_TIMED_OUT -> "ScaleUpTimedOut";
      case REMOVE_FAILED -> "ScaleUpFailed";
    };
  }

  private void emitPodEvents(List<PodInfo> pods, Decision d, Instant now) {
    Set<String> present = new HashSet<>();
    pods.forEach(p -> present.add(p.namespace() + "/" + p.name()));
    podEvents.keySet().retainAll(present);
    for (Decision.PodVerdict v : d.pods()) {
      String reason = switch (v.verdict()) {
        case TRIGGERED_SCALE_UP -> "TriggeredScaleUp";
        case NOT_TRIGGERED, IGNORED -> "NotTriggerScaleUp";
        default -> null;
      };
      Pod pod = reason == null || !present.contains(v.pod()) ? null : cache.podRef(v.pod());
      if (pod == null) {
        continue;
      }
      PodEvent last = podEvents.get(v.pod());
      if (last != null && last.message().equals(v.message())
          && Duration.between(last.at(), now).compareTo(POD_EVENT_REPEAT) < 0) {
        continue;
      }
      podEvents.put(v.pod(), new PodEvent(v.message(), now));
      events.normal(pod, reason, v.message());
    }
  }

  /**
   * A ClusterAutoscaler not named {@code default} gets condition {@code Ignored=True} and one Warning Event saying
   * why (OpenShift's webhook refuses other names; here the object exists, so it is told rather than silently unused).
   */
  private void flagIgnored(ClusterAutoscaler ca) {
    List<Condition> conditions = ca.getStatus() == null ? null : ca.getStatus().getConditions();
    if (conditions != null && conditions.stream().anyMatch(c -> IGNORED.equals(c.getType())
        && Condition.TRUE.equals(c.getStatus()) && IGNORED_MESSAGE.equals(c.getMessage()))) {
      return;
    }
    ClusterAutoscalerStatus s = new ClusterAutoscalerStatus();
    s.setConditions(List.of(new Condition(IGNORED, Condition.TRUE, null, IGNORED_REASON, IGNORED_MESSAGE,
        clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())));
    if (replaceStatus(ca, s)) {
      events.warning(ca, IGNORED_REASON, IGNORED_MESSAGE);
      LOG.warn("Autoscaler: ClusterAutoscaler {} ignored: {}", ca.getMetadata().getName(), IGNORED_MESSAGE);
    }
  }

  private void writeStatus(ClusterAutoscaler ca, Decision d, List<String> problems) {
    ClusterAutoscalerStatus s = new ClusterAutoscalerStatus();
    if (!state.lastScaleUp().equals(Instant.EPOCH)) {
      s.setLastScaleUpTime(state.lastScaleUp().toString());
    }
    s.setLastScaleUpGroups(lastScaleUpGroups.isEmpty() ? null : lastScaleUpGroups);
    if (!state.lastScaleDown().equals(Instant.EPOCH)) {
      s.setLastScaleDownTime(state.lastScaleDown().toString());
    }
    List<Decision.PodVerdict> considered = d.pods().stream()
        .filter(v -> v.verdict() != Decision.Verdict.IGNORED).toList();
    s.setPendingPods(considered.size());
    s.setUnservedPods(d.verdicts(Decision.Verdict.NOT_TRIGGERED).size());
    List<NodeGroupStatus> groups = new ArrayList<>();
    for (Decision.GroupStatus g : d.groups()) {
      NodeGroupStatus n = new NodeGroupStatus();
      n.setNamespace(g.namespace());
      n.setName(g.name());
      n.setAutoscaled(g.autoscaled());
      n.setMinSize(g.min());
      n.setMaxSize(g.max());
      n.setTargetSize(g.targetSize());
      n.setRegistered(g.registered());
      n.setReady(g.ready());
      n.setUpcoming(g.upcoming());
      n.setHealth(g.health());
      Backoff b = state.backoffs().get(g.id());
      if (b != null && b.active(clock.instant())) {
        n.setBackoffUntil(b.until().toString());
        n.setBackoffReason(b.reason());
      }
      groups.add(n);
    }
    s.setNodeGroups(groups);
    s.setProblems(problems.isEmpty() ? null : problems);
    if (Serialization.asJson(s).equals(Serialization.asJson(ca.getStatus() == null ? new ClusterAutoscalerStatus()
        : ca.getStatus()))) {
      return;
    }
    replaceStatus(ca, s);
  }

  /** Writes {@code s} as the whole status; false (logged) when the request failed. */
  private boolean replaceStatus(ClusterAutoscaler ca, ClusterAutoscalerStatus s) {
    try {
      // JSON patch "add" replaces the whole status, so fields this pass no longer reports disappear.
      PatchTargets.of(client, ClusterAutoscaler.class, null, ca.getMetadata().getName()).subresource("status")
          .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(List.of(Map.of("op", "add", "path", "/status",
              "value", s))));
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn("Autoscaler: status of ClusterAutoscaler {} not written: {}", ca.getMetadata().getName(),
          e.getCode() > 0 || e.getCause() == null ? e.getMessage() : e.getCause().toString());
      return false;
    }
  }

  @Override
  public void close() {
    scheduler.close();
    cache.close();
  }
}
