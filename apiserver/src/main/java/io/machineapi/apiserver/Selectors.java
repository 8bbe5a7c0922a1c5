package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.apiserver.selector.FieldSelectors;
import io.machineapi.selector.LabelMatcher;
import io.machineapi.selector.LabelSelectors;
import io.machineapi.selector.SelectorException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Label and field selectors as predicates on stored objects, for list filtering and PodDisruptionBudgets; an
 * unparsable selector is a 400 as on a real server.
 */
final class Selectors {

  private Selectors() {
  }

  /** A {@code labelSelector} query parameter (equality and set-based). */
  static Predicate<JsonNode> labelSelector(String selector) {
    try {
      return onLabels(LabelSelectors.parse(selector));
    } catch (SelectorException e) {
      throw new ApiException(Statuses.badRequest("unable to parse requirement: " + e.getMessage()));
    }
  }

  /** A {@code fieldSelector} query parameter ({@code spec.nodeName=n1,status.phase!=Succeeded}). */
  static Predicate<JsonNode> fieldSelector(String selector) {
    try {
      return FieldSelectors.parse(selector);
    } catch (SelectorException e) {
      throw new ApiException(Statuses.badRequest(e.getMessage()));
    }
  }

  /**
   * A stored metav1.LabelSelector object: null or missing matches nothing, {@code {}} matches everything (the
   * policy/v1 PodDisruptionBudget semantics); an invalid one matches nothing.
   */
  static Predicate<JsonNode> labelSelectorObject(JsonNode selector) {
    try {
      return onLabels(LabelSelectors.fromJson(selector));
    } catch (SelectorException e) {
      return object -> false;
    }
  }

  private static Predicate<JsonNode> onLabels(LabelMatcher matcher) {
    return object -> matcher.matches(labels(object));
  }

  private static Map<String, String> labels(JsonNode object) {
    Map<String, String> labels = new HashMap<>();
    object.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }
}
