package io.machineapi.controllers.drain;

import java.time.Duration;
import java.util.Objects;

/** Outcome of one {@link NodeDrainer} pass. */
public sealed interface DrainResult {

  /** Nothing evictable is left (or the Node is gone); deletion may proceed. */
  record Complete(String message) implements DrainResult {
    public Complete {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Drain is under way: pods are terminating, or an eviction was refused because of a PodDisruptionBudget.
   *
   * @param waitingFor what the drain waits for, for the {@code Drained} condition and logs (e.g. "2 pods
   *     terminating; eviction of ns/web-1 refused by PodDisruptionBudget web")
   * @param recheckAfter when to call again
   */
  record Pending(String waitingFor, Duration recheckAfter) implements DrainResult {
    public Pending {
      Objects.requireNonNull(waitingFor, "waitingFor");
      Objects.requireNonNull(recheckAfter, "recheckAfter");
    }
  }

  /** The pass could not run (cordon failed, API error); retry with backoff. */
  record Failed(String error) implements DrainResult {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }
}
