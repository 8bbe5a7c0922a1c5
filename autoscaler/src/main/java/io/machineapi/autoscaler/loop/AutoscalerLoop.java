package io.machineapi.autoscaler.loop;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.autoscaling.v1.ClusterAutoscalerStatus;
import io.machineapi.api.autoscaling.v1.NodeGroupStatus;
import io.machineapi.autoscaler.cluster.ClusterObjects;
import io.machineapi.autoscaler.cluster.SettingsReader;
import io.machineapi.autoscaler.cluster.SnapshotReader;
import io.machineapi.autoscaler.core.Autoscaler;
import io.machineapi.autoscaler.core.AutoscalerState;
import io.machineapi.autoscaler.core.Backoff;
import io.machineapi.autoscaler.core.Decision;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.controllers.events.EventRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The autoscaler inside {@code machine-api run} and the sandbox: every scan interval, and only while the
 * ClusterAutoscaler {@code default} exists, it reads the cluster, asks the pure core for a decision, carries
 * it out ({@link ScaleActuator}), emits Events (pods: TriggeredScaleUp / NotTriggerScaleUp; the ClusterAutoscaler:
 * ScaledUpGroup, ScaleDown, ScaleUpTimedOut, FailedToScaleUpGroup, ...) and writes the ClusterAutoscaler status.
 * Passes never overlap (one thread). The core's state lives here; a restart starts it afresh, as
 * cluster-autoscaler's does.
 */
public final class AutoscalerLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AutoscalerLoop.class);
  /** A pod's NotTriggerScaleUp Event is repeated at most this often while its reasons do not change. */
  static final Duration POD_EVENT_REPEAT = Duration.ofMinutes(5);

  private final KubernetesClient client;
  private final String machineNamespace;
  private final Clock clock;
  private final Duration interval;
  private final EventRecorder events;
  private final ScaleActuator actuator;
  private final Random random = new Random();
  private final Map<String, PodEvent> podEvents = new HashMap<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "autoscaler");
    t.setDaemon(true);
    return t;
  });
  private AutoscalerState state = AutoscalerState.EMPTY;
  private boolean idleLogged;

  private record PodEvent(String message, Instant at) {}

  public AutoscalerLoop(KubernetesClient client, String machineNamespace, Clock clock, Duration interval) {
    this.client = client;
    this.machineNamespace = machineNamespace;
    this.clock = clock;
    this.interval = interval;
    this.events = new EventRecorder(client, clock);
    this.actuator = new ScaleActuator(client, clock);
  }

  public AutoscalerLoop start() {
    executor.scheduleWithFixedDelay(this::safePass, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("Autoscaler: scanning every {} ms; acts while ClusterAutoscaler '{}' exists", interval.toMillis(),
        ClusterAutoscaler.SINGLETON_NAME);
    return this;
  }

  private void safePass() {
    try {
      pass();
    } catch (RuntimeException e) {
      LOG.warn("Autoscaler pass failed (retried next interval): {}", e.toString());
    }
  }

  /** One pass; returns the decision, or null when ClusterAutoscaler {@code default} does not exist. */
  public synchronized Decision pass() {
    ClusterAutoscaler ca = LiveCluster.defaultAutoscaler(client);
    if (ca == null) {
      if (!idleLogged) {
        LOG.info("Autoscaler idle: no ClusterAutoscaler '{}'", ClusterAutoscaler.SINGLETON_NAME);
        idleLogged = true;
      }
      state = AutoscalerState.EMPTY;
      return null;
    }
    idleLogged = false;
    ClusterObjects objects = LiveCluster.read(client, machineNamespace, List.of(ca));
    SettingsReader.Result settings = SettingsReader.read(ca, objects.priorityConfig());
    Instant now = clock.instant();
    Decision d = Autoscaler.decide(SnapshotReader.read(objects), state, settings.settings(), now, random);
    AutoscalerState next = d.next();
    Map<String, Backoff> backoffs = new HashMap<>(next.backoffs());
    Map<String, io.machineapi.autoscaler.core.ScaleUpRequest> requests = new HashMap<>(next.requests());
    boolean downFailed = false;
    for (ScaleActuator.Outcome o : actuator.apply(d)) {
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
    emitPodEvents(objects, d, now);
    writeStatus(ca, d, settings.problems());
    return d;
  }

  private static String reason(Decision.Change kind) {
    return switch (kind) {
      case SCALE_UP -> "ScaledUpGroup";
      case REVERT_TIMED_OUT -> "ScaleUpTimedOut";
      case REMOVE_FAILED -> "ScaleUpFailed";
    };
  }

  private void emitPodEvents(ClusterObjects objects, Decision d, Instant now) {
    Map<String, Pod> pods = new HashMap<>();
    objects.pods().forEach(p -> pods.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), p));
    podEvents.keySet().retainAll(pods.keySet());
    for (Decision.PodVerdict v : d.pods()) {
      String reason = switch (v.verdict()) {
        case TRIGGERED_SCALE_UP -> "TriggeredScaleUp";
        case NOT_TRIGGERED, IGNORED -> "NotTriggerScaleUp";
        default -> null;
      };
      Pod pod = pods.get(v.pod());
      if (reason == null || pod == null) {
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

  private void writeStatus(ClusterAutoscaler ca, Decision d, List<String> problems) {
    ClusterAutoscalerStatus s = new ClusterAutoscalerStatus();
    if (!state.lastScaleUp().equals(Instant.EPOCH)) {
      s.setLastScaleUpTime(state.lastScaleUp().toString());
    }
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
    try {
      // JSON patch "add" replaces the whole status, so fields this pass no longer reports disappear.
      PatchTargets.of(client, ClusterAutoscaler.class, null, ca.getMetadata().getName()).subresource("status")
          .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(List.of(Map.of("op", "add", "path", "/status",
              "value", s))));
    } catch (KubernetesClientException e) {
      LOG.warn("Autoscaler: status of ClusterAutoscaler {} not written: {}", ca.getMetadata().getName(),
          e.getMessage());
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
