package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.spi.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Once a Machine has a {@code deletionTimestamp}, its lifecycle hooks ({@code spec.lifecycleHooks.preDrain},
 * {@code preTerminate}) may only be removed: a hook added or changed then is refused, so nobody can hold a deletion
 * that has already started.
 */
final class LifecycleHookChanges {

  static final List<String> KINDS = List.of("preDrain", "preTerminate");

  private LifecycleHookChanges() {}

  /** The forbidden changes from {@code stored} to {@code updated}; none when the Machine is not being deleted. */
  static List<FieldError> check(JsonNode stored, JsonNode updated) {
    if (stored == null || updated == null || stored.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
      return List.of();
    }
    List<FieldError> errors = new ArrayList<>();
    for (String kind : KINDS) {
      Set<JsonNode> before = new HashSet<>();
      stored.path("spec").path("lifecycleHooks").path(kind).forEach(before::add);
      List<String> changed = new ArrayList<>();
      for (JsonNode hook : updated.path("spec").path("lifecycleHooks").path(kind)) {
        if (!before.contains(hook)) {
          changed.add(hook.path("name").asText("?") + " (owner " + hook.path("owner").asText("?") + ")");
        }
      }
      if (!changed.isEmpty()) {
        errors.add(new FieldError("spec.lifecycleHooks." + kind, "Forbidden: hooks may only be removed once the "
            + "Machine is being deleted; added or changed: " + String.join(", ", changed)));
      }
    }
    return errors;
  }
}
