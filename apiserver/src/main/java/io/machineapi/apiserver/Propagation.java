package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Optional;

/**
 * A DELETE's {@code propagationPolicy}, as kube-apiserver reads it: the query parameter, else the DeleteOptions
 * body ({@code kubectl delete --cascade=...} sends it there), else the legacy {@code orphanDependents} (true means
 * Orphan); Background when none is given.
 *
 * <p>{@code Orphan} and {@code Foreground} put a finalizer ({@code orphan}, {@code foregroundDeletion}) on an owner
 * that has dependents before deleting it, so the owner stays (with its deletionTimestamp) until the
 * {@link GarbageCollector} has orphaned or deleted the dependents and removed the finalizer. An owner without
 * dependents is deleted at once: the garbage collector would remove the finalizer immediately anyway.
 */
enum Propagation {
  ORPHAN("Orphan", "orphan"),
  FOREGROUND("Foreground", "foregroundDeletion"),
  BACKGROUND("Background", null);

  private final String policy;
  private final String finalizer;

  Propagation(String policy, String finalizer) {
    this.policy = policy;
    this.finalizer = finalizer;
  }

  String finalizer() {
    return finalizer;
  }

  /** The policy a DELETE request asks for; 422 for an unknown policy, as on a real server. */
  static Propagation of(ApiRequest request) {
    JsonNode options = request.body().length == 0 ? Store.JSON.createObjectNode() : request.bodyJson();
    String policy = request.queryParam("propagationPolicy");
    if (policy.isEmpty()) {
      policy = options.path("propagationPolicy").asText("");
    }
    if (!policy.isEmpty()) {
      for (Propagation value : values()) {
        if (value.policy.equals(policy)) {
          return value;
        }
      }
      throw new ApiException(Statuses.invalid("DeleteOptions.propagationPolicy: Unsupported value: \"" + policy
          + "\": supported values: \"Foreground\", \"Background\", \"Orphan\""));
    }
    String orphan = request.queryParam("orphanDependents");
    if (orphan.isEmpty()) {
      orphan = options.path("orphanDependents").asText("");
    }
    return orphan.equals("true") ? ORPHAN : BACKGROUND;
  }

  /**
   * Deletes the object at a main-resource path with this policy; the caller holds the store's lock. Answers the
   * store's delete response (200 with the object, held by its finalizers or gone; 404 when absent).
   */
  MockResponse delete(Store store, String objectPath) {
    if (finalizer != null) {
      Optional<ObjectNode> current = store.get(objectPath);
      if (current.isPresent() && !dependentsOf(store, current.get()).isEmpty()) {
        ObjectNode updated = current.get().deepCopy();
        ArrayNode finalizers = Writes.metadata(updated).withArray("finalizers");
        if (!contains(finalizers, finalizer)) {
          finalizers.add(finalizer);
          MockResponse written = store.replace(objectPath, updated);
          if (written.code() != 200) {
            return written;
          }
        }
      }
    }
    return store.delete(objectPath);
  }

  private static java.util.List<OwnershipSummaries.Summary> dependentsOf(Store store, JsonNode object) {
    return OwnershipSummaries.dependentsOf(store.storedVersions(), object.path("metadata").path("uid").asText());
  }

  private static boolean contains(ArrayNode values, String value) {
    for (JsonNode element : values) {
      if (element.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
