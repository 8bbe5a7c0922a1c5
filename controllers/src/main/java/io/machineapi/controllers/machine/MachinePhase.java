package io.machineapi.controllers.machine;

/** One step of the Machine lifecycle or deletion sequence; the reconciler runs the steps in order. */
@FunctionalInterface
interface MachinePhase {
  PhaseResult run(MachineScope scope);
}
