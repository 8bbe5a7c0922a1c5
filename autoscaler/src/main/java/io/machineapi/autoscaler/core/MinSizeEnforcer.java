package io.machineapi.autoscaler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code enforceNodeGroupMinSize}: every autoscaled MachineSet whose target size is below its minimum is scaled up
 * to it, whether or not a pod waits — as cluster-autoscaler's {@code --enforce-node-group-min-size}. A group in
 * backoff is left for later; a group without a node template is scaled too (no resource limit can be checked for
 * it); otherwise the cluster's resource limits cap the step, and the limits are charged so the pass's pod-driven
 * scale-ups share what is left.
 */
final class MinSizeEnforcer {
  private MinSizeEnforcer() {}

  static List<Decision.SizeChange> plan(ClusterView view, Map<String, Integer> targets, Map<String, Backoff> backoffs,
      Map<String, NodeTemplate> templates, ClusterLimits limits, Instant now) {
    List<Decision.SizeChange> changes = new ArrayList<>();
    for (NodeGroup g : view.groups.values()) {
      int target = targets.getOrDefault(g.id(), g.targetSize());
      Backoff backoff = backoffs.get(g.id());
      if (!g.autoscaled() || target >= g.min() || (backoff != null && backoff.active(now))) {
        continue;
      }
      long step = g.min() - target;
      NodeTemplate template = templates.get(g.id());
      if (template != null) {
        step = Math.min(step, limits.headroom(template.allocatable()).nodes());
        if (step > 0) {
          limits.charge(template.allocatable(), step);
        }
      }
      if (step > 0) {
        changes.add(new Decision.SizeChange(g.id(), g.namespace(), g.name(), target, target + (int) step,
            Decision.Change.SCALE_UP, "below its minimum size " + g.min() + " (enforceNodeGroupMinSize)"));
      }
    }
    return changes;
  }
}
