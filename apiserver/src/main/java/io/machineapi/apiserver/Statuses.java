package io.machineapi.apiserver;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import java.util.List;

/** meta/v1 Status bodies worded like a real API server's, so clients that check reasons behave as in production. */
final class Statuses {

  private Statuses() {
  }

  static Status failure(int code, String reason, String message) {
    return new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Failure").withCode(code)
        .withReason(reason).withMessage(message).withNewMetadata().endMetadata().build();
  }

  static Status failure(int code, String reason, String message, String group, String kind, String name,
      List<StatusCause> causes) {
    Status status = failure(code, reason, message);
    status.setDetails(new io.fabric8.kubernetes.api.model.StatusDetailsBuilder().withGroup(group).withKind(kind)
        .withName(name).withCauses(causes).build());
    return status;
  }

  static Status success(int code) {
    return new StatusBuilder().withApiVersion("v1").withKind("Status").withStatus("Success").withCode(code)
        .withNewMetadata().endMetadata().build();
  }

  static Status badRequest(String message) {
    return failure(400, "BadRequest", message);
  }

  static Status notFound(ResourcePath path) {
    return failure(404, "NotFound", path.groupResource() + " \"" + path.name() + "\" not found", path.group(),
        path.plural(), path.name(), List.of());
  }

  static Status notFoundPath() {
    return failure(404, "NotFound", "the server could not find the requested resource");
  }

  static Status conflict(ResourcePath path) {
    return failure(409, "Conflict", "Operation cannot be fulfilled on " + path.groupResource() + " \"" + path.name()
        + "\": the object has been modified; please apply your changes to the latest version and try again",
        path.group(), path.plural(), path.name(), List.of());
  }

  static Status alreadyExists(ResourcePath path, String name) {
    return failure(409, "AlreadyExists", path.groupResource() + " \"" + name + "\" already exists", path.group(),
        path.plural(), name, List.of());
  }

  static Status invalid(String message) {
    return failure(422, "Invalid", message);
  }

  static Status unsupportedMediaType(String contentType) {
    return failure(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media "
        + "types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
        + (contentType.isEmpty() ? "" : " (got " + contentType + ")"));
  }

  static Status methodNotAllowed(String message) {
    return failure(405, "MethodNotAllowed", message);
  }
}
