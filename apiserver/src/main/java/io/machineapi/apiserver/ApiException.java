package io.machineapi.apiserver;

import io.fabric8.kubernetes.api.model.Status;

/** Ends a request with a Kubernetes {@link Status} answer (its code is the HTTP status). */
final class ApiException extends RuntimeException {

  private final transient Status status;

  ApiException(Status status) {
    super(status.getMessage(), null, false, false);
    this.status = status;
  }

  Status status() {
    return status;
  }
}
