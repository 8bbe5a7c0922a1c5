package io.machineapi.sandbox.nodes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.controllers.PatchTargets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container-runtime half of the kubelet: pods bound to an emulated Node are reported Running and Ready (with a
 * pod IP), and pods being deleted or evicted there are finished at once (finalizers removed, deleted with grace 0).
 * Runs on the emulator's scheduler thread only.
 */
final class PodRunner {

  private static final Logger LOG = LoggerFactory.getLogger(PodRunner.class);

  private final KubernetesClient client;
  private final AtomicInteger podIps = new AtomicInteger();

  PodRunner(KubernetesClient client) {
    this.client = client;
  }

  /** Brings one pod on an emulated Node to where a kubelet would take it; writes only when something changes. */
  void handle(Pod pod, String hostIp, Instant now) {
    try {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        finish(pod);
      } else if (!runningAndReady(pod) && !terminal(pod)) {
        start(pod, hostIp, now);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warn("Pod {}/{}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getMessage());
      }
    }
  }

  private void finish(Pod pod) {
    var resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
    if (pod.getMetadata().getFinalizers() != null && !pod.getMetadata().getFinalizers().isEmpty()) {
      // The sandbox has no controllers behind pod finalizers; holding the pod forever would block every drain.
      resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"finalizers\":null}}");
    }
    resource.withGracePeriod(0).delete();
  }

  private void start(Pod pod, String hostIp, Instant now) {
    String time = NodeObjects.timestamp(now);
    String startTime = Optional.ofNullable(pod.getStatus()).map(s -> s.getStartTime()).orElse(time);
    String podIp = Optional.ofNullable(pod.getStatus()).map(s -> s.getPodIP()).filter(ip -> !ip.isBlank())
        .orElseGet(this::nextPodIp);
    List<Map<String, Object>> conditions = List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")
        .stream().map(type -> Map.<String, Object>of("type", type, "status", "True", "lastTransitionTime", time))
        .toList();
    List<Map<String, Object>> containers = Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of())
        .stream().map(c -> Map.<String, Object>of("name", c.getName(), "image", String.valueOf(c.getImage()),
            "imageID", "", "ready", true, "started", true, "restartCount", 0,
            "state", Map.of("running", Map.of("startedAt", time)))).toList();
    Map<String, Object> status = Map.of("status", Map.of("phase", "Running", "conditions", conditions,
        "containerStatuses", containers, "hostIP", hostIp, "podIP", podIp,
        "podIPs", List.of(Map.of("ip", podIp)), "startTime", startTime));
    PatchTargets.of(client, Pod.class, pod.getMetadata().getNamespace(), pod.getMetadata().getName())
        .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(status));
  }

  private String nextPodIp() {
    int n = podIps.incrementAndGet();
    return "10.128." + ((n >> 8) & 0xff) + "." + (n & 0xff);
  }

  static boolean runningAndReady(Pod pod) {
    return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
        && Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
            .filter(c -> "Ready".equals(c.getType())).map(PodCondition::getStatus).anyMatch("True"::equals);
  }

  private static boolean terminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
