package io.machineapi.controllers.drain;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.controllers.PatchTargets;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.machineapi.controllers.ControllerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeDrainer} with the semantics of {@code kubectl drain --force --ignore-daemonsets --delete-emptydir-data}
 * through the Eviction API, one non-blocking pass per call: read the Node, cordon it (a control-plane Node waits
 * while another control-plane Node is cordoned: {@code ControlPlaneDrainGate}), list its pods
 * ({@code spec.nodeName} field selector), judge each with {@link PodFilters#DEFAULT}, evict the evictable ones, and
 * answer what is left to wait for. A pass makes one read of the Node, one pod list, at most one cordon patch and one
 * eviction per evictable pod.
 *
 * <p>On an unreachable Node (Ready condition {@code Unknown}) evictions carry a grace period of
 * {@link ControllerSettings#unreachableNodeGracePeriod()} and pods terminating for longer than that are not waited
 * for; PodDisruptionBudgets still apply.
 */
public final class EvictionNodeDrainer implements NodeDrainer {
  private static final Logger LOG = LoggerFactory.getLogger(EvictionNodeDrainer.class);
  /** OpenShift requeues after 20 s while another control-plane Node is cordoned. */
  static final Duration CONTROL_PLANE_RECHECK = Duration.ofSeconds(20);
  private static final String CORDON_PATCH = "{\"spec\":{\"unschedulable\":true}}";

  private final KubernetesClient client;
  private final ControllerSettings settings;
  private final Clock clock;
  private final PodEvictor evictor;
  private final List<PodFilter> filters;
  private final ControlPlaneDrainGate controlPlaneGate;

  public EvictionNodeDrainer(KubernetesClient client, ControllerSettings settings, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.evictor = new PodEvictor(client);
    this.filters = PodFilters.DEFAULT;
    this.controlPlaneGate = new ControlPlaneDrainGate(client);
  }

  @Override
  public DrainResult drain(DrainRequest request) {
    String nodeName = request.nodeName();
    Node node;
    List<Pod> pods;
    try {
      node = client.nodes().withName(nodeName).get();
      if (node == null) {
        return nodeNotFound(request);
      }
      if (!ControlPlaneDrainGate.isCordoned(node)) {
        Optional<String> otherControlPlane = controlPlaneGate.waitFor(node);
        if (otherControlPlane.isPresent()) {
          return waitForOtherControlPlane(request, otherControlPlane.get());
        }
        Optional<DrainResult> notCordoned = cordon(request);
        if (notCordoned.isPresent()) {
          return notCordoned.get();
        }
      }
      pods = client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).list().getItems();
    } catch (KubernetesClientException e) {
      return failed(request, "read Node " + nodeName + " or its pods: " + e.getMessage());
    }

    DrainScope scope = new DrainScope(nodeName, isUnreachable(node), settings.unreachableNodeGracePeriod(),
        clock.instant());
    Optional<Duration> gracePeriod = scope.unreachable() ? Optional.of(scope.unreachableGracePeriod())
        : Optional.empty();
    DrainPassTally tally = new DrainPassTally();
    for (Pod pod : pods) {
      PodVerdict verdict = PodFilters.judge(filters, pod, scope);
      switch (verdict.action()) {
        case EVICT -> {
          PodEvictor.Attempt attempt = evictor.evict(pod, gracePeriod);
          LOG.debug("Node {}: eviction of pod {}: {} {}", nodeName, DrainPassTally.ref(pod), attempt.outcome(),
              attempt.detail());
          tally.eviction(pod, attempt);
        }
        case SKIP -> LOG.debug("Node {}: leaving pod {}: {}", nodeName, DrainPassTally.ref(pod), verdict.reason());
        case WAIT_FOR_COMPLETION -> tally.awaitingCompletion(pod);
        case WAIT_FOR_DELETION -> tally.terminating(pod);
        default -> throw new IllegalStateException("unknown action " + verdict.action());
      }
    }
    return report(request, scope, tally);
  }

  private Optional<DrainResult> cordon(DrainRequest request) {
    String nodeName = request.nodeName();
    try {
      Node patched = PatchTargets.of(client, Node.class, null, nodeName)
          .patch(PatchContext.of(PatchType.JSON_MERGE), CORDON_PATCH);
      if (patched == null) {
        return Optional.of(nodeNotFound(request));
      }
      LOG.info("Cordoned Node {} to drain it for Machine {}", nodeName, request.machine());
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.of(nodeNotFound(request));
      }
      return Optional.of(failed(request, "cordon Node " + nodeName + ": " + e.getMessage()));
    }
  }

  /** The kubelet stopped reporting: the node lifecycle controller set Ready to Unknown. */
  static boolean isUnreachable(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    return node.getStatus().getConditions().stream()
        .filter(condition -> "Ready".equals(condition.getType()))
        .map(NodeCondition::getStatus)
        .anyMatch("Unknown"::equals);
  }

  private static DrainResult report(DrainRequest request, DrainScope scope, DrainPassTally tally) {
    DrainResult result = tally.result();
    String unreachable = scope.unreachable() ? " (unreachable)" : "";
    if (result instanceof DrainResult.Pending pending) {
      LOG.info("Draining Node {}{} for Machine {}: evicted {} pods this pass; waiting for {}", scope.nodeName(),
          unreachable, request.machine(), tally.evicted(), pending.waitingFor());
    } else if (result instanceof DrainResult.Failed failed) {
      LOG.warn("Draining Node {}{} for Machine {} failed: {}", scope.nodeName(), unreachable, request.machine(),
          failed.error());
    } else {
      LOG.info("Drained Node {}{} for Machine {}", scope.nodeName(), unreachable, request.machine());
    }
    return result;
  }

  private static DrainResult waitForOtherControlPlane(DrainRequest request, String other) {
    String waitingFor = "control-plane Node " + other + " is cordoned; control-plane Nodes are drained one at a time";
    LOG.info("Not cordoning control-plane Node {} for Machine {} yet: {}", request.nodeName(), request.machine(),
        waitingFor);
    return new DrainResult.Pending(waitingFor, CONTROL_PLANE_RECHECK);
  }

  private static DrainResult nodeNotFound(DrainRequest request) {
    LOG.info("Node {} of Machine {} not found; nothing to drain", request.nodeName(), request.machine());
    return new DrainResult.Complete("Node " + request.nodeName() + " not found");
  }

  private static DrainResult failed(DrainRequest request, String error) {
    LOG.warn("Draining Node {} for Machine {} failed: {}", request.nodeName(), request.machine(), error);
    return new DrainResult.Failed(error);
  }
}
