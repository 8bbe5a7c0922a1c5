package io.machineapi.autoscaler.core;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** What removing a node means for each of its pods; rules in cluster-autoscaler's order (docs/autoscaler.md). */
final class Drainability {
  private Drainability() {}

  enum Kind { IGNORE, MOVE, BLOCK }

  record Result(Kind kind, String reason) {
    static final Result IGNORE = new Result(Kind.IGNORE, null);
    static final Result MOVE = new Result(Kind.MOVE, null);

    static Result block(String reason) {
      return new Result(Kind.BLOCK, reason);
    }
  }

  static Result of(PodInfo pod, List<DisruptionBudget> budgets, AutoscalerSettings s) {
    if (pod.mirror() || pod.deleting() || pod.daemonSet()) {
      return Result.IGNORE;
    }
    if (pod.priority() < s.podPriorityCutoff()) {
      return Result.IGNORE;
    }
    String safe = pod.annotations().get(PodInfo.SAFE_TO_EVICT);
    if ("true".equals(safe)) {
      return Result.MOVE;
    }
    if (pod.terminal()) {
      return Result.IGNORE;
    }
    String name = pod.key();
    if ("on-completion".equals(safe)) {
      return Result.block("pod " + name + " is annotated safe-to-evict=on-completion and has not completed");
    }
    if (pod.controllerKind() == null) {
      return Result.block("pod " + name + " is not replicated (it has no controller)");
    }
    boolean covered = budgets.stream().anyMatch(b -> b.covers(pod));
    if (s.skipNodesWithSystemPods() && "kube-system".equals(pod.namespace()) && !covered) {
      return Result.block("pod " + name + " is a kube-system pod without a PodDisruptionBudget");
    }
    if ("false".equals(safe)) {
      return Result.block("pod " + name + " is annotated safe-to-evict=false");
    }
    if (s.skipNodesWithLocalStorage() && !pod.localVolumes().isEmpty()) {
      Set<String> allowed = Arrays.stream(pod.annotations().getOrDefault(PodInfo.SAFE_TO_EVICT_LOCAL_VOLUMES, "")
          .split(",")).map(String::trim).filter(v -> !v.isEmpty()).collect(Collectors.toSet());
      if (!allowed.containsAll(pod.localVolumes())) {
        return Result.block("pod " + name + " uses local storage " + pod.localVolumes());
      }
    }
    return Result.MOVE;
  }
}
