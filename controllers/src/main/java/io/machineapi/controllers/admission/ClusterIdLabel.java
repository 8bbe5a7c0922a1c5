package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.spi.MachineContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Defaults label {@value MachineContext#CLUSTER_ID_LABEL} (the cluster's infrastructure id, which the Machine
 * controller requires) to the operator's {@code --cluster-id}. Without a cluster id nothing is defaulted and the
 * response warns that the controller will not reconcile the object until the label is set.
 */
final class ClusterIdLabel {

  private final Optional<String> clusterId;

  ClusterIdLabel(Optional<String> clusterId) {
    this.clusterId = Objects.requireNonNull(clusterId, "clusterId").filter(id -> !id.isBlank());
  }

  /**
   * Sets the label in {@code holder.metadata.labels} when it is missing or empty.
   *
   * @param holder the object (or a MachineSet's template) whose {@code metadata} is meant
   * @param path how to name that metadata in a warning, e.g. {@code metadata} or {@code spec.template.metadata}
   * @return a warning when the label is missing and there is no cluster id
   */
  List<String> apply(ObjectNode holder, String path) {
    JsonNode current = holder.path("metadata").path("labels").path(MachineContext.CLUSTER_ID_LABEL);
    if (current.isTextual() && !current.asText().isBlank()) {
      return List.of();
    }
    if (clusterId.isEmpty()) {
      return List.of(path + ".labels[" + MachineContext.CLUSTER_ID_LABEL + "]: not set, and the operator has no "
          + "--cluster-id to default it; the Machine controller does not reconcile a Machine without it");
    }
    ObjectNode metadata = holder.get("metadata") instanceof ObjectNode m ? m : holder.putObject("metadata");
    ObjectNode labels = metadata.get("labels") instanceof ObjectNode l ? l : metadata.putObject("labels");
    labels.put(MachineContext.CLUSTER_ID_LABEL, clusterId.get());
    return List.of();
  }
}
