package io.machineapi.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * "Nothing to report yet, ask again after {@code requeueAfter}": a planned wait, not a failure.
 *
 * <p>Used when the provider cannot act or cannot tell yet and no instance state is known: no free bare-metal host
 * matches the selector; a freshly created EC2 instance is not yet visible (eventual consistency); the Machine's
 * status is older than the provider's own record of an operation. The controller requeues after exactly
 * {@link #requeueAfter()}, logs at info level "waiting for {@link #waitingFor()}", leaves the phase unchanged and
 * does not set {@code errorReason}/{@code errorMessage} (the cluster autoscaler treats a Machine with an error
 * message as failed).
 *
 * @param requeueAfter how long to wait before the next call; positive
 * @param waitingFor what the provider waits for, phrased to follow "waiting for", e.g.
 *     {@code "a free BareMetalHost matching hostSelector"}
 */
public record NotYet(Duration requeueAfter, String waitingFor) implements ProviderResult {

  public NotYet {
    Objects.requireNonNull(requeueAfter, "requeueAfter");
    Objects.requireNonNull(waitingFor, "waitingFor");
    if (requeueAfter.isNegative() || requeueAfter.isZero()) {
      throw new IllegalArgumentException("requeueAfter must be positive: " + requeueAfter);
    }
    if (waitingFor.isBlank()) {
      throw new IllegalArgumentException("waitingFor must say what the provider waits for");
    }
  }
}
