package io.machineapi.controllers.machine;

import io.machineapi.api.machine.v1beta1.Machine;

/** Adds {@value Machine#FINALIZER} before anything is created, so deletion always runs through this controller. */
final class EnsureFinalizerPhase implements MachinePhase {
  private final MachineWriter writer;

  EnsureFinalizerPhase(MachineWriter writer) {
    this.writer = writer;
  }

  @Override
  public PhaseResult run(MachineScope scope) {
    if (scope.machine().getMetadata().getFinalizers() == null
        || !scope.machine().getMetadata().getFinalizers().contains(Machine.FINALIZER)) {
      writer.addFinalizer(scope);
    }
    return PhaseResult.proceed();
  }
}
