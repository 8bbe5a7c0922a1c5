package io.machineapi.controllers.healthcheck;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The health of one target at one instant. */
public sealed interface TargetVerdict {

  /** Has a Node and none of the unhealthy conditions hold. */
  record Healthy() implements TargetVerdict {}

  /** Unhealthy: eligible for remediation. {@code reason} is CamelCase, {@code message} for events and logs. */
  record Unhealthy(String reason, String message) implements TargetVerdict {
    public Unhealthy {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * Not healthy yet not remediable now: starting, inside a condition's timeout window, deleting, or under external
   * remediation. {@code recheckAt} is when it becomes unhealthy unless something changes (empty: never by itself).
   * Counts as unhealthy for the short-circuit, like OpenShift.
   */
  record Waiting(String reason, Optional<Instant> recheckAt) implements TargetVerdict {
    public Waiting {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(recheckAt, "recheckAt");
    }
  }
}
