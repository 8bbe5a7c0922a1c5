package io.machineapi.autoscaler.core;

import java.time.Duration;
import java.time.Instant;

/**
 * A node group's exponential backoff after a failed scale-up. A failure during an active backoff does not
 * double it; one after it expired doubles the duration (capped); a quiet period of {@code resetAfter} starts over.
 */
public record Backoff(Instant until, Duration duration, Instant lastFailure, String reason) {

  public boolean active(Instant now) {
    return now.isBefore(until);
  }

  public static Backoff after(Backoff previous, Instant now, String reason, AutoscalerSettings s) {
    if (previous != null && previous.active(now)) {
      return previous;
    }
    Duration next = s.initialBackoff();
    if (previous != null && Duration.between(previous.lastFailure(), now).compareTo(s.backoffResetAfter()) < 0) {
      next = previous.duration().multipliedBy(2);
      if (next.compareTo(s.maxBackoff()) > 0) {
        next = s.maxBackoff();
      }
    }
    return new Backoff(now.plus(next), next, now, reason);
  }
}
