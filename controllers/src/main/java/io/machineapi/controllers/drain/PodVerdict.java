package io.machineapi.controllers.drain;

import java.util.Objects;

/**
 * What one drain pass does with one pod, and why (the reason goes to debug logs and, for waits, to the
 * {@link DrainResult.Pending} message).
 *
 * @param action what to do
 * @param reason short human text, e.g. "DaemonSet pod"; never pod spec contents
 */
record PodVerdict(Action action, String reason) {

  /** The possible actions, in the order a pass reports them. */
  enum Action {
    /** Evict through the Eviction API. */
    EVICT,
    /** Leave it on the Node; it does not hold up the drain. */
    SKIP,
    /** Not evicted; the drain waits until it finishes by itself ({@code cluster.x-k8s.io/drain=wait-completed}). */
    WAIT_FOR_COMPLETION,
    /** Already terminating; the drain waits until it is gone. */
    WAIT_FOR_DELETION
  }

  PodVerdict {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
  }

  static PodVerdict evict() {
    return new PodVerdict(Action.EVICT, "evictable");
  }

  static PodVerdict skip(String reason) {
    return new PodVerdict(Action.SKIP, reason);
  }
}
