package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * fabric8's crud dispatcher with an index from object identity (group, plural, namespace, name) to the key it is
 * stored under, so that reading, creating, replacing and patching one object cost a hash lookup instead of a scan
 * of the whole store (fabric8 copies and filters every stored entry per request; with thousands of Machines, Nodes
 * and Events that scan was most of the embedded API's time).
 *
 * <p>The index is kept in {@link #processEvent}, the one place fabric8 changes the store (under its write lock), by
 * deriving the new key exactly as fabric8 does. Lists, watches and deletes still scan, as before. A single-object
 * GET runs without fabric8's read lock; when the indexed key is momentarily not in the store (an update between its
 * remove and put) it falls back to fabric8's locked scan, so it never answers from a half-written state.
 *
 * <p>{@link #processEvent} also corrects two things fabric8 writes unlike a real server: a created object gets a
 * random UUID (fabric8 issues sequential ones, {@code 00000000-0000-0000-0000-000000000019}), and a cluster-scoped
 * object loses the {@code "namespace": null} fabric8's update handlers add to its metadata. What is stored, and so
 * what lists, gets and watch events show, is the corrected state; {@link Store} corrects write answers the same way.
 *
 * <p>{@link #dryRun} runs fabric8's handlers (checks, metadata, generation, finalizer-aware deletion) without their
 * effect: {@link #processEvent} stores nothing and notifies no watch, and no resourceVersion is issued.
 */
final class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

  /** Identity of a stored object. */
  record ObjectId(String group, String plural, String namespace, String name) {
  }

  private final Map<ObjectId, AttributeSet> index = new ConcurrentHashMap<>();
  /** How often objects of each API group changed: lets readers cache what they derive from a group's objects. */
  private final Map<String, java.util.concurrent.atomic.AtomicLong> groupChanges = new ConcurrentHashMap<>();
  private final KubernetesAttributesExtractor extractor;
  private final ThreadLocal<Boolean> dryRun = ThreadLocal.withInitial(() -> false);
  /** The UID the last create on this thread stored (fabric8's handler answers its own sequential one). */
  private final ThreadLocal<String> createdUid = new ThreadLocal<>();

  IndexedCrudDispatcher() {
    super(List.of());
    this.extractor = (KubernetesAttributesExtractor) attributeExtractor;
  }

  @Override
  public MockResponse handleGet(String path) {
    if (path.contains("?")) {
      return super.handleGet(path);
    }
    AttributeSet query = getKey(path);
    ObjectId id = idOf(query);
    if (id == null) {
      return super.handleGet(path);
    }
    AttributeSet key = index.get(id);
    if (key == null) {
      // A path without a namespace matches an object in any namespace in fabric8's scan: let it decide.
      return query.containsKey(KubernetesAttributesExtractor.NAMESPACE)
          ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND) : super.handleGet(path);
    }
    String stored = map.get(key);
    if (stored == null) {
      return super.handleGet(path);
    }
    if (!key.matches(query)) {
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
    }
    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(stored);
  }

  /**
   * Runs {@code action} on this thread as a dry run: every write it makes through this dispatcher is checked and
   * answered as a real one but changes nothing.
   */
  <T> T dryRun(Supplier<T> action) {
    boolean outer = dryRun.get();
    dryRun.set(true);
    try {
      return action.get();
    } finally {
      dryRun.set(outer);
    }
  }

  /** Whether this thread runs inside {@link #dryRun}. */
  boolean isDryRun() {
    return dryRun.get();
  }

  /** In a dry run no version is issued (the answer's 0 is replaced: see {@link #touchResourceVersion}). */
  @Override
  public long requestResourceVersion() {
    return dryRun.get() ? 0 : super.requestResourceVersion();
  }

  /** A dry-run update answers the object with its stored resourceVersion, as a real server does. */
  @Override
  public void touchResourceVersion(JsonNode current, JsonNode updated) {
    if (!dryRun.get()) {
      super.touchResourceVersion(current, updated);
    } else if (current != null && updated instanceof ObjectNode object) {
      JsonNode version = current.path("metadata").get("resourceVersion");
      if (version != null && object.get("metadata") instanceof ObjectNode metadata) {
        metadata.set("resourceVersion", version);
      }
    }
  }

  /** Called by fabric8's handlers under its write lock. */
  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
    ObjectId id = idOf(attributes);
    if (id == null) {
      return super.findResource(attributes);
    }
    AttributeSet key = index.get(id);
    if (key == null) {
      return null;
    }
    String stored = map.get(key);
    if (stored == null) {
      // The index disagrees with the store (cannot happen under the write lock): trust the store.
      return super.findResource(attributes);
    }
    return key.matches(attributes) ? Map.entry(key, stored) : null;
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    if (dryRun.get()) {
      return;
    }
    newState = Namespaces.withoutHold(newState);
    if (newState != null) {
      newState = corrected(newState, oldAttributes == null);
    }
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (oldAttributes != null) {
      ObjectId old = idOf(oldAttributes);
      if (old != null) {
        index.remove(old, oldAttributes);
        countChange(old.group());
      }
    }
    if (newState != null) {
      // The same derivation as fabric8's processEvent.
      AttributeSet newAttributes = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
      if (!newAttributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
        newAttributes = AttributeSet.merge(pathAttributes, newAttributes);
      }
      ObjectId id = idOf(newAttributes);
      if (id != null) {
        index.put(id, newAttributes);
        countChange(id.group());
      }
    }
  }

  private void countChange(String group) {
    groupChanges.computeIfAbsent(group, g -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
  }

  /** A number that changes whenever an object of API group {@code group} is stored, replaced or removed. */
  long changesOf(String group) {
    java.util.concurrent.atomic.AtomicLong changes = groupChanges.get(group);
    return changes == null ? 0 : changes.get();
  }

  /**
   * {@code state} with a random UID when {@code created}, and without a {@code null} metadata.namespace; records the
   * UID for {@link #takeCreatedUid}. Parses only when there is something to change.
   */
  private String corrected(String state, boolean created) {
    if (!created && !state.contains(NULL_NAMESPACE)) {
      return state;
    }
    JsonNode object = Store.parse(state);
    if (!(object.get("metadata") instanceof ObjectNode metadata)) {
      return state;
    }
    removeNullNamespace(metadata);
    if (created) {
      String uid = UUID.randomUUID().toString();
      metadata.put("uid", uid);
      createdUid.set(uid);
    }
    return Store.asJson(object);
  }

  private static final String NULL_NAMESPACE = "\"namespace\":null";

  /** Removes {@code namespace: null} from {@code metadata} (cluster-scoped objects carry no namespace key). */
  static void removeNullNamespace(ObjectNode metadata) {
    JsonNode namespace = metadata.get("namespace");
    if (namespace != null && namespace.isNull()) {
      metadata.remove("namespace");
    }
  }

  /** The UID the last create on this thread stored, once; a new random one when nothing was stored (dry run). */
  String takeCreatedUid() {
    String uid = createdUid.get();
    createdUid.remove();
    return uid != null ? uid : UUID.randomUUID().toString();
  }

  /**
   * The main-resource paths of every object stored in {@code namespace}, of any kind, each at the version it is
   * stored under.
   */
  List<String> objectPathsIn(String namespace) {
    List<String> paths = new java.util.ArrayList<>();
    index.forEach((id, key) -> {
      String version = value(key, KubernetesAttributesExtractor.VERSION);
      if (id.namespace().equals(namespace) && version != null) {
        paths.add((id.group().isEmpty() ? "/api/" + version : "/apis/" + id.group() + "/" + version)
            + "/namespaces/" + namespace + "/" + id.plural() + "/" + id.name());
      }
    });
    return paths;
  }

  @Override
  public void reset() {
    super.reset();
    index.clear();
  }

  /** How many objects the index holds (for tests). */
  int indexed() {
    return index.size();
  }

  private static ObjectId idOf(AttributeSet attributes) {
    String plural = value(attributes, KubernetesAttributesExtractor.PLURAL);
    String name = value(attributes, KubernetesAttributesExtractor.NAME);
    if (plural == null || name == null) {
      return null;
    }
    String group = value(attributes, KubernetesAttributesExtractor.API);
    String namespace = value(attributes, KubernetesAttributesExtractor.NAMESPACE);
    return new ObjectId(group == null ? "" : group, plural, namespace == null ? "" : namespace, name);
  }

  private static String value(AttributeSet attributes, String key) {
    Attribute attribute = attributes.getAttribute(key);
    if (attribute == null || attribute.getValues().isEmpty()) {
      return null;
    }
    return attribute.getValues().get(0).toString();
  }
}
