package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.api.GoDuration;
import io.machineapi.spi.FieldErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validating webhook of ClusterAutoscalers (CREATE, UPDATE): only the name {@value #NAME} (the one the autoscaler
 * acts on); resource limits with min &ge; 0 and max &ge; min (cores, memory, each GPU type); durations in Go syntax
 * and not negative; {@code scaleDown.utilizationThreshold} strictly between 0 and 1. A GPU type that is not a valid
 * label value only warns. An update that only removes finalizers is always allowed.
 */
final class ClusterAutoscalerValidation implements AdmissionHandler {

  static final String NAME = "default";

  /** A label value: up to 63 characters, alphanumeric at both ends, {@code -_.} inside. */
  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final List<String> SCALE_DOWN_DURATIONS =
      List.of("delayAfterAdd", "delayAfterDelete", "delayAfterFailure", "unneededTime");

  @Override
  public AdmissionResponse admit(AdmissionRequest request) {
    if (!request.needsValidation()) {
      return AdmissionResponse.allow();
    }
    FieldErrors errors = FieldErrors.at("");
    List<String> warnings = new ArrayList<>();
    String name = request.name();
    errors.check(NAME.equals(name), "metadata.name", "must be " + NAME + " (the only ClusterAutoscaler acted on), got "
        + (name.isEmpty() ? "none" : name));
    JsonNode spec = request.object().path("spec");
    limits(spec.path("resourceLimits"), errors, warnings);
    JsonNode down = spec.path("scaleDown");
    for (String field : SCALE_DOWN_DURATIONS) {
      duration(down.get(field), "spec.scaleDown." + field, errors);
    }
    duration(spec.path("scaleUp").get("newPodScaleUpDelay"), "spec.scaleUp.newPodScaleUpDelay", errors);
    duration(spec.get("maxNodeProvisionTime"), "spec.maxNodeProvisionTime", errors);
    threshold(down.get("utilizationThreshold"), errors);
    JsonNode verbosity = spec.get("logVerbosity");
    errors.check(verbosity == null || verbosity.isNull() || verbosity.asLong() >= 0, "spec.logVerbosity",
        "must not be negative");
    return errors.isEmpty() ? AdmissionResponse.allow(warnings) : AdmissionResponse.deny(errors.errors(), warnings);
  }

  private static void limits(JsonNode limits, FieldErrors errors, List<String> warnings) {
    JsonNode maxNodes = limits.get("maxNodesTotal");
    errors.check(maxNodes == null || maxNodes.isNull() || maxNodes.asLong() >= 0, "spec.resourceLimits.maxNodesTotal",
        "must not be negative");
    range(limits.path("cores"), "spec.resourceLimits.cores", 0, errors);
    range(limits.path("memory"), "spec.resourceLimits.memory", 0, errors);
    JsonNode gpus = limits.path("gpus");
    for (int i = 0; i < gpus.size(); i++) {
      JsonNode gpu = gpus.get(i);
      String path = "spec.resourceLimits.gpus[" + i + "]";
      String type = gpu.path("type").asText("");
      errors.check(!type.isEmpty(), path + ".type", "must be set");
      if (!type.isEmpty() && (type.length() > 63 || !LABEL_VALUE.matcher(type).matches())) {
        warnings.add(path + ".type: " + type + " is not a valid label value, so no Node label can carry it");
      }
      range(gpu, path, 1, errors);
    }
  }

  /** {@code min} &ge; 0, {@code max} &ge; {@code lowestMax} and &ge; {@code min}, where set. */
  private static void range(JsonNode range, String path, long lowestMax, FieldErrors errors) {
    JsonNode min = range.get("min");
    JsonNode max = range.get("max");
    boolean hasMin = min != null && !min.isNull();
    boolean hasMax = max != null && !max.isNull();
    errors.check(!hasMin || min.asLong() >= 0, path + ".min", "must not be negative, got " + (hasMin ? min : ""));
    errors.check(!hasMax || max.asLong() >= lowestMax, path + ".max", "must be at least " + lowestMax + ", got "
        + (hasMax ? max : ""));
    if (hasMin && hasMax) {
      errors.check(max.asLong() >= min.asLong(), path + ".max", "must be greater than or equal to min (" + min
          + "), got " + max);
    }
  }

  private static void duration(JsonNode value, String path, FieldErrors errors) {
    if (value == null || value.isNull()) {
      return;
    }
    try {
      GoDuration.parse(value.asText());
    } catch (IllegalArgumentException e) {
      errors.add(path, "must be a duration like 10m or 1h30m, got \"" + value.asText() + "\"");
    }
  }

  private static void threshold(JsonNode value, FieldErrors errors) {
    if (value == null || value.isNull()) {
      return;
    }
    String path = "spec.scaleDown.utilizationThreshold";
    String text = value.asText();
    try {
      double x = Double.parseDouble(text);
      errors.check(x > 0 && x < 1, path, "must be greater than 0 and less than 1, got " + text);
    } catch (NumberFormatException e) {
      errors.add(path, "must be a number between 0 and 1, like 0.5, got \"" + text + "\"");
    }
  }
}
