package io.machineapi.sandbox.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.autoscaler.cluster.SnapshotReader;
import io.machineapi.autoscaler.core.NodeInfo;
import io.machineapi.autoscaler.core.PodInfo;
import io.machineapi.autoscaler.core.Resources;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.sandbox.PeriodicPass;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox only — plays kube-scheduler, which the embedded API does not have, so pending pods can drive the
 * autoscaler. Every interval it takes the pods without a Node (default scheduler, not finished, not deleting), in
 * priority then age order, and binds each to a Node {@link PodPlacement} picks, or sets {@code PodScheduled=False}
 * with reason {@code Unschedulable} and kube-scheduler's message. Binding is a patch of {@code spec.nodeName} (the
 * embedded API has no {@code pods/binding} subresource); the node emulator then runs the pod. Not part of the
 * operator: {@code machine-api run} never starts it.
 */
public final class SchedulerStandIn implements AutoCloseable {
  public static final String DEFAULT_SCHEDULER = "default-scheduler";
  private static final Logger LOG = LoggerFactory.getLogger(SchedulerStandIn.class);

  private final KubernetesClient client;
  private final Clock clock;
  private volatile PeriodicPass loop;

  public SchedulerStandIn(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public SchedulerStandIn start(Duration interval) {
    loop = PeriodicPass.start("sandbox-scheduler", interval, this::schedule, LOG);
    return this;
  }

  /** One pass; returns how many pods were bound. */
  public int schedule() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    List<Pod> waiting = pods.stream().filter(SchedulerStandIn::awaitsScheduling)
        .sorted(Comparator.comparing((Pod p) -> -priority(p)).thenComparing(p -> p.getMetadata()
            .getCreationTimestamp() == null ? "" : p.getMetadata().getCreationTimestamp()))
        .toList();
    if (waiting.isEmpty()) {
      return 0;
    }
    List<NodeInfo> nodes = new ArrayList<>();
    for (Node n : client.nodes().list().getItems()) {
      nodes.add(SnapshotReader.node(n, null, null));
    }
    Map<String, Resources> used = new HashMap<>();
    Map<String, Set<Integer>> ports = new HashMap<>();
    Map<Pod, PodInfo> infos = new java.util.IdentityHashMap<>();
    for (Pod p : pods) {
      PodInfo info = SnapshotReader.pod(p);
      infos.put(p, info);
      if (info.nodeName() != null && info.active()) {
        used.merge(info.nodeName(), info.requests(), Resources::plus);
        ports.computeIfAbsent(info.nodeName(), k -> new HashSet<>()).addAll(info.hostPorts());
      }
    }
    int bound = 0;
    for (Pod p : waiting) {
      PodInfo info = infos.get(p);
      PodPlacement.Result r = PodPlacement.place(info, nodes, used, ports);
      try {
        if (r.node() != null) {
          bind(p, r.node());
          used.merge(r.node(), info.requests(), Resources::plus);
          ports.computeIfAbsent(r.node(), k -> new HashSet<>()).addAll(info.hostPorts());
          bound++;
        } else {
          markUnschedulable(p, r.message());
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404 && e.getCode() != 409) {
          LOG.warn("Pod {}/{}: {}", p.getMetadata().getNamespace(), p.getMetadata().getName(), e.getMessage());
        }
      }
    }
    return bound;
  }

  static boolean awaitsScheduling(Pod p) {
    var spec = p.getSpec();
    String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
    return spec != null && (spec.getNodeName() == null || spec.getNodeName().isEmpty())
        && p.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase) && !"Failed".equals(phase)
        && (spec.getSchedulerName() == null || spec.getSchedulerName().isEmpty()
            || DEFAULT_SCHEDULER.equals(spec.getSchedulerName()));
  }

  private static int priority(Pod p) {
    return p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority();
  }

  private void bind(Pod p, String node) {
    // A JSON patch with a test: only a pod still without a Node is bound (the real binding API refuses re-binding).
    String patch = "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\""
        + p.getMetadata().getResourceVersion() + "\"},{\"op\":\"add\",\"path\":\"/spec/nodeName\",\"value\":\""
        + node + "\"}]";
    PatchTargets.of(client, Pod.class, p.getMetadata().getNamespace(), p.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), patch);
  }

  private void markUnschedulable(Pod p, String message) {
    PodCondition current = p.getStatus() == null || p.getStatus().getConditions() == null ? null
        : p.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst()
            .orElse(null);
    if (current != null && "False".equals(current.getStatus()) && "Unschedulable".equals(current.getReason())
        && message.equals(current.getMessage())) {
      return;
    }
    List<Object> conditions = new ArrayList<>();
    if (p.getStatus() != null && p.getStatus().getConditions() != null) {
      p.getStatus().getConditions().stream().filter(c -> !"PodScheduled".equals(c.getType()))
          .forEach(conditions::add);
    }
    conditions.add(Map.of("type", "PodScheduled", "status", "False", "reason", "Unschedulable", "message", message,
        "lastTransitionTime", clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
    PatchTargets.of(client, Pod.class, p.getMetadata().getNamespace(), p.getMetadata().getName())
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("status", Map.of("phase", "Pending", "conditions", conditions))));
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.close();
    }
  }
}
