package io.machineapi.controllers.machineset;

import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which Machines of a namespace a MachineSet claims, as ReplicaSets claim pods.
 *
 * @param kept Machines the set counts: controlled by it or orphans matching its selector, not deleting; sorted by
 *     name
 * @param toAdopt the orphans among {@code kept}; they get a controller reference before being counted for good
 * @param toRelease Machines the set controls that no longer match its selector: their reference is removed so they
 *     become orphans and are replaced
 */
public record MachineClaims(List<Machine> kept, List<Machine> toAdopt, List<Machine> toRelease) {

  public static MachineClaims of(MachineSet set, MachineSelector selector, Collection<Machine> machines) {
    List<Machine> kept = new ArrayList<>();
    List<Machine> toAdopt = new ArrayList<>();
    List<Machine> toRelease = new ArrayList<>();
    for (Machine machine : machines) {
      boolean deleting = machine.getMetadata().getDeletionTimestamp() != null;
      boolean matches = selector.matches(machine.getMetadata().getLabels());
      if (MachineOwnership.isControlledBy(machine, set)) {
        if (deleting) {
          continue;
        }
        if (matches) {
          kept.add(machine);
        } else {
          toRelease.add(machine);
        }
      } else if (MachineOwnership.controllerOf(machine).isEmpty() && !deleting && matches) {
        kept.add(machine);
        toAdopt.add(machine);
      }
    }
    kept.sort(Comparator.comparing(m -> m.getMetadata().getName()));
    return new MachineClaims(List.copyOf(kept), List.copyOf(toAdopt), List.copyOf(toRelease));
  }
}
