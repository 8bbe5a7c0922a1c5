package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Mutating webhook of Machines (CREATE): the cluster-id label and the provider's providerSpec defaults, as a JSON
 * patch.
 */
final class MachineDefaulting implements AdmissionHandler {

  private final ProviderSpecAdmission specs;
  private final ClusterIdLabel clusterId;

  MachineDefaulting(ProviderSpecAdmission specs, ClusterIdLabel clusterId) {
    this.specs = specs;
    this.clusterId = clusterId;
  }

  @Override
  public AdmissionResponse admit(AdmissionRequest request) {
    if (request.object() == null || !request.isCreate()) {
      return AdmissionResponse.allow();
    }
    ObjectNode machine = request.object().deepCopy();
    List<String> warnings = apply(machine, "metadata");
    return AdmissionResponse.patch(request.object(), machine, warnings);
  }

  /**
   * Defaults, in place, the label of {@code machineLike.metadata} and {@code machineLike.spec.providerSpec.value}
   * (a Machine, or a MachineSet's template).
   *
   * @param metadataPath how warnings name that metadata
   * @return the warnings
   */
  List<String> apply(ObjectNode machineLike, String metadataPath) {
    List<String> warnings = clusterId.apply(machineLike, metadataPath);
    if (machineLike.path("spec").path("providerSpec") instanceof ObjectNode providerSpec
        && providerSpec.get("value") != null) {
      providerSpec.set("value", specs.defaults(providerSpec.get("value")));
    }
    return warnings;
  }
}
