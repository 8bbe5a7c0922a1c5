package io.machineapi.controllers.machineset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.controllers.PatchTargets;
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

  /**
   * A JSON patch that first tests {@code uid} and {@code resourceVersion}: it touches only the owner references (no
   * full-object PUT that could drop fields this model does not know) and fails (422) on a stale copy.
   */
  @Override
  public void setOwnerReferences(Machine machine, List<OwnerReference> ownerReferences) {
    ObjectMapper json = Serialization.jsonMapper();
    ArrayNode patch = json.createArrayNode();
    patch.addObject().put("op", "test").put("path", "/metadata/uid").put("value", machine.getMetadata().getUid());
    patch.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
        .put("value", machine.getMetadata().getResourceVersion());
    patch.addObject().put("op", "add").put("path", "/metadata/ownerReferences")
        .set("value", json.valueToTree(ownerReferences));
    PatchTargets.of(client, Machine.class, machine.getMetadata().getNamespace(), machine.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), patch.toString());
  }
}
