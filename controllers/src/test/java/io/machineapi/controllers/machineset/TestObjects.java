package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Machines and Nodes for unit tests. */
final class TestObjects {
  private TestObjects() {}

  /** A Running Machine linked to a Node named after it, created at {@code created}. */
  static Machine running(String name, Instant created) {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns")
        .withUid(UUID.nameUUIDFromBytes(name.getBytes()).toString())
        .withCreationTimestamp(created.toString()).withLabels(Map.of("set", "a")).build());
    MachineStatus status = new MachineStatus();
    status.setPhase(MachinePhases.RUNNING);
    status.setNodeRef(new ObjectReferenceBuilder().withKind("Node").withName(name).build());
    machine.setStatus(status);
    return machine;
  }

  static Node node(String name, String ready, Instant since) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus(ready)
        .withLastTransitionTime(since.toString()).endCondition().endStatus().build();
  }
}
