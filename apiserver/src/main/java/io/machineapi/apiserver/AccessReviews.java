package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code authorization.k8s.io/v1} self reviews. The server has no authorization, so every review answers that
 * everything is allowed: a SelfSubjectRulesReview (java-operator-sdk checks lease access with one before a leader
 * election) gets {@code *} resource and non-resource rules, a SelfSubjectAccessReview ({@code kubectl auth can-i})
 * gets {@code allowed: true}. Reviews are answered 201 with the posted object and its status, and not stored, as on
 * a real server (kubectl posts its reviews as protobuf: {@link ProtobufBodies}).
 */
final class AccessReviews {

  static final String GROUP = "authorization.k8s.io";

  private AccessReviews() {
  }

  /** Whether {@code path} is the collection of a self review. */
  static boolean handles(ResourcePath path) {
    return path.group().equals(GROUP) && path.version().equals("v1") && path.name() == null
        && path.namespace() == null && kind(path) != null;
  }

  /** The answer to a review POSTed to {@code path} ({@link #handles} is true): the review with its status. */
  static ObjectNode answer(ResourcePath path, ObjectNode posted) {
    String kind = kind(path);
    ObjectNode review = posted.deepCopy();
    review.put("apiVersion", GROUP + "/v1").put("kind", kind);
    Writes.metadata(review);
    ObjectNode status = review.putObject("status");
    if (kind.equals("SelfSubjectRulesReview")) {
      status.putArray("resourceRules").addObject().<ObjectNode>set("verbs", star(status))
          .<ObjectNode>set("apiGroups", star(status)).set("resources", star(status));
      status.putArray("nonResourceRules").addObject().<ObjectNode>set("verbs", star(status))
          .set("nonResourceURLs", star(status));
      status.put("incomplete", false);
    } else {
      status.put("allowed", true).put("reason", "the embedded API server has no authorization");
    }
    return review;
  }

  private static String kind(ResourcePath path) {
    return switch (path.plural()) {
      case "selfsubjectrulesreviews" -> "SelfSubjectRulesReview";
      case "selfsubjectaccessreviews" -> "SelfSubjectAccessReview";
      default -> null;
    };
  }

  private static ArrayNode star(ObjectNode factory) {
    return factory.arrayNode().add("*");
  }
}
