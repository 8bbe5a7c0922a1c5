package io.machineapi.autoscaler.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one autoscaler pass decided, with the reasons, and the state to hand to the next pass. The cluster edge
 * carries out {@link #sizeChanges} and {@link #removals}, emits the pod Events from {@link #pods}, and writes
 * {@link #groups} to the ClusterAutoscaler status; {@link #nodeReasons} says, per node of an autoscaled MachineSet, why
 * it is kept or when it becomes removable; {@code explain} and {@code plan} print all of it.
 */
public record Decision(List<SizeChange> sizeChanges, List<NodeRemoval> removals, List<PodVerdict> pods,
    List<GroupStatus> groups, Map<String, String> nodeReasons, List<String> notes, AutoscalerState next) {

  /** Why a MachineSet's replicas change. */
  public enum Change { SCALE_UP, REVERT_TIMED_OUT, REMOVE_FAILED }

  /** Set {@code spec.replicas} of a MachineSet from {@code from} to {@code to} (through its scale subresource). */
  public record SizeChange(String group, String namespace, String name, int from, int to, Change kind,
      String reason) {}

  /** Remove this node: annotate its Machine for deletion, then lower the MachineSet's replicas by one. */
  public record NodeRemoval(String group, String namespace, String machineSet, String node, String machine,
      boolean empty, String reason) {}

  /** How a pending pod was treated. */
  public enum Verdict { TRIGGERED_SCALE_UP, FITS_EXISTING_OR_UPCOMING, NOT_TRIGGERED, IGNORED }

  /**
   * @param group the MachineSet scaled for it (TRIGGERED_SCALE_UP), else null
   * @param message the Event text
   * @param groupReasons MachineSet id → why it could not take the pod (shared by pods of one shape)
   */
  public record PodVerdict(String pod, Verdict verdict, String group, String message,
      Map<String, String> groupReasons) {}

  /** One MachineSet as the autoscaler sees it now. */
  public record GroupStatus(String id, String namespace, String name, boolean autoscaled, int min, int max,
      int targetSize, int registered, int ready, int upcoming, String health, Backoff backoff,
      Instant scaleUpRequestedAt) {}

  public List<PodVerdict> verdicts(Verdict v) {
    return pods.stream().filter(p -> p.verdict() == v).toList();
  }
}
