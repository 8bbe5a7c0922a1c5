package io.machineapi.autoscaler.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A MachineSet as the autoscaler sees it.
 *
 * @param id {@code MachineSet/<namespace>/<name>} (the id Priority expander patterns match)
 * @param min the min-size annotation (0 when missing)
 * @param max the max-size annotation (0 when missing: not autoscaled)
 * @param targetSize {@code spec.replicas}
 * @param templateLabels labels a new Node gets (the Machine template's {@code spec.metadata.labels})
 * @param templateTaints taints a new Node gets (the Machine template's {@code spec.taints})
 * @param scaleFromZero capacity from the scale-from-zero annotations, or empty when CPU or memory is not annotated
 * @param options per-group overrides from {@code machine.openshift.io/autoscaling-options-*}
 * @param invalid why the group's annotations are unusable (e.g. max &lt; min), or null
 */
public record NodeGroup(
    String id,
    String namespace,
    String name,
    int min,
    int max,
    int targetSize,
    Map<String, String> templateLabels,
    List<Taint> templateTaints,
    Optional<ScaleFromZero> scaleFromZero,
    GroupOptions options,
    List<GroupMachine> machines,
    String invalid) {

  public static String id(String namespace, String name) {
    return "MachineSet/" + namespace + "/" + name;
  }

  /** A node group only when it may grow (max &gt; 0 and max &ge; min) and its annotations parse. */
  public boolean autoscaled() {
    return invalid == null && max > 0 && max >= min;
  }

  /** Capacity and extras read from the scale-from-zero annotations. */
  public record ScaleFromZero(Resources capacity, Map<String, String> labels, List<Taint> taints) {}

  /** Per-group option overrides; empty = the cluster-wide setting. */
  public record GroupOptions(Optional<Double> utilizationThreshold, Optional<Duration> unneededTime,
      Optional<Duration> unreadyTime, Optional<Duration> maxNodeProvisionTime) {
    public static final GroupOptions NONE = new GroupOptions(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }
}
