package io.machineapi.controllers;

import java.time.Duration;
import java.util.Objects;

/**
 * Operator-wide controller settings, read once (command-line options of {@code machine-api run} and the sandbox),
 * with the defaults in one place ({@link #defaults()}).
 *
 * @param machineSetMaxInFlight how many Machine creates or deletes one MachineSet reconcile may have in flight
 * @param drainTimeout total time a Machine may spend draining before deletion proceeds without it;
 *     {@link Duration#ZERO} = no limit (OpenShift's behaviour, the default)
 * @param nodeDeletionTimeout how long deleting the Node object is retried before the finalizer is removed anyway;
 *     {@link Duration#ZERO} = retry forever
 * @param unreachableNodeGracePeriod grace period given to pods on a Node whose Ready condition is Unknown; pods
 *     already marked for deletion longer than this are not waited for
 */
public record ControllerSettings(int machineSetMaxInFlight, Duration drainTimeout, Duration nodeDeletionTimeout,
    Duration unreachableNodeGracePeriod) {

  public ControllerSettings {
    if (machineSetMaxInFlight < 1) {
      throw new IllegalArgumentException("machineSetMaxInFlight must be at least 1, got " + machineSetMaxInFlight);
    }
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(nodeDeletionTimeout, "nodeDeletionTimeout");
    Objects.requireNonNull(unreachableNodeGracePeriod, "unreachableNodeGracePeriod");
  }

  public static ControllerSettings defaults() {
    return new ControllerSettings(100, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(1));
  }
}
