package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.mockwebserver.http.MockResponse;
import io.machineapi.apiserver.schema.FieldError;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Create, replace and status writes, each ending in one call to the crud store with the complete new object.
 *
 * <p>What is added to the stock store: status-subresource semantics for built-in kinds too (a main-resource write
 * keeps the stored status, a status write changes only status), a resourceVersion check on status writes,
 * {@code generateName} as a real server does it, validation of metadata ({@link ObjectMetaValidation}), admission
 * of custom resources, defaults of built-in kinds
 * ({@link BuiltinDefaults}), CRD status (Established/NamesAccepted), and 409/404 answers with real reasons.
 *
 * <p>Admission runs in kube-apiserver's order: the object is defaulted (schema defaulting of custom resources), the
 * mutating admission webhooks may patch it, then it is validated (metadata, schema) and the validating admission
 * webhooks see the final object ({@link AdmissionWebhooks}). The server's own writes (eviction's PDB status, the
 * main-resource write behind {@code /scale}) use {@link #withoutWebhooks()}, as kube-apiserver's registry writes
 * them without admission.
 */
final class Writes {

  private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Store store;
  private final Admission admission;
  private final Namespaces namespaces;
  private final AdmissionWebhooks webhooks;

  /** @param webhooks the admission webhooks to call; null for none */
  Writes(Store store, Admission admission, Namespaces namespaces, AdmissionWebhooks webhooks) {
    this.store = store;
    this.admission = admission;
    this.namespaces = namespaces;
    this.webhooks = webhooks;
  }

  /** These writes without admission webhooks, for the server's own writes. */
  Writes withoutWebhooks() {
    return new Writes(store, admission, namespaces, null);
  }

  /** Creates {@code object} in the collection of {@code path}; returns the stored object. */
  ObjectNode create(ResourcePath path, ResourceType type, ObjectNode object) {
    namespaces.admitCreate(path, type, object);
    BuiltinDefaults.apply(type, object, true);
    object = mutate("CREATE", path, type, null, object, null);
    ObjectNode metadata = metadata(object);
    if (metadata.path("name").asText().isEmpty() && !metadata.path("generateName").asText().isEmpty()) {
      metadata.put("name", metadata.get("generateName").asText() + randomSuffix());
    }
    if (type != null && !type.namespaced()) {
      metadata.remove("namespace");
    }
    if (type != null) {
      rejectInvalid(type, metadata, ObjectMetaValidation.validateCreate(type.kind(), metadata));
    }
    if (type != null && type.custom()) {
      if (type.statusSubresource()) {
        object.remove("status");
      }
      object = admission.admit(type, object);
    }
    if (type != null && type.kind().equals("CustomResourceDefinition")) {
      establish(object);
    }
    validate("CREATE", path, type, null, object, null);
    MockResponse response = store.create(path.collectionPath(), object);
    if (response.code() == 409) {
      throw new ApiException(Statuses.alreadyExists(path, metadata.path("name").asText()));
    }
    return expectStored(response, path.withName(metadata.path("name").asText()));
  }

  /**
   * Replaces the main resource with {@code desired}; status is kept from {@code current} when the type has a
   * status subresource. Returns the stored object, or {@code desired} when the write completed a deletion.
   */
  ObjectNode replace(ResourcePath path, ResourceType type, ObjectNode desired, ObjectNode current) {
    if (type != null && type.statusSubresource()) {
      copyField(current, desired, "status");
    }
    keepDeletionTimestamp(current, desired);
    BuiltinDefaults.apply(type, desired, false);
    desired = mutate("UPDATE", path, type, null, desired, current);
    if (type != null && type.statusSubresource()) {
      copyField(current, desired, "status");
    }
    keepDeletionTimestamp(current, desired);
    if (type != null) {
      rejectInvalid(type, metadata(desired), ObjectMetaValidation.validateUpdate(metadata(desired)));
    }
    if (type != null && !type.custom() && type.kind().equals("Namespace")) {
      Namespaces.defaults(desired, current);
    }
    if (type != null && type.custom()) {
      desired = admission.admit(type, desired);
    }
    validate("UPDATE", path, type, null, desired, current);
    return orDeleted(store.replace(path.objectPath(), desired), path, desired);
  }

  /**
   * Writes only the status of {@code desired} onto {@code current}; a stale {@code metadata.resourceVersion} in
   * {@code desired} gives 409 as on a real server.
   */
  ObjectNode replaceStatus(ResourcePath path, ResourceType type, ObjectNode desired, ObjectNode current) {
    checkResourceVersion(path, desired, current);
    ObjectNode updated = current.deepCopy();
    copyField(desired, updated, "status");
    ObjectNode mutated = mutate("UPDATE", path, type, "status", updated, current);
    if (mutated != updated) {
      // A status write changes only status, whatever a webhook patched.
      updated = current.deepCopy();
      copyField(mutated, updated, "status");
    }
    if (type != null && type.custom()) {
      updated = admission.admit(type, updated);
    }
    validate("UPDATE", path, type, "status", updated, current);
    // fabric8 reads .../namespaces/x/status as a collection in namespace x; updated differs only in status anyway.
    String target = Namespaces.isNamespace(path) ? path.objectPath() : path.objectPath() + "/status";
    return orDeleted(store.replace(target, updated), path, updated);
  }

  /**
   * Defaults {@code object} (what decoding does) and runs the mutating webhooks on it; returns what they made of it
   * (itself when unchanged). Without mutating webhooks nothing happens: {@link Admission#admit} defaults later.
   */
  private ObjectNode mutate(String operation, ResourcePath path, ResourceType type, String subresource,
      ObjectNode object, ObjectNode old) {
    if (webhooks == null || !webhooks.anyMutating()) {
      return object;
    }
    return webhooks.mutate(AdmissionWebhooks.Attributes.of(operation, path, type, subresource,
        admission.defaulted(type, object), old, store.isDryRun()));
  }

  private void validate(String operation, ResourcePath path, ResourceType type, String subresource,
      ObjectNode object, ObjectNode old) {
    if (webhooks != null) {
      webhooks.validate(AdmissionWebhooks.Attributes.of(operation, path, type, subresource, object, old,
          store.isDryRun()));
    }
  }

  private static void rejectInvalid(ResourceType type, JsonNode metadata, List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new ApiException(SchemaAdmission.invalid(type, metadata.path("name").asText(""), errors));
    }
  }

  static void checkResourceVersion(ResourcePath path, JsonNode desired, JsonNode current) {
    String wanted = desired.path("metadata").path("resourceVersion").asText("");
    if (!wanted.isEmpty() && !wanted.equals(current.path("metadata").path("resourceVersion").asText())) {
      throw new ApiException(Statuses.conflict(path));
    }
  }

  private ObjectNode orDeleted(MockResponse response, ResourcePath path, ObjectNode desired) {
    ObjectNode stored = expectStored(response, path);
    return stored == null ? desired : stored;
  }

  /** The stored object of a 200/201 answer (null for an empty body); any other answer becomes an ApiException. */
  static ObjectNode expectStored(MockResponse response, ResourcePath path) {
    int code = response.code();
    String body = Store.bodyOf(response);
    if (code == 200 || code == 201 || code == 202) {
      return body.isBlank() ? null : (ObjectNode) Store.parse(body);
    }
    throw new ApiException(statusOf(response, path));
  }

  /** The Status a failed crud answer stands for, with the reasons a real server gives. */
  static Status statusOf(MockResponse response, ResourcePath path) {
    int code = response.code();
    if (code == 409) {
      return Statuses.conflict(path);
    }
    if (code == 404) {
      return Statuses.notFound(path);
    }
    String body = Store.bodyOf(response);
    try {
      Status status = Store.JSON.readValue(body, Status.class);
      status.setCode(code);
      return status;
    } catch (Exception e) {
      return Statuses.failure(code, "InternalError", body);
    }
  }

  private static void keepDeletionTimestamp(ObjectNode current, ObjectNode desired) {
    JsonNode deletion = current.path("metadata").get("deletionTimestamp");
    if (deletion != null && !deletion.isNull()) {
      metadata(desired).set("deletionTimestamp", deletion);
    }
  }

  private static void copyField(ObjectNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value == null || value.isNull()) {
      to.remove(field);
    } else {
      to.set(field, value.deepCopy());
    }
  }

  static ObjectNode metadata(ObjectNode object) {
    JsonNode metadata = object.get("metadata");
    if (metadata instanceof ObjectNode m) {
      return m;
    }
    return object.putObject("metadata");
  }

  /** A real server marks a new CRD Established at once when names do not clash; clients wait for that. */
  private static void establish(ObjectNode crd) {
    JsonNode spec = crd.path("spec");
    ObjectNode status = crd.putObject("status");
    status.set("acceptedNames", spec.path("names").deepCopy());
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var conditions = status.putArray("conditions");
    conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("reason", "NoConflicts")
        .put("message", "no conflicts found").put("lastTransitionTime", now);
    conditions.addObject().put("type", "Established").put("status", "True").put("reason", "InitialNamesAccepted")
        .put("message", "the initial names have been accepted").put("lastTransitionTime", now);
    var stored = status.putArray("storedVersions");
    spec.path("versions").forEach(v -> {
      if (v.path("storage").asBoolean(false)) {
        stored.add(v.path("name").asText());
      }
    });
  }

  private static String randomSuffix() {
    StringBuilder suffix = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      suffix.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
    }
    return suffix.toString();
  }
}
