package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.machineapi.api.machine.v1beta1.Machine;
import java.util.List;

/**
 * The writes the MachineSet controller makes to Machines. An interface so tests can observe how many are in flight;
 * {@link KubernetesMachineWrites} is the real one.
 */
public interface MachineWrites {
  /** Creates {@code machine} (named by {@code generateName}); returns the stored Machine with its name. */
  Machine create(Machine machine);

  /** Deletes the Machine; a Machine already gone counts as deleted. */
  void delete(Machine machine);

  /**
   * Replaces the Machine's owner references, guarded by its {@code resourceVersion}, so a concurrent change (another
   * set adopting it first) fails with a conflict instead of being overwritten.
   */
  void setOwnerReferences(Machine machine, List<OwnerReference> ownerReferences);
}
