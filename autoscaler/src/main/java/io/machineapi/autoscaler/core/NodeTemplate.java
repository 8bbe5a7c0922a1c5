package io.machineapi.autoscaler.core;

import java.util.List;
import java.util.Map;

/**
 * What a new node of a group will look like: its allocatable resources (after DaemonSet overhead is subtracted, so
 * {@link #free()} is what pending pods can use), labels and taints.
 *
 * @param source where it came from: "node NAME" or "scale-from-zero annotations"
 */
public record NodeTemplate(Resources allocatable, Resources daemonSetOverhead, Map<String, String> labels,
    List<Taint> taints, String source) {

  public Resources free() {
    return allocatable.minus(daemonSetOverhead);
  }
}
