package io.machineapi.autoscaler.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every knob of the decision core, with the cluster-autoscaler defaults ({@link #defaults()}). The ClusterAutoscaler
 * {@code default} is translated into this by the cluster edge.
 *
 * @param maxNodesTotal cap on all nodes of the cluster (autoscaled or not); empty = no cap
 * @param coresMin cluster-wide minimum cores (scale-down never goes below)
 * @param coresMax cluster-wide maximum cores (scale-up never goes above)
 * @param memoryMinGiB cluster-wide memory minimum, GiB
 * @param memoryMaxGiB cluster-wide memory maximum, GiB
 * @param gpuMax maximum GPUs per GPU type (resource name); types not listed are not limited
 * @param expanders the expander chain, applied in order; any tie left is broken randomly
 * @param priorities the Priority expander's configuration: priority → node-group id patterns (higher wins)
 * @param enforceNodeGroupMinSize scale every autoscaled MachineSet whose target is below its minimum up to it, with
 *     or without pending pods (cluster-autoscaler's {@code --enforce-node-group-min-size}; default off)
 */
public record AutoscalerSettings(
    Optional<Integer> maxNodesTotal,
    long coresMin,
    long coresMax,
    long memoryMinGiB,
    long memoryMaxGiB,
    Map<String, Long> gpuMax,
    int podPriorityCutoff,
    Duration newPodScaleUpDelay,
    Duration maxNodeProvisionTime,
    List<ExpanderKind> expanders,
    Map<Integer, List<Pattern>> priorities,
    boolean balanceSimilarNodeGroups,
    List<String> balancingIgnoredLabels,
    int maxNodesPerScaleUp,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration backoffResetAfter,
    boolean scaleDownEnabled,
    Duration scaleDownDelayAfterAdd,
    Duration scaleDownDelayAfterDelete,
    Duration scaleDownDelayAfterFailure,
    Duration scaleDownUnneededTime,
    Duration scaleDownUnreadyTime,
    double scaleDownUtilizationThreshold,
    boolean ignoreDaemonSetsUtilization,
    boolean skipNodesWithLocalStorage,
    boolean skipNodesWithSystemPods,
    int maxScaleDownParallelism,
    int maxDrainParallelism,
    int scaleDownCandidatesMin,
    double scaleDownCandidatesRatio,
    boolean enforceNodeGroupMinSize) {

  /** The expanders of OpenShift's enum plus MostPods (this project's addition). */
  public enum ExpanderKind { LeastWaste, MostPods, Priority, Random }

  public static AutoscalerSettings defaults() {
    return new AutoscalerSettings(Optional.empty(), 0, 320000, 0, 6400000, Map.of(), -10, Duration.ZERO,
        Duration.ofMinutes(15), List.of(ExpanderKind.LeastWaste), Map.of(), false, List.of(), 1000,
        Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(3), true, Duration.ofMinutes(10),
        Duration.ZERO, Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofMinutes(20), 0.5, false, true, true,
        10, 1, 50, 0.1, false);
  }

  /** A copy with some settings changed: {@code s.with(b -> b.coresMax = 24)}. */
  public AutoscalerSettings with(java.util.function.Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return b.build();
  }

  /** Mutable copy of every setting, for {@link #with}. */
  public static final class Builder {
    public Optional<Integer> maxNodesTotal;
    public long coresMin;
    public long coresMax;
    public long memoryMinGiB;
    public long memoryMaxGiB;
    public Map<String, Long> gpuMax;
    public int podPriorityCutoff;
    public Duration newPodScaleUpDelay;
    public Duration maxNodeProvisionTime;
    public List<ExpanderKind> expanders;
    public Map<Integer, List<Pattern>> priorities;
    public boolean balanceSimilarNodeGroups;
    public List<String> balancingIgnoredLabels;
    public int maxNodesPerScaleUp;
    public Duration initialBackoff;
    public Duration maxBackoff;
    public Duration backoffResetAfter;
    public boolean scaleDownEnabled;
    public Duration scaleDownDelayAfterAdd;
    public Duration scaleDownDelayAfterDelete;
    public Duration scaleDownDelayAfterFailure;
    public Duration scaleDownUnneededTime;
    public Duration scaleDownUnreadyTime;
    public double scaleDownUtilizationThreshold;
    public boolean ignoreDaemonSetsUtilization;
    public boolean skipNodesWithLocalStorage;
    public boolean skipNodesWithSystemPods;
    public int maxScaleDownParallelism;
    public int maxDrainParallelism;
    public int scaleDownCandidatesMin;
    public double scaleDownCandidatesRatio;
    public boolean enforceNodeGroupMinSize;

    Builder(AutoscalerSettings s) {
      maxNodesTotal = s.maxNodesTotal;
      coresMin = s.coresMin;
      coresMax = s.coresMax;
      memoryMinGiB = s.memoryMinGiB;
      memoryMaxGiB = s.memoryMaxGiB;
      gpuMax = s.gpuMax;
      podPriorityCutoff = s.podPriorityCutoff;
      newPodScaleUpDelay = s.newPodScaleUpDelay;
      maxNodeProvisionTime = s.maxNodeProvisionTime;
      expanders = s.expanders;
      priorities = s.priorities;
      balanceSimilarNodeGroups = s.balanceSimilarNodeGroups;
      balancingIgnoredLabels = s.balancingIgnoredLabels;
      maxNodesPerScaleUp = s.maxNodesPerScaleUp;
      initialBackoff = s.initialBackoff;
      maxBackoff = s.maxBackoff;
      backoffResetAfter = s.backoffResetAfter;
      scaleDownEnabled = s.scaleDownEnabled;
      scaleDownDelayAfterAdd = s.scaleDownDelayAfterAdd;
      scaleDownDelayAfterDelete = s.scaleDownDelayAfterDelete;
      scaleDownDelayAfterFailure = s.scaleDownDelayAfterFailure;
      scaleDownUnneededTime = s.scaleDownUnneededTime;
      scaleDownUnreadyTime = s.scaleDownUnreadyTime;
      scaleDownUtilizationThreshold = s.scaleDownUtilizationThreshold;
      ignoreDaemonSetsUtilization = s.ignoreDaemonSetsUtilization;
      skipNodesWithLocalStorage = s.skipNodesWithLocalStorage;
      skipNodesWithSystemPods = s.skipNodesWithSystemPods;
      maxScaleDownParallelism = s.maxScaleDownParallelism;
      maxDrainParallelism = s.maxDrainParallelism;
      scaleDownCandidatesMin = s.scaleDownCandidatesMin;
      scaleDownCandidatesRatio = s.scaleDownCandidatesRatio;
      enforceNodeGroupMinSize = s.enforceNodeGroupMinSize;
    }

    public AutoscalerSettings build() {
      return new AutoscalerSettings(maxNodesTotal, coresMin, coresMax, memoryMinGiB, memoryMaxGiB, gpuMax,
          podPriorityCutoff, newPodScaleUpDelay, maxNodeProvisionTime, expanders, priorities,
          balanceSimilarNodeGroups, balancingIgnoredLabels, maxNodesPerScaleUp, initialBackoff, maxBackoff,
          backoffResetAfter, scaleDownEnabled, scaleDownDelayAfterAdd, scaleDownDelayAfterDelete,
          scaleDownDelayAfterFailure, scaleDownUnneededTime, scaleDownUnreadyTime, scaleDownUtilizationThreshold,
          ignoreDaemonSetsUtilization, skipNodesWithLocalStorage, skipNodesWithSystemPods, maxScaleDownParallelism,
          maxDrainParallelism, scaleDownCandidatesMin, scaleDownCandidatesRatio, enforceNodeGroupMinSize);
    }
  }
}
