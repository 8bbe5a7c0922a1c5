package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** The JSON merge algorithms behind {@link Patches}. */
final class PatchAlgorithms {

  private PatchAlgorithms() {
  }

  /** RFC 7386: objects merge recursively, {@code null} deletes, everything else (arrays too) replaces. */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
        : Store.JSON.createObjectNode();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }

  /** Strategic merge patch for a built-in kind. */
  static JsonNode strategicMerge(JsonNode target, JsonNode patch, String kind) {
    return merge(target, patch);
  }
}
