package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.machine.v1beta1.Machine;
import java.util.List;

/** {@link MachineWrites} through the Kubernetes API. */
public final class KubernetesMachineWrites implements MachineWrites {
  private final KubernetesClient client;

  public KubernetesMachineWrites(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Machine create(Machine machine) {
    return client.resources(Machine.class).inNamespace(machine.getMetadata().getNamespace()).resource(machine)
        .create();
  }

  @Override
  public void delete(Machine machine) {
    client.resources(Machine.class).inNamespace(machine.getMetadata().getNamespace())
        .withName(machine.getMetadata().getName()).delete();
  }

  @Override
  public void setOwnerReferences(Machine machine, List<OwnerReference> ownerReferences) {
    Machine copy = new Machine();
    copy.setMetadata(new ObjectMetaBuilder(machine.getMetadata()).withOwnerReferences(ownerReferences).build());
    copy.setSpec(machine.getSpec());
    // update() sends the cached resourceVersion: a stale copy gets 409 rather than overwriting newer labels.
    client.resources(Machine.class).inNamespace(machine.getMetadata().getNamespace()).resource(copy).update();
  }
}
