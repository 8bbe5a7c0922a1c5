package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * Recognises an update that only removes finalizers: such an update is never refused, so deleting an object (whose
 * controller removes its finalizer last) cannot be blocked by a validation rule, whatever the stored object holds.
 */
final class FinalizerRemoval {

  private FinalizerRemoval() {}

  /**
   * Whether {@code updated} differs from {@code stored} only in having fewer finalizers (fields the API server
   * maintains itself, {@code resourceVersion} and {@code managedFields}, are not compared).
   */
  static boolean only(AdmissionRequest request) {
    if (!request.isUpdate() || request.object() == null || request.oldObject() == null) {
      return false;
    }
    Set<String> before = finalizers(request.oldObject());
    Set<String> after = finalizers(request.object());
    if (!before.containsAll(after) || after.size() == before.size()) {
      return false;
    }
    return withoutBookkeeping(request.oldObject()).equals(withoutBookkeeping(request.object()));
  }

  private static Set<String> finalizers(ObjectNode object) {
    Set<String> names = new HashSet<>();
    object.path("metadata").path("finalizers").forEach(f -> names.add(f.asText()));
    return names;
  }

  private static JsonNode withoutBookkeeping(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    JsonNode metadata = copy.get("metadata");
    if (metadata instanceof ObjectNode m) {
      m.remove(java.util.List.of("finalizers", "resourceVersion", "managedFields"));
    }
    return copy;
  }
}
