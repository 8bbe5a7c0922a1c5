package io.machineapi.controllers.machineset;

import io.machineapi.api.machine.v1beta1.MachineSetStatus;

/**
 * Some Machine creates or deletes failed this pass: the reconcile fails so it is retried with backoff, carrying the
 * status computed anyway so it is still written.
 */
final class MachineSetSyncException extends Exception {
  private final transient MachineSetStatus status;

  MachineSetSyncException(String message, MachineSetStatus status) {
    super(message);
    this.status = status;
  }

  MachineSetStatus status() {
    return status;
  }
}
