package io.machineapi.controllers.machine;

import io.machineapi.api.machine.v1beta1.MachinePhases;

/** Phase {@code Deleting}, first thing on every deletion pass. */
final class MarkDeletingPhase implements MachinePhase {
  private final MachineWriter writer;

  MarkDeletingPhase(MachineWriter writer) {
    this.writer = writer;
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    scope.setPhase(MachinePhases.DELETING);
    writer.writeStatus(scope);
    return PhaseResult.proceed();
  }
}
