package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineObjectMeta;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSpec;
import java.util.HashMap;
import java.util.List;

/**
 * A new Machine for a MachineSet: {@code generateName} {@code <set>-}, labels and annotations from
 * {@code template.metadata}, spec a copy of {@code template.spec}, the set as controller owner, same namespace.
 */
public final class MachineFromTemplate {
  private MachineFromTemplate() {}

  public static Machine build(MachineSet set) {
    MachineObjectMeta meta = set.getSpec().getTemplate() == null ? null : set.getSpec().getTemplate().getMetadata();
    MachineSpec templateSpec = set.getSpec().getTemplate() == null ? null : set.getSpec().getTemplate().getSpec();
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder()
        .withGenerateName(set.getMetadata().getName() + "-")
        .withNamespace(set.getMetadata().getNamespace())
        .withLabels(meta == null || meta.getLabels() == null ? null : new HashMap<>(meta.getLabels()))
        .withAnnotations(meta == null || meta.getAnnotations() == null ? null : new HashMap<>(meta.getAnnotations()))
        .withOwnerReferences(List.of(MachineOwnership.controllerReference(set)))
        .build());
    // A deep copy: the template object lives in the informer cache and must not be shared with the new Machine.
    machine.setSpec(templateSpec == null ? new MachineSpec()
        : Serialization.jsonMapper().convertValue(templateSpec, MachineSpec.class));
    return machine;
  }
}
