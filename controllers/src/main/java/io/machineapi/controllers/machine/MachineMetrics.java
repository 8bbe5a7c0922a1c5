package io.machineapi.controllers.machine;

import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * OpenShift's Machine metrics: {@value #PHASE_TRANSITION} observes the seconds from the Machine's
 * creation to each phase change (buckets 5 … 600 s; not for {@code Deleting}), and the failure counters
 * {@value #CREATE_FAILED} / {@value #DELETE_FAILED} with labels {@code name}, {@code namespace}, {@code reason}. A
 * Machine's counters are removed when it is deleted, so the series do not outlive their Machines.
 */
final class MachineMetrics {
  static final String PHASE_TRANSITION = "mapi_machine_phase_transition_seconds";
  static final String CREATE_FAILED = "mapi_instance_create_failed";
  static final String DELETE_FAILED = "mapi_instance_delete_failed";
  private static final double[] BUCKETS = {5, 10, 20, 30, 60, 90, 120, 180, 240, 300, 360, 480, 600};

  private final MeterRegistry registry;

  MachineMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void phaseChanged(Machine machine, String phase, Instant now) {
    if (MachinePhases.DELETING.equals(phase) || machine.getMetadata().getCreationTimestamp() == null) {
      return;
    }
    try {
      Instant created = Instant.parse(machine.getMetadata().getCreationTimestamp());
      DistributionSummary.builder(PHASE_TRANSITION).tag("phase", phase).serviceLevelObjectives(BUCKETS)
          .register(registry).record(Math.max(0, Duration.between(created, now).toMillis() / 1000.0));
    } catch (DateTimeParseException e) {
      // A creation timestamp the API server wrote is always parseable; nothing to observe otherwise.
    }
  }

  void createFailed(Machine machine, String reason) {
    counter(CREATE_FAILED, machine, reason).increment();
  }

  void deleteFailed(Machine machine, String reason) {
    counter(DELETE_FAILED, machine, reason).increment();
  }

  /** Removes the Machine's own series (the failure counters); the phase histogram is not per Machine. */
  void forget(Machine machine) {
    for (String name : new String[] {CREATE_FAILED, DELETE_FAILED}) {
      registry.find(name).tag("name", machine.getMetadata().getName())
          .tag("namespace", machine.getMetadata().getNamespace()).meters().forEach(registry::remove);
    }
  }

  private Counter counter(String name, Machine machine, String reason) {
    return Counter.builder(name).tag("name", machine.getMetadata().getName())
        .tag("namespace", machine.getMetadata().getNamespace()).tag("reason", reason).register(registry);
  }
}
