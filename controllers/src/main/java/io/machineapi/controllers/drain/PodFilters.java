package io.machineapi.controllers.drain;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of {@code kubectl drain --force --ignore-daemonsets --delete-emptydir-data}, plus Cluster API's per-pod
 * drain label ({@value #DRAIN_LABEL}), as an ordered list of named {@link PodFilter}s. Pods no rule claims are
 * evicted: that includes pods without a controller (force) and pods with emptyDir volumes (their data goes with the
 * Node anyway).
 */
final class PodFilters {

  /** Pod label with Cluster API's per-pod drain control: {@value #DRAIN_SKIP} or {@value #DRAIN_WAIT_COMPLETED}. */
  static final String DRAIN_LABEL = "cluster.x-k8s.io/drain";
  static final String DRAIN_SKIP = "skip";
  static final String DRAIN_WAIT_COMPLETED = "wait-completed";
  /** The kubelet's annotation on the API copy of a static pod; deleting that copy would not stop the pod. */
  static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

  private static final Set<String> FINISHED_PHASES = Set.of("Succeeded", "Failed");

  /** The default rules, in order; the first rule with an opinion decides. */
  static final List<PodFilter> DEFAULT = List.of(
      new PodFilter("abandonedOnUnreachableNode", PodFilters::abandonedOnUnreachableNode),
      new PodFilter("mirrorPod", PodFilters::mirrorPod),
      new PodFilter("daemonSetPod", PodFilters::daemonSetPod),
      new PodFilter("finishedPod", PodFilters::finishedPod),
      new PodFilter("drainLabel", PodFilters::drainLabel),
      new PodFilter("terminatingPod", PodFilters::terminatingPod));

  private PodFilters() {}

  /** Runs {@code filters} in order over {@code pod}; the first opinion wins, and a pod nobody claims is evicted. */
  static PodVerdict judge(List<PodFilter> filters, Pod pod, DrainScope scope) {
    for (PodFilter filter : filters) {
      Optional<PodVerdict> verdict = filter.judge(pod, scope);
      if (verdict.isPresent()) {
        return verdict.get();
      }
    }
    return PodVerdict.evict();
  }

  /**
   * On an unreachable Node no kubelet confirms termination, so a pod marked for deletion longer ago than the
   * unreachable grace period would be waited for forever; OpenShift and Cluster API skip it too. Checked first:
   * such a pod holds up nothing.
   */
  static Optional<PodVerdict> abandonedOnUnreachableNode(Pod pod, DrainScope scope) {
    if (!scope.unreachable()) {
      return Optional.empty();
    }
    return deletionTimestamp(pod)
        .filter(marked -> markedBefore(marked, scope.now().minus(scope.unreachableGracePeriod())))
        .map(marked -> PodVerdict.skip("terminating since " + marked + " on an unreachable Node"));
  }

  static Optional<PodVerdict> mirrorPod(Pod pod, DrainScope scope) {
    return annotations(pod).containsKey(MIRROR_ANNOTATION) ? Optional.of(PodVerdict.skip("mirror (static) pod"))
        : Optional.empty();
  }

  /** The DaemonSet controller ignores cordons and would recreate the pod at once (--ignore-daemonsets). */
  static Optional<PodVerdict> daemonSetPod(Pod pod, DrainScope scope) {
    List<OwnerReference> owners = pod.getMetadata() == null ? null : pod.getMetadata().getOwnerReferences();
    if (owners == null) {
      return Optional.empty();
    }
    return owners.stream()
        .filter(owner -> Boolean.TRUE.equals(owner.getController()) && "DaemonSet".equals(owner.getKind()))
        .findFirst()
        .map(owner -> PodVerdict.skip("DaemonSet pod"));
  }

  /**
   * A Succeeded or Failed pod runs nothing, holds no capacity and counts in no budget. kubectl evicts it anyway;
   * we leave it, which saves a write per pod and keeps a Job's finished pods readable until the pod garbage
   * collector removes them with the Node.
   */
  static Optional<PodVerdict> finishedPod(Pod pod, DrainScope scope) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return FINISHED_PHASES.contains(phase) ? Optional.of(PodVerdict.skip("finished (" + phase + ")"))
        : Optional.empty();
  }

  /** Cluster API's per-pod control: {@code skip} leaves the pod, {@code wait-completed} waits for it. */
  static Optional<PodVerdict> drainLabel(Pod pod, DrainScope scope) {
    Map<String, String> labels = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
    String value = labels == null ? null : labels.get(DRAIN_LABEL);
    if (DRAIN_SKIP.equals(value)) {
      return Optional.of(PodVerdict.skip("labelled " + DRAIN_LABEL + "=" + DRAIN_SKIP));
    }
    if (DRAIN_WAIT_COMPLETED.equals(value)) {
      return Optional.of(new PodVerdict(PodVerdict.Action.WAIT_FOR_COMPLETION,
          "labelled " + DRAIN_LABEL + "=" + DRAIN_WAIT_COMPLETED));
    }
    return Optional.empty();
  }

  /** Evicting again would change nothing; the drain waits until the pod is gone. */
  static Optional<PodVerdict> terminatingPod(Pod pod, DrainScope scope) {
    return deletionTimestamp(pod).map(marked -> new PodVerdict(PodVerdict.Action.WAIT_FOR_DELETION,
        "terminating since " + marked));
  }

  private static Map<String, String> annotations(Pod pod) {
    ObjectMeta metadata = pod.getMetadata();
    return metadata == null || metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
  }

  private static Optional<String> deletionTimestamp(Pod pod) {
    String value = pod.getMetadata() == null ? null : pod.getMetadata().getDeletionTimestamp();
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** A timestamp that does not parse counts as recent: such a pod is waited for rather than abandoned. */
  private static boolean markedBefore(String deletionTimestamp, Instant limit) {
    try {
      return Instant.parse(deletionTimestamp).isBefore(limit);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
