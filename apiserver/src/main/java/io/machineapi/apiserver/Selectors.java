package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Label and field selector matching on stored objects, for list filtering and PodDisruptionBudgets. */
final class Selectors {

  private Selectors() {
  }

  /** A {@code labelSelector} query parameter (equality and set-based) as a predicate on objects. */
  static Predicate<JsonNode> labelSelector(String selector) {
    throw new UnsupportedOperationException("not integrated yet");
  }

  /** A {@code fieldSelector} query parameter ({@code spec.nodeName=n1,status.phase!=Succeeded}) on objects. */
  static Predicate<JsonNode> fieldSelector(String selector) {
    throw new UnsupportedOperationException("not integrated yet");
  }

  /**
   * A metav1.LabelSelector object as a predicate on objects: null or missing matches nothing, {@code {}} matches
   * everything (the policy/v1 PodDisruptionBudget semantics).
   */
  static Predicate<JsonNode> labelSelectorObject(JsonNode selector) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) {
      return object -> false;
    }
    return object -> matches(selector, object.path("metadata").path("labels"));
  }

  private static boolean matches(JsonNode selector, JsonNode labels) {
    for (Map.Entry<String, JsonNode> required : selector.path("matchLabels").properties()) {
      if (!labels.path(required.getKey()).isTextual()
          || !labels.get(required.getKey()).asText().equals(required.getValue().asText())) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asText();
      Set<String> values = new HashSet<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      boolean present = labels.has(key);
      String value = labels.path(key).asText();
      boolean ok = switch (expression.path("operator").asText()) {
        case "In" -> present && values.contains(value);
        case "NotIn" -> !present || !values.contains(value);
        case "Exists" -> present;
        case "DoesNotExist" -> !present;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
