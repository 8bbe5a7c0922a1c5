package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.selector.LabelMatcher;
import io.machineapi.selector.LabelSelectors;
import io.machineapi.selector.SelectorException;
import io.machineapi.spi.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validating webhook of MachineSets (CREATE, UPDATE): {@code spec.selector} set, not empty, matching
 * {@code spec.template.metadata.labels} and immutable; the template's providerSpec through its provider (on create
 * and when it changes). An update that only removes finalizers is always allowed.
 */
final class MachineSetValidation implements AdmissionHandler {

  static final String TEMPLATE_SPEC = "spec.template.spec";

  private final ProviderSpecAdmission specs;

  MachineSetValidation(ProviderSpecAdmission specs) {
    this.specs = specs;
  }

  @Override
  public AdmissionResponse admit(AdmissionRequest request) {
    if (!request.needsValidation()) {
      return AdmissionResponse.allow();
    }
    List<FieldError> errors = new ArrayList<>(selector(request));
    List<String> warnings = new ArrayList<>();
    if (MachineValidation.providerSpecChanged(request, TEMPLATE_SPEC)) {
      JsonNode value = request.object().path("spec").path("template").path("spec").path("providerSpec").get("value");
      ProviderSpecAdmission.Outcome outcome = specs.validate(value, TEMPLATE_SPEC, request.namespace());
      errors.addAll(outcome.errors());
      warnings.addAll(outcome.warnings());
    }
    return errors.isEmpty() ? AdmissionResponse.allow(warnings) : AdmissionResponse.deny(errors, warnings);
  }

  private static List<FieldError> selector(AdmissionRequest request) {
    JsonNode selector = request.object().path("spec").path("selector");
    if (request.isUpdate() && request.oldObject() != null
        && !request.oldObject().path("spec").path("selector").equals(selector)) {
      return List.of(new FieldError("spec.selector", "field is immutable"));
    }
    if (!selector.isObject()) {
      return List.of(new FieldError("spec.selector", "must be set"));
    }
    LabelMatcher matcher;
    try {
      matcher = LabelSelectors.fromJson(selector);
    } catch (SelectorException e) {
      return List.of(new FieldError("spec.selector", "invalid: " + e.getMessage()));
    }
    if (matcher.isEverything()) {
      return List.of(new FieldError("spec.selector", "must not be empty (it would select every Machine)"));
    }
    Map<String, String> labels = new TreeMap<>();
    request.object().path("spec").path("template").path("metadata").path("labels").fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    if (!matcher.matches(labels)) {
      return List.of(new FieldError("spec.template.metadata.labels", "must match spec.selector (" + matcher
          + "), got " + labels));
    }
    return List.of();
  }
}
