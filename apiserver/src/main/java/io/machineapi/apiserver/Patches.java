package io.machineapi.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.zjsonpatch.JsonPatch;
import io.machineapi.apiserver.json.JsonMergePatch;
import io.machineapi.apiserver.json.PatchException;
import io.machineapi.apiserver.json.StrategicMergePatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The four PATCH media types a real server accepts, applied to a stored object:
 * RFC 6902 JSON patch (a failing {@code test} or a missing path gives 422), RFC 7386 JSON merge patch,
 * strategic merge patch (built-in kinds only; 415 for custom resources, as on a real server) and
 * {@code application/apply-patch+yaml}, approximated as a merge patch.
 */
final class Patches {

  /** A PATCH body's media type. */
  enum Type {
    JSON_PATCH, MERGE, STRATEGIC, APPLY
  }

  private Patches() {
  }

  /** The patch type of a Content-Type; 415 for anything else. */
  static Type typeOf(String contentType) {
    return switch (contentType) {
      case "application/json-patch+json" -> Type.JSON_PATCH;
      case "application/merge-patch+json" -> Type.MERGE;
      case "application/strategic-merge-patch+json" -> Type.STRATEGIC;
      case "application/apply-patch+yaml", "application/apply-patch+json" -> Type.APPLY;
      default -> throw new ApiException(Statuses.unsupportedMediaType(contentType));
    };
  }

  /** Parses a PATCH body (YAML for apply patches, JSON otherwise); 400 when it is not well-formed. */
  static JsonNode parse(Type type, byte[] body) {
    JsonNode patch;
    try {
      // fabric8's serializer reads YAML (and JSON, which is YAML) for apply patches.
      patch = type == Type.APPLY
          ? Serialization.unmarshal(new String(body, StandardCharsets.UTF_8), JsonNode.class)
          : Store.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(Statuses.badRequest("error decoding patch: " + e.getOriginalMessage()));
    } catch (IOException | RuntimeException e) {
      throw new ApiException(Statuses.badRequest("error decoding patch: " + e.getMessage()));
    }
    if (patch == null || patch.isMissingNode()) {
      throw new ApiException(Statuses.badRequest("empty patch body"));
    }
    return patch;
  }

  /**
   * Applies {@code patch} to a copy of {@code current}.
   *
   * @param type the resource type (null for a built-in kind the catalog does not list); strategic merge is
   *     refused for custom resources
   */
  static ObjectNode apply(Type patchType, ObjectNode current, JsonNode patch, ResourceType type) {
    JsonNode result;
    try {
      result = switch (patchType) {
        case JSON_PATCH -> jsonPatch(current, patch);
        case MERGE, APPLY -> JsonMergePatch.apply(current, patch);
        case STRATEGIC -> {
          if (type != null && type.custom()) {
            throw new ApiException(Statuses.unsupportedMediaType("application/strategic-merge-patch+json"));
          }
          // Built-in kinds missing from the catalog still get strategic merge, keyed by the stored kind.
          yield StrategicMergePatch.apply(type != null ? type.kind() : current.path("kind").asText(), current, patch);
        }
      };
    } catch (PatchException e) {
      throw new ApiException(Statuses.failure(e.httpStatus(), e.httpStatus() == 422 ? "Invalid" : "BadRequest",
          e.getMessage()));
    }
    if (!(result instanceof ObjectNode object)) {
      throw new ApiException(Statuses.invalid("the patch did not produce an object"));
    }
    return object;
  }

  private static JsonNode jsonPatch(ObjectNode current, JsonNode patch) {
    if (!patch.isArray()) {
      throw new ApiException(Statuses.badRequest("a JSON patch must be an array of operations"));
    }
    try {
      return JsonPatch.apply(patch, current.deepCopy());
    } catch (RuntimeException e) {
      // A real server answers 422 for every patch that cannot be applied, failed "test" operations included.
      throw new ApiException(Statuses.failure(422, "Invalid",
          "the server rejected our request due to an error in our request: " + e.getMessage()));
    }
  }
}
