package io.machineapi.controllers.machine;

import io.machineapi.api.machine.v1beta1.MachinePhases;

/**
 * Phase {@code Deleting}, first thing on every deletion pass (stored by the write at the end of the pass; a pass
 * that finishes the deletion removes the finalizer instead).
 */
final class MarkDeletingPhase implements MachinePhase {
  @Override
  public PhaseResult run(MachineScope scope) {
    scope.setPhase(MachinePhases.DELETING);
    return PhaseResult.proceed();
  }
}
