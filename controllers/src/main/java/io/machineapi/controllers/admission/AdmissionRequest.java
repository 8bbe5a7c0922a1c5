package io.machineapi.controllers.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The part of an {@code admission.k8s.io/v1} AdmissionReview request the webhooks read.
 *
 * @param uid the request's uid, echoed in the response
 * @param kind the object's kind, e.g. {@code Machine}
 * @param operation {@code CREATE}, {@code UPDATE}, {@code DELETE} or {@code CONNECT}
 * @param namespace the object's namespace; empty for cluster-scoped objects
 * @param object the object as it would be stored; null for DELETE
 * @param oldObject the stored object, for UPDATE (and DELETE); null otherwise
 */
public record AdmissionRequest(String uid, String kind, String operation, String namespace, ObjectNode object,
    ObjectNode oldObject) {

  public AdmissionRequest {
    Objects.requireNonNull(uid, "uid");
    kind = kind == null ? "" : kind;
    Objects.requireNonNull(operation, "operation");
    namespace = namespace == null ? "" : namespace;
  }

  /**
   * Reads {@code review.request}.
   *
   * @throws IllegalArgumentException when the review is not an {@code admission.k8s.io/v1} AdmissionReview with a
   *     request carrying a uid and an operation
   */
  public static AdmissionRequest fromReview(JsonNode review) {
    if (review == null || !review.isObject()) {
      throw new IllegalArgumentException("expected an AdmissionReview object");
    }
    String apiVersion = review.path("apiVersion").asText("");
    if (!AdmissionResponse.API_VERSION.equals(apiVersion) || !"AdmissionReview".equals(review.path("kind").asText())) {
      throw new IllegalArgumentException("expected kind AdmissionReview, apiVersion " + AdmissionResponse.API_VERSION
          + " (got " + review.path("kind").asText("none") + ", " + (apiVersion.isEmpty() ? "none" : apiVersion) + ")");
    }
    JsonNode request = review.path("request");
    String uid = request.path("uid").asText("");
    String operation = request.path("operation").asText("");
    if (uid.isEmpty() || operation.isEmpty()) {
      throw new IllegalArgumentException("the AdmissionReview has no request.uid or request.operation");
    }
    return new AdmissionRequest(uid, request.path("kind").path("kind").asText(""), operation,
        request.path("namespace").asText(""), object(request.get("object")), object(request.get("oldObject")));
  }

  private static ObjectNode object(JsonNode node) {
    return node != null && node.isObject() ? (ObjectNode) node : null;
  }

  public boolean isCreate() {
    return "CREATE".equals(operation);
  }

  public boolean isUpdate() {
    return "UPDATE".equals(operation);
  }

  /**
   * Whether validating webhooks check this request: a CREATE or UPDATE, except an update that only removes
   * finalizers ({@link FinalizerRemoval}).
   */
  public boolean needsValidation() {
    return object != null && (isCreate() || isUpdate()) && !FinalizerRemoval.only(this);
  }

  /** The object's {@code metadata.name} (for CREATE with {@code generateName} possibly empty). */
  public String name() {
    ObjectNode o = object != null ? object : oldObject;
    return o == null ? "" : o.path("metadata").path("name").asText("");
  }
}
