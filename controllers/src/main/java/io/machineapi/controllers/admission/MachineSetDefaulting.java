package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Mutating webhook of MachineSets (CREATE): the cluster-id label on the MachineSet and on its template (so every
 * Machine it creates carries it), and the provider's defaults in the template's providerSpec, exactly as
 * {@link MachineDefaulting} defaults a Machine.
 */
final class MachineSetDefaulting implements AdmissionHandler {

  private final MachineDefaulting machines;

  MachineSetDefaulting(MachineDefaulting machines) {
    this.machines = machines;
  }

  @Override
  public AdmissionResponse admit(AdmissionRequest request) {
    if (request.object() == null || !request.isCreate()) {
      return AdmissionResponse.allow();
    }
    ObjectNode set = request.object().deepCopy();
    // The set's own label only groups it; the template's is the one Machines need, so only that one warns.
    machines.apply(set, "metadata");
    List<String> warnings = set.path("spec").path("template") instanceof ObjectNode template
        ? machines.apply(template, "spec.template.metadata") : List.of();
    return AdmissionResponse.patch(request.object(), set, warnings);
  }
}
