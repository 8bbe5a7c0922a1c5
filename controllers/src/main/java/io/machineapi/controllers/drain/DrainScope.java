package io.machineapi.controllers.drain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one drain pass knows about the Node while it judges pods.
 *
 * @param nodeName the Node being drained
 * @param unreachable the Node's Ready condition is {@code Unknown} (the kubelet stopped reporting), so pods on it
 *     may never finish terminating
 * @param unreachableGracePeriod on an unreachable Node: the grace period given to evictions, and how long a pod may
 *     have been terminating before the drain stops waiting for it
 * @param now the pass's time, from the drainer's clock
 */
record DrainScope(String nodeName, boolean unreachable, Duration unreachableGracePeriod, Instant now) {
  DrainScope {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(unreachableGracePeriod, "unreachableGracePeriod");
    Objects.requireNonNull(now, "now");
  }
}
