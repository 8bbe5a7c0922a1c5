package io.machineapi.autoscaler.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pods that may need capacity (which: docs/autoscaler.md, step 3 of "One pass") and those left out because their
 * priority is below the expendable cutoff (they get an IGNORED verdict so {@code explain} can say why).
 */
final class PendingPods {
  private PendingPods() {}

  record Split(List<PodInfo> pending, List<PodInfo> belowCutoff) {}

  static Split select(List<PodInfo> pods, AutoscalerSettings s, Instant now) {
    List<PodInfo> pending = new ArrayList<>();
    List<PodInfo> below = new ArrayList<>();
    for (PodInfo p : pods) {
      if (!p.unschedulable() || p.nodeName() != null || p.terminal() || p.deleting() || p.daemonSet()) {
        continue;
      }
      if (p.created() != null && p.created().plus(s.newPodScaleUpDelay()).isAfter(now)) {
        continue;
      }
      if (p.priority() < s.podPriorityCutoff()) {
        below.add(p);
      } else {
        pending.add(p);
      }
    }
    return new Split(pending, below);
  }
}
