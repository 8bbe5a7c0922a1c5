package io.machineapi.controllers.healthcheck;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The outcome of evaluating one MachineHealthCheck at one instant.
 *
 * @param verdicts every target's verdict, by Machine name
 * @param expectedMachines number of targets
 * @param currentHealthy targets counted healthy
 * @param maxUnhealthy resolved {@code maxUnhealthy}; empty when it could not be parsed (remediation disallowed)
 * @param toRemediate the unhealthy targets to remediate now (empty while short-circuited)
 * @param nextCheck the earliest instant at which a verdict changes by the passing of time alone
 */
public record HealthEvaluation(Map<String, TargetVerdict> verdicts, int expectedMachines, int currentHealthy,
    OptionalInt maxUnhealthy, List<String> toRemediate, Optional<Instant> nextCheck) {

  public HealthEvaluation {
    verdicts = Map.copyOf(verdicts);
    toRemediate = List.copyOf(toRemediate);
  }

  /** {@code expectedMachines − currentHealthy}. */
  public int unhealthy() {
    return expectedMachines - currentHealthy;
  }

  /** More targets are unhealthy than {@code maxUnhealthy} allows (or it is unparsable): remediate nothing. */
  public boolean shortCircuited() {
    return maxUnhealthy.isEmpty() || unhealthy() > maxUnhealthy.getAsInt();
  }

  /** {@code maxUnhealthy − unhealthy}, at least 0; 0 while short-circuited. */
  public int remediationsAllowed() {
    return shortCircuited() ? 0 : Math.max(0, maxUnhealthy.getAsInt() - unhealthy());
  }
}
