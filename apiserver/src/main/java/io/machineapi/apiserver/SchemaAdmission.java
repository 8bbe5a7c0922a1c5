package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.machineapi.apiserver.schema.AdmissionResult;
import io.machineapi.apiserver.schema.CrdSchemaAdmission;
import io.machineapi.apiserver.schema.FieldError;
import java.util.List;

/**
 * Admission of custom resources against their CRD's openAPIV3Schema (pruning, defaulting, validation by
 * {@link CrdSchemaAdmission}); a rejected write is a 422 Status worded like a real server's:
 * {@code Widget.example.com "w" is invalid: spec.replicas: Invalid value: -1: ...} with one
 * {@code details.causes} entry per field error.
 */
final class SchemaAdmission implements Admission {

  private final CrdSchemaAdmission admission = new CrdSchemaAdmission();

  @Override
  public ObjectNode admit(ResourceType type, ObjectNode object) {
    if (type == null || type.crd() == null) {
      return object;
    }
    AdmissionResult result = admission.admit(type.crd(), type.version(), object);
    if (!result.valid()) {
      throw new ApiException(invalid(type, object.path("metadata").path("name").asText(), result.errors()));
    }
    return object;
  }

  @Override
  public ObjectNode defaulted(ResourceType type, ObjectNode object) {
    if (type != null && type.crd() != null) {
      admission.pruneAndDefault(type.crd(), type.version(), object);
    }
    return object;
  }

  @Override
  public List<String> pruneUnknownFields(ResourceType type, ObjectNode object) {
    if (type == null || type.crd() == null) {
      return List.of();
    }
    return admission.pruneUnknownFields(type.crd(), type.version(), object);
  }

  /** The 422 Status of a rejected write of {@code type}, one {@code details.causes} entry per error. */
  static Status invalid(ResourceType type, String name, List<FieldError> errors) {
    List<StatusCause> causes = errors.stream().map(e -> new StatusCauseBuilder().withReason(e.type())
        .withMessage(e.body()).withField(e.path()).build()).toList();
    return Statuses.failure(422, "Invalid", CrdSchemaAdmission.invalidMessage(type.kind(), type.group(), name, errors),
        type.group(), type.kind(), name, causes);
  }
}
