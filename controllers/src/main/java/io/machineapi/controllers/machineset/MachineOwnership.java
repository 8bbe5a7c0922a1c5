package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.util.List;
import java.util.Optional;

/** Controller owner references between MachineSets and Machines. */
public final class MachineOwnership {
  private MachineOwnership() {}

  /** The object's controller owner reference ({@code controller: true}), if any. */
  public static Optional<OwnerReference> controllerOf(HasMetadata object) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    return refs == null ? Optional.empty()
        : refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  /** Whether {@code set} (by UID) is the object's controller. */
  public static boolean isControlledBy(HasMetadata object, MachineSet set) {
    return controllerOf(object).map(r -> r.getUid().equals(set.getMetadata().getUid())).orElse(false);
  }

  /** Whether the object's controller owner is a MachineSet (any UID). */
  public static boolean isControlledByAMachineSet(HasMetadata object) {
    return controllerOf(object).map(r -> "MachineSet".equals(r.getKind())).orElse(false);
  }

  /**
   * The controller reference a MachineSet puts on its Machines; {@code blockOwnerDeletion} so foreground deletion
   * of the set waits for them, as a ReplicaSet does for its pods.
   */
  public static OwnerReference controllerReference(MachineSet set) {
    return new OwnerReferenceBuilder()
        .withApiVersion(set.getApiVersion()).withKind(set.getKind())
        .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true)
        .build();
  }
}
