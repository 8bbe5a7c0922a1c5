package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonDiff;
import io.machineapi.spi.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A webhook's answer: allowed or denied (with a message naming the fields), warnings shown by kubectl, and for a
 * mutating webhook a JSON patch (RFC 6902) of the defaults.
 *
 * @param allowed whether the request may proceed
 * @param code the HTTP-like status code of a denial (403); 200 when allowed
 * @param message why it was denied; empty when allowed
 * @param warnings soft problems, each shown by kubectl as {@code Warning: ...}
 * @param patch the JSON patch to apply; null for none
 */
public record AdmissionResponse(boolean allowed, int code, String message, List<String> warnings, ArrayNode patch) {

  public static final String API_VERSION = "admission.k8s.io/v1";

  public AdmissionResponse {
    Objects.requireNonNull(message, "message");
    warnings = List.copyOf(warnings);
    patch = patch == null || patch.isEmpty() ? null : patch.deepCopy();
  }

  public static AdmissionResponse allow() {
    return new AdmissionResponse(true, 200, "", List.of(), null);
  }

  public static AdmissionResponse allow(List<String> warnings) {
    return new AdmissionResponse(true, 200, "", warnings, null);
  }

  /** Allowed, with the JSON patch turning {@code original} into {@code mutated} (none when they are equal). */
  public static AdmissionResponse patch(JsonNode original, JsonNode mutated, List<String> warnings) {
    JsonNode diff = JsonDiff.asJson(original, mutated);
    return new AdmissionResponse(true, 200, "", warnings, diff instanceof ArrayNode a ? a : null);
  }

  /** Denied (403 Forbidden) with {@code message}. */
  public static AdmissionResponse deny(String message, List<String> warnings) {
    return new AdmissionResponse(false, 403, message, warnings, null);
  }

  /** Denied with every problem as {@code path: message}, joined by {@code "; "}. */
  public static AdmissionResponse deny(List<FieldError> errors, List<String> warnings) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a denial needs at least one error");
    }
    return deny(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")), warnings);
  }

  /** The AdmissionReview (v1) carrying this answer to request {@code uid}. */
  public ObjectNode toReview(String uid) {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode review = json.objectNode().put("apiVersion", API_VERSION).put("kind", "AdmissionReview");
    ObjectNode response = review.putObject("response").put("uid", uid).put("allowed", allowed);
    if (!allowed) {
      response.putObject("status").put("code", code).put("reason", code == 403 ? "Forbidden" : "InternalError")
          .put("message", message);
    }
    if (!warnings.isEmpty()) {
      ArrayNode w = response.putArray("warnings");
      warnings.forEach(w::add);
    }
    if (patch != null) {
      response.put("patchType", "JSONPatch");
      response.put("patch", Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
    }
    return review;
  }
}
