package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Namespace lifecycle as kube-apiserver has it: its NamespaceLifecycle admission (creating a namespaced object in a
 * namespace that does not exist is 404 {@code namespaces "x" not found}; in a terminating namespace 403 with cause
 * {@code NamespaceTerminating}; {@code default}, {@code kube-system} and {@code kube-public} cannot be deleted) and
 * its namespace registry (a new Namespace gets {@code spec.finalizers: [kubernetes]}, {@code status.phase: Active}
 * and the {@code kubernetes.io/metadata.name} label; an update keeps spec.finalizers and status; {@code /finalize}
 * changes only spec.finalizers; DELETE marks the namespace Terminating, and the {@link NamespaceController} removes
 * its content and then the {@code kubernetes} finalizer, which deletes it).
 *
 * <p>fabric8's store deletes an object that has a deletionTimestamp and no {@code metadata.finalizers} on the next
 * write, while a real server also waits for a Namespace's {@code spec.finalizers}. Writes of such a Namespace
 * therefore carry {@link #HOLD} in {@code metadata.finalizers} into the store, which strips it again before storing
 * or answering ({@link #withoutHold}): it is never stored nor seen by a client.
 */
final class Namespaces {

  static final String COLLECTION = "/api/v1/namespaces";
  static final String KUBERNETES_FINALIZER = "kubernetes";
  /** The namespaces a fresh kube-apiserver has. */
  static final List<String> INITIAL = List.of("default", "kube-system", "kube-public", "kube-node-lease");
  static final String NAME_LABEL = "kubernetes.io/metadata.name";
  static final String HOLD = "apiserver.machineapi.io/namespace-spec-finalizers";
  private static final Set<String> IMMORTAL = Set.of("default", "kube-system", "kube-public");

  private final Store store;
  private final Runnable terminationStarted;

  /** @param terminationStarted called when a namespace starts terminating (wakes the namespace controller) */
  Namespaces(Store store, Runnable terminationStarted) {
    this.store = store;
    this.terminationStarted = terminationStarted;
  }

  /** Whether the path addresses a Namespace object (main resource or one of its subresources). */
  static boolean isNamespace(ResourcePath path) {
    return path.group().isEmpty() && path.plural().equals("namespaces") && path.namespace() == null
        && path.name() != null;
  }

  static String objectPath(String name) {
    return COLLECTION + "/" + name;
  }

  /**
   * NamespaceLifecycle admission of a create: the namespace must exist and must not be terminating. Creates of
   * cluster-scoped objects and of Namespaces pass.
   */
  void admitCreate(ResourcePath path, ResourceType type, ObjectNode object) {
    if (type != null && !type.namespaced()) {
      return;
    }
    String namespace = path.namespace() != null ? path.namespace()
        : object.path("metadata").path("namespace").asText("");
    if (namespace.isEmpty()) {
      return;
    }
    Optional<ObjectNode> current = store.get(objectPath(namespace));
    if (current.isEmpty()) {
      throw new ApiException(Statuses.failure(404, "NotFound", "namespaces \"" + namespace + "\" not found", null,
          "namespaces", namespace, List.of()));
    }
    if (terminating(current.get())) {
      String name = object.path("metadata").path("name").asText("");
      String group = path.group().isEmpty() ? null : path.group();
      StatusCause cause = new StatusCause("metadata.namespace", "namespace " + namespace + " is being terminated",
          "NamespaceTerminating");
      throw new ApiException(Statuses.failure(403, "Forbidden", path.groupResource() + " \""
          + (name.isEmpty() ? "Unknown" : name) + "\" is forbidden: unable to create new content in namespace "
          + namespace + " because it is being terminated", group, path.plural(), name.isEmpty() ? "Unknown" : name,
          List.of(cause)));
    }
  }

  /** The registry's defaults of a Namespace on create ({@code current} null) and update. */
  static void defaults(ObjectNode namespace, ObjectNode current) {
    ObjectNode metadata = Writes.metadata(namespace);
    String name = metadata.path("name").asText("");
    if (!name.isEmpty()) {
      (metadata.get("labels") instanceof ObjectNode labels ? labels : metadata.putObject("labels"))
          .put(NAME_LABEL, name);
    }
    if (current == null) {
      ObjectNode spec = namespace.get("spec") instanceof ObjectNode s ? s : namespace.putObject("spec");
      ArrayNode finalizers = spec.withArray("finalizers");
      if (!contains(finalizers, KUBERNETES_FINALIZER)) {
        finalizers.add(KUBERNETES_FINALIZER);
      }
      namespace.putObject("status").put("phase", "Active");
    } else {
      JsonNode finalizers = current.path("spec").get("finalizers");
      ObjectNode spec = namespace.get("spec") instanceof ObjectNode s ? s : namespace.putObject("spec");
      if (finalizers == null) {
        spec.remove("finalizers");
      } else {
        spec.set("finalizers", finalizers.deepCopy());
      }
    }
  }

  /**
   * DELETE of a namespace: refused for the immortal ones; otherwise marks it Terminating (deletionTimestamp, phase)
   * and answers it; the namespace controller finishes the deletion. A namespace already terminating is answered
   * as it is.
   */
  ObjectNode delete(ResourcePath path) {
    if (IMMORTAL.contains(path.name())) {
      throw new ApiException(Statuses.failure(403, "Forbidden", "namespaces \"" + path.name()
          + "\" is forbidden: this namespace may not be deleted", null, "namespaces", path.name(), List.of()));
    }
    return store.locked(() -> {
      ObjectNode current = store.get(path.objectPath())
          .orElseThrow(() -> new ApiException(Statuses.notFound(path)));
      if (terminating(current)) {
        return current;
      }
      ObjectNode updated = current.deepCopy();
      Writes.metadata(updated).put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      (updated.get("status") instanceof ObjectNode s ? s : updated.putObject("status")).put("phase", "Terminating");
      ObjectNode stored = Writes.expectStored(store.replace(path.objectPath(), updated), path);
      if (!store.isDryRun()) {
        terminationStarted.run();
      }
      return stored == null ? updated : stored;
    });
  }

  /** PUT {@code /api/v1/namespaces/x/finalize}: changes only spec.finalizers (the namespace goes when none remain). */
  ObjectNode finalize(ResourcePath path, ObjectNode desired) {
    return store.locked(() -> {
      ObjectNode current = store.get(path.objectPath())
          .orElseThrow(() -> new ApiException(Statuses.notFound(path)));
      Writes.checkResourceVersion(path, desired, current);
      ObjectNode updated = current.deepCopy();
      JsonNode finalizers = desired.path("spec").get("finalizers");
      ObjectNode spec = updated.get("spec") instanceof ObjectNode s ? s : updated.putObject("spec");
      if (finalizers == null || finalizers.isEmpty()) {
        spec.remove("finalizers");
      } else {
        spec.set("finalizers", finalizers.deepCopy());
      }
      ObjectNode stored = Writes.expectStored(store.replace(path.objectPath(), updated), path);
      return stored == null ? updated : stored;
    });
  }

  static boolean terminating(JsonNode namespace) {
    return namespace.path("metadata").hasNonNull("deletionTimestamp")
        || "Terminating".equals(namespace.path("status").path("phase").asText());
  }

  /**
   * The body to send to the store for a write at {@code path}: a Namespace with spec.finalizers gets {@link #HOLD}
   * so that the store keeps it while terminating.
   */
  static JsonNode withHold(String path, JsonNode object) {
    if (!path.startsWith(COLLECTION + "/") || !(object instanceof ObjectNode namespace)
        || namespace.path("spec").path("finalizers").isEmpty()
        || !ResourcePath.parse(path).map(Namespaces::isNamespace).orElse(false)) {
      return object;
    }
    ObjectNode copy = namespace.deepCopy();
    Writes.metadata(copy).withArray("finalizers").add(HOLD);
    return copy;
  }

  /** The stored JSON without {@link #HOLD} (unchanged when it has none). */
  static String withoutHold(String json) {
    if (json == null || !json.contains(HOLD)) {
      return json;
    }
    JsonNode object = Store.parse(json);
    if (object.path("metadata").get("finalizers") instanceof ArrayNode finalizers) {
      for (Iterator<JsonNode> it = finalizers.elements(); it.hasNext();) {
        if (it.next().asText().equals(HOLD)) {
          it.remove();
        }
      }
      if (finalizers.isEmpty()) {
        ((ObjectNode) object.get("metadata")).remove("finalizers");
      }
    }
    return Store.asJson(object);
  }

  /** {@link #withoutHold} applied to a store answer's body. */
  static MockResponse withoutHold(MockResponse response) {
    String body = Store.bodyOf(response);
    return body.contains(HOLD) ? response.setBody(withoutHold(body)) : response;
  }

  static boolean contains(ArrayNode values, String value) {
    for (JsonNode element : values) {
      if (element.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
