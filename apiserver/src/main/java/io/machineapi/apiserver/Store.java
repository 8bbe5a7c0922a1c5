package io.machineapi.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The object store: fabric8's {@link KubernetesCrudDispatcher}, called directly (never over HTTP: every request
 * shares one event-loop thread, so a blocking call from inside the dispatcher would stall the server).
 *
 * <p>Read-modify-write sequences (patch, scale, eviction, garbage collection) run under {@link #locked}, so the
 * event loop and the garbage collector's thread never interleave between reading an object and writing it back.
 */
final class Store {

  static final ObjectMapper JSON = Serialization.jsonMapper();

  private final IndexedCrudDispatcher crud;
  private final ReentrantLock lock = new ReentrantLock();

  Store(IndexedCrudDispatcher crud) {
    this.crud = crud;
  }

  <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code action} with the lock released, when this thread holds it (taken again, as often as it was held,
   * before returning): for waits on other processes, such as admission webhook calls, during which the garbage
   * collector and namespace controller go on. A write after it finds what they changed meanwhile (a stale
   * resourceVersion then gives 409).
   */
  <T> T unlocked(Supplier<T> action) {
    int holds = lock.getHoldCount();
    for (int i = 0; i < holds; i++) {
      lock.unlock();
    }
    try {
      return action.get();
    } finally {
      for (int i = 0; i < holds; i++) {
        lock.lock();
      }
    }
  }

  /**
   * Runs {@code action} as a dry run ({@code ?dryRun=All}): its writes are checked and answered as real ones (a
   * created object without resourceVersion, an updated one with its stored resourceVersion) but store nothing and
   * emit no watch event.
   */
  <T> T dryRun(Supplier<T> action) {
    return crud.dryRun(action);
  }

  boolean isDryRun() {
    return crud.isDryRun();
  }

  /** A number that changes whenever an object of API group {@code group} changes (for caches). */
  long changesOf(String group) {
    return crud.changesOf(group);
  }

  /** The object at a main-resource path, if stored. */
  Optional<ObjectNode> get(String objectPath) {
    MockResponse response = crud.handleGet(objectPath);
    if (response.code() != 200) {
      return Optional.empty();
    }
    return Optional.of((ObjectNode) parse(bodyOf(response)));
  }

  /** Every object under a collection path (all namespaces when the path has none). */
  List<ObjectNode> list(String collectionPath) {
    return listing(collectionPath).items();
  }

  /** The objects under a collection path and the store's resourceVersion at the time. */
  Listing listing(String collectionPath) {
    MockResponse response = crud.handleGet(collectionPath);
    List<ObjectNode> items = new ArrayList<>();
    String resourceVersion = "0";
    if (response.code() == 200) {
      JsonNode body = parse(bodyOf(response));
      body.path("items").forEach(item -> items.add((ObjectNode) item));
      resourceVersion = body.path("metadata").path("resourceVersion").asText("0");
    }
    items.sort(KEY_ORDER);
    return new Listing(items, resourceVersion);
  }

  /**
   * etcd's order of a list: by the key {@code <namespace>/<name>} (just the name for cluster-scoped objects),
   * compared as strings ({@code a-b/x} before {@code a/x}, as in etcd).
   */
  static final Comparator<JsonNode> KEY_ORDER = Comparator.comparing(Store::storageKey);

  private static String storageKey(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    String namespace = metadata.path("namespace").asText("");
    String name = metadata.path("name").asText("");
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }

  /** A list read: items plus the store's resourceVersion. */
  record Listing(List<ObjectNode> items, String resourceVersion) {
  }

  /** Forwards a request to the crud dispatcher unchanged except for path and body. */
  MockResponse forward(String method, String path, JsonNode body, RecordedRequest original) {
    Headers headers = original == null ? Headers.builder().build() : original.getHeaders();
    byte[] bytes = body == null ? null : asJson(body).getBytes(StandardCharsets.UTF_8);
    RecordedRequest request = new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path,
        body == null ? headers : headers.newBuilder().set("Content-Type", "application/json").build(),
        new Buffer(bytes));
    return crud.dispatch(request);
  }

  /** Creates {@code object}; the answer carries the random UID the store gave it (see {@link IndexedCrudDispatcher}). */
  MockResponse create(String collectionPath, JsonNode object) {
    MockResponse response = forward("POST", collectionPath, object, null);
    if (response.code() < 300) {
      JsonNode created = parse(bodyOf(response));
      if (created.get("metadata") instanceof ObjectNode metadata) {
        metadata.put("uid", crud.takeCreatedUid());
        if (isDryRun()) {
          // Nothing was stored, so the would-be object has no version yet.
          metadata.remove("resourceVersion");
        }
        response.setBody(asJson(created));
      }
    }
    return response;
  }

  /** Replaces the object at {@code path}; the answer has no {@code namespace: null}, as what is stored. */
  MockResponse replace(String path, JsonNode object) {
    MockResponse response = Namespaces.withoutHold(forward("PUT", path, Namespaces.withHold(path, object), null));
    String body = bodyOf(response);
    if (response.code() < 300 && body.contains("\"namespace\":null")) {
      JsonNode replaced = parse(body);
      if (replaced.get("metadata") instanceof ObjectNode metadata) {
        IndexedCrudDispatcher.removeNullNamespace(metadata);
        response.setBody(asJson(replaced));
      }
    }
    return response;
  }

  /** The main-resource paths of every object in {@code namespace}, of every kind stored. */
  List<String> objectPathsIn(String namespace) {
    return crud.objectPathsIn(namespace);
  }

  MockResponse delete(String objectPath) {
    return crud.handleDelete(objectPath);
  }

  /**
   * The stored JSON of every object, unparsed, for whole-store scans (garbage collection). Each string is the
   * store's own immutable instance, so a caller may cache what it parsed from it by identity.
   */
  List<String> storedVersions() {
    Map<?, String> map = crud.getMap();
    synchronized (map) {
      return new ArrayList<>(map.values());
    }
  }

  static String bodyOf(MockResponse response) {
    return response.getBody() == null ? "" : new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
  }

  static JsonNode parse(String json) {
    try {
      return json == null || json.isBlank() ? JSON.createObjectNode() : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ApiException(Statuses.badRequest("invalid JSON: " + e.getOriginalMessage()));
    }
  }

  static String asJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
