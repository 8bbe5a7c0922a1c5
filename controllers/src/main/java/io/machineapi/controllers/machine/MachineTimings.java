package io.machineapi.controllers.machine;

import io.machineapi.controllers.provider.ProviderCalls;
import java.time.Duration;
import java.util.Objects;

/**
 * Requeue intervals and backoff of the Machine controller, defaults in {@link #defaults()} (OpenShift's values where
 * it has them, noted per field). Tests shorten them.
 *
 * @param backoffInitial first delay after a transient failure (provider, missing Secret, drain error); doubles per
 *     consecutive failure of the same Machine
 * @param backoffMax longest backoff delay
 * @param provisionedRecheck how often a Machine whose instance exists but has no Node is re-observed (OpenShift: 30 s)
 * @param runningRecheck how often a Running Machine's instance is re-observed (so a vanished instance is noticed);
 *     Node changes wake the Machine at once regardless
 * @param deletionRecheck requeue while the provider reports an instance still alive during deletion without its own
 *     recheck time
 * @param providerCalls threads, queue, wait budget and deadline of provider calls
 */
public record MachineTimings(Duration backoffInitial, Duration backoffMax, Duration provisionedRecheck,
    Duration runningRecheck, Duration deletionRecheck, ProviderCalls.Limits providerCalls) {

  /** The given timings with the default provider-call limits. */
  public MachineTimings(Duration backoffInitial, Duration backoffMax, Duration provisionedRecheck,
      Duration runningRecheck, Duration deletionRecheck) {
    this(backoffInitial, backoffMax, provisionedRecheck, runningRecheck, deletionRecheck,
        ProviderCalls.Limits.defaults());
  }

  public MachineTimings {
    Objects.requireNonNull(backoffInitial, "backoffInitial");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(provisionedRecheck, "provisionedRecheck");
    Objects.requireNonNull(runningRecheck, "runningRecheck");
    Objects.requireNonNull(deletionRecheck, "deletionRecheck");
    Objects.requireNonNull(providerCalls, "providerCalls");
    if (backoffInitial.isNegative() || backoffInitial.isZero() || backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException("need 0 < backoffInitial <= backoffMax");
    }
  }

  public static MachineTimings defaults() {
    return new MachineTimings(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(30),
        Duration.ofMinutes(10), Duration.ofSeconds(5));
  }
}
