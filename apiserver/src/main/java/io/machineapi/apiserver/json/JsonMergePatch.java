package io.machineapi.apiserver.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * JSON merge patch as defined by RFC 7386 (media type {@code application/merge-patch+json}), which is what a
 * real API server applies for {@code PATCH} with that content type.
 *
 * <p>Rules: an object patch is merged key by key into the target (a target that is not an object is first
 * replaced by an empty object); a {@code null} value removes the key; any other patch value (array, string,
 * number, boolean, {@code null} at the top) replaces the target wholesale, so arrays are never merged.
 */
public final class JsonMergePatch {

  private JsonMergePatch() {
  }

  /**
   * Applies {@code patch} to {@code target} and returns the result.
   *
   * <p>Neither argument is modified; the result shares no mutable nodes with them. A Java {@code null} or a
   * missing node as {@code target} stands for "no document". Nulls inside object values that are added (not
   * merged) are removed too, as the RFC's recursive definition implies ({@code {} + {"a":{"b":null}}} gives
   * {@code {"a":{}}}).
   *
   * @param target the current document, may be {@code null}
   * @param patch  the merge patch; must not be Java {@code null} (a JSON {@code null} yields {@link NullNode})
   * @return the patched document
   * @throws IllegalArgumentException if {@code patch} is Java {@code null}
   */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null) {
      throw new IllegalArgumentException("merge patch must not be null");
    }
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject()
        ? ((ObjectNode) target).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    mergeInto(result, (ObjectNode) patch);
    return result;
  }

  /** Merges an object patch into a target object this class owns (a private copy). */
  private static void mergeInto(ObjectNode target, ObjectNode patch) {
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        target.remove(name);
      } else if (value.isObject()) {
        JsonNode existing = target.get(name);
        ObjectNode merged = existing != null && existing.isObject()
            ? (ObjectNode) existing
            : JsonNodeFactory.instance.objectNode();
        mergeInto(merged, (ObjectNode) value);
        target.set(name, merged);
      } else {
        target.set(name, value.deepCopy());
      }
    }
  }
}
