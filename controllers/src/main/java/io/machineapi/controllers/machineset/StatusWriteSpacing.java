package io.machineapi.controllers.machineset;

import io.machineapi.api.machine.v1beta1.MachineSetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces a MachineSet's status writes that only move the replica counts: while hundreds of its Machines change, a
 * write per Machine event would be as many API writes as the Machines themselves cause. A count-only change within
 * {@link #SPACING} of the previous write is held and the set rechecked when the spacing ends, so the counts lag by
 * at most that long. A change of what the set says about its spec (observedGeneration, labelSelector, error fields,
 * conditions) is written at once.
 */
final class StatusWriteSpacing {
  static final Duration SPACING = Duration.ofSeconds(1);

  private final Clock clock;
  private final Map<String, Instant> lastWrite = new ConcurrentHashMap<>();

  StatusWriteSpacing(Clock clock) {
    this.clock = clock;
  }

  /** How long to hold this write, or empty to write now. */
  Optional<Duration> hold(String setUid, MachineSetStatus written, MachineSetStatus next) {
    Instant last = lastWrite.get(setUid);
    if (last == null || !countsOnly(written, next)) {
      return Optional.empty();
    }
    Duration left = SPACING.minus(Duration.between(last, clock.instant()));
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  void wrote(String setUid) {
    lastWrite.put(setUid, clock.instant());
  }

  void forget(String setUid) {
    lastWrite.remove(setUid);
  }

  static boolean countsOnly(MachineSetStatus written, MachineSetStatus next) {
    return written != null && next != null
        && Objects.equals(written.getObservedGeneration(), next.getObservedGeneration())
        && Objects.equals(written.getLabelSelector(), next.getLabelSelector())
        && Objects.equals(written.getErrorReason(), next.getErrorReason())
        && Objects.equals(written.getErrorMessage(), next.getErrorMessage())
        && Objects.equals(written.getConditions(), next.getConditions());
  }
}
