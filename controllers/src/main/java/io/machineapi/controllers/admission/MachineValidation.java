package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.spi.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Validating webhook of Machines (CREATE, UPDATE): the providerSpec through its provider, and lifecycle hooks that may
 * only be removed while the Machine is deleted. An update that only removes finalizers, and an update that keeps the
 * providerSpec as stored (the controller's own writes, or objects stored before the webhook existed), never fail on
 * the providerSpec.
 */
final class MachineValidation implements AdmissionHandler {

  private final ProviderSpecAdmission specs;

  MachineValidation(ProviderSpecAdmission specs) {
    this.specs = specs;
  }

  @Override
  public AdmissionResponse admit(AdmissionRequest request) {
    if (!request.needsValidation()) {
      return AdmissionResponse.allow();
    }
    List<FieldError> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    JsonNode value = request.object().path("spec").path("providerSpec").get("value");
    if (request.isCreate() || providerSpecChanged(request, "spec")) {
      ProviderSpecAdmission.Outcome outcome = specs.validate(value, "spec", request.namespace());
      errors.addAll(outcome.errors());
      warnings.addAll(outcome.warnings());
    }
    if (request.isUpdate()) {
      errors.addAll(LifecycleHookChanges.check(request.oldObject(), request.object()));
    }
    return errors.isEmpty() ? AdmissionResponse.allow(warnings) : AdmissionResponse.deny(errors, warnings);
  }

  /** Whether an UPDATE changes {@code <specPath>.providerSpec} (a CREATE always does). */
  static boolean providerSpecChanged(AdmissionRequest request, String specPath) {
    if (!request.isUpdate() || request.oldObject() == null) {
      return true;
    }
    return !at(request.oldObject(), specPath).equals(at(request.object(), specPath));
  }

  private static JsonNode at(JsonNode object, String specPath) {
    JsonNode node = object;
    for (String field : specPath.split("\\.")) {
      node = node.path(field);
    }
    return node.path("providerSpec");
  }
}
