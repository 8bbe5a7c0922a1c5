package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adopts orphan Machines that match a MachineSet and releases Machines it controls that no longer
 * match, by writing the controller owner reference. A failed write skips that Machine this pass: the
 * conflict means someone changed it, and the resulting event brings the set back.
 */
final class MachineAdoption {
  private static final Logger LOG = LoggerFactory.getLogger(MachineAdoption.class);

  private final MachineWrites writes;

  MachineAdoption(MachineWrites writes) {
    this.writes = writes;
  }

  /** @return whether {@code machine} now has {@code set} as controller */
  boolean adopt(MachineSet set, Machine machine) {
    List<OwnerReference> refs = new ArrayList<>(machine.getMetadata().getOwnerReferences() == null ? List.of()
        : machine.getMetadata().getOwnerReferences());
    refs.add(MachineOwnership.controllerReference(set));
    try {
      writes.setOwnerReferences(machine, refs);
      LOG.info("MachineSet {}/{} adopted Machine {}", set.getMetadata().getNamespace(), set.getMetadata().getName(),
          machine.getMetadata().getName());
      return true;
    } catch (KubernetesClientException e) {
      LOG.info("MachineSet {}/{} could not adopt Machine {} this pass: {}", set.getMetadata().getNamespace(),
          set.getMetadata().getName(), machine.getMetadata().getName(), e.getMessage());
      return false;
    }
  }

  /** @return whether {@code machine} no longer has {@code set} as controller */
  boolean release(MachineSet set, Machine machine) {
    List<OwnerReference> refs = machine.getMetadata().getOwnerReferences().stream()
        .filter(r -> !set.getMetadata().getUid().equals(r.getUid())).toList();
    try {
      writes.setOwnerReferences(machine, refs);
      LOG.info("MachineSet {}/{} released Machine {}: its labels no longer match the selector",
          set.getMetadata().getNamespace(), set.getMetadata().getName(), machine.getMetadata().getName());
      return true;
    } catch (KubernetesClientException e) {
      LOG.info("MachineSet {}/{} could not release Machine {} this pass: {}", set.getMetadata().getNamespace(),
          set.getMetadata().getName(), machine.getMetadata().getName(), e.getMessage());
      return false;
    }
  }
}
