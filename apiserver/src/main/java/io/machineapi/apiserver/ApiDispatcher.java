package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project's one dispatcher in front of fabric8's {@link KubernetesCrudDispatcher}: it routes each request to
 * the class that adds what a real API server does (discovery, OpenAPI, tables, scale, patches, status writes,
 * eviction, list filters, garbage collection, {@code dryRun=All}, {@code fieldValidation}, admission webhooks) and leaves storage, watches and
 * finalizer-aware deletion to the crud dispatcher.
 */
final class ApiDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
  /** Built-in groups whose unlisted kinds are still stored (lenient); unknown custom groups answer 404. */
  private static final Set<String> BUILTIN_GROUPS = Set.of("", "apps", "policy", "events.k8s.io",
      "coordination.k8s.io", "apiextensions.k8s.io", "autoscaling", "batch", "rbac.authorization.k8s.io",
      "networking.k8s.io", "storage.k8s.io", "discovery.k8s.io", "scheduling.k8s.io", "node.k8s.io",
      "certificates.k8s.io", "admissionregistration.k8s.io", "apiregistration.k8s.io", "flowcontrol.apiserver.k8s.io");

  private final KubernetesCrudDispatcher crud;
  private final java.util.Set<?> openWatches;
  private final Store store;
  private final ResourceCatalog catalog;
  private final Discovery discovery;
  private final OpenApi openApi;
  private final TablePrinter tables;
  private final Writes writes;
  private final Admission admission;
  private final ScaleSubresource scale;
  private final Eviction eviction;
  private final DisruptionBudgets budgets;
  private final ListFilters lists;
  private final GarbageCollector garbageCollector;
  private final NamespaceController namespaceController;
  private final Namespaces namespaces;
  private final AdmissionWebhooks webhooks;
  private final RequestStats stats = new RequestStats();
  private final Faults faults = new Faults();
  private final List<AccessRecording> recordings = new java.util.concurrent.CopyOnWriteArrayList<>();

  ApiDispatcher(IndexedCrudDispatcher crud, java.util.function.Supplier<String> serverAddress, Admission admission, Clock clock,
      Duration gcSafetySweep) {
    this.crud = crud;
    this.openWatches = WatchCloseOffEventLoop.openWatchesOf(crud);
    this.store = new Store(crud);
    this.catalog = new ResourceCatalog(store);
    this.discovery = new Discovery(catalog, serverAddress);
    this.openApi = new OpenApi(catalog);
    this.tables = new TablePrinter(clock);
    this.admission = admission;
    this.namespaceController = new NamespaceController(store, gcSafetySweep);
    this.namespaces = new Namespaces(store, namespaceController::terminationStarted);
    this.webhooks = new AdmissionWebhooks(store);
    this.writes = new Writes(store, admission, namespaces, webhooks);
    this.scale = new ScaleSubresource(store, writes.withoutWebhooks(), webhooks);
    this.garbageCollector = new GarbageCollector(store, catalog, gcSafetySweep);
    this.budgets = new DisruptionBudgets(store, catalog, writes.withoutWebhooks(), clock);
    this.eviction = new Eviction(store, budgets, garbageCollector::signal);
    this.lists = new ListFilters(store);
  }

  void start() {
    garbageCollector.start();
    namespaceController.start();
  }

  ResourceCatalog catalog() {
    return catalog;
  }

  /** The object stored at a main-resource path, read in process (see {@link EmbeddedApiServer#read}). */
  Optional<ObjectNode> read(String objectPath) {
    return store.get(objectPath);
  }

  RequestStats stats() {
    return stats;
  }

  Faults faults() {
    return faults;
  }

  /** Starts recording the requests whose User-Agent starts with {@code userAgentPrefix}. */
  AccessRecording record(String userAgentPrefix) {
    AccessRecording recording = new AccessRecording(userAgentPrefix);
    recordings.add(recording);
    return recording;
  }

  AdmissionWebhooks webhooks() {
    return webhooks;
  }

  GarbageCollector garbageCollector() {
    return garbageCollector;
  }

  @Override
  public MockResponse dispatch(RecordedRequest recorded) {
    return FieldValidation.withWarnings(answer(recorded), webhooks.takeWarnings());
  }

  private MockResponse answer(RecordedRequest recorded) {
    try {
      ApiRequest request = ApiRequest.of(recorded);
      if (!recordings.isEmpty()) {
        observe(request);
      }
      Optional<Faults.Rule> fault = faults.match(recorded.getMethod(), recorded.getPath());
      if (fault.isPresent()) {
        return status(Statuses.failure(fault.get().code(), fault.get().reason(), fault.get().message()));
      }
      boolean dryRun = isDryRun(request);
      FieldValidation validation = FieldValidation.of(request, admission);
      MockResponse response = validation.withWarnings(dryRun ? store.dryRun(() -> route(request, validation))
          : route(request, validation));
      request.resource().ifPresent(path -> stats.record(request.method(), path, response.code()));
      if (!dryRun && !request.method().equals("GET") && response.code() < 300) {
        afterWrite(request);
      }
      return response;
    } catch (ApiException e) {
      return status(e.status());
    } catch (RuntimeException e) {
      LOG.warn("{} failed", recorded, e);
      return status(Statuses.failure(500, "InternalError", String.valueOf(e.getMessage())));
    }
  }

  @Override
  public void shutdown() {
    garbageCollector.close();
    namespaceController.close();
    crud.shutdown();
  }

  @Override
  public void releaseResources() {
    crud.releaseResources();
  }

  private void observe(ApiRequest request) {
    RequestAttributes attributes = RequestAttributes.of(request.method(), request.path(), request.query());
    String userAgent = request.header("User-Agent");
    recordings.forEach(recording -> recording.observe(userAgent, attributes));
  }

  private void afterWrite(ApiRequest request) {
    request.resource().ifPresent(path -> {
      if (path.plural().equals("customresourcedefinitions")) {
        catalog.invalidate();
      }
    });
    garbageCollector.signal();
    namespaceController.signal();
  }

  private MockResponse route(ApiRequest request, FieldValidation validation) {
    if (request.method().equals("GET")) {
      Optional<JsonNode> document = discovery.handle(request.path()).or(() -> openApi.handle(request.path()));
      if (document.isPresent()) {
        return json(200, document.get());
      }
      if (Set.of("/healthz", "/readyz", "/livez").contains(request.path())) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody("ok");
      }
    }
    Optional<ResourcePath> resource = request.resource();
    if (resource.isEmpty()) {
      return status(Statuses.notFoundPath());
    }
    ResourcePath path = resource.get();
    if (AccessReviews.handles(path)) {
      return request.method().equals("POST") ? json(201, AccessReviews.answer(path, bodyObject(request)))
          : status(Statuses.methodNotAllowed(request.method() + " is not supported on " + path.groupResource()));
    }
    Optional<ResourceType> type = catalog.find(path);
    if (type.isEmpty() && !BUILTIN_GROUPS.contains(path.group())) {
      return status(Statuses.notFoundPath());
    }
    if (type.isPresent() && !type.get().namespaced() && path.namespace() != null) {
      // A cluster-scoped kind has no namespaced paths (else it would be stored with a namespace).
      return status(Statuses.notFoundPath());
    }
    ResourceType resourceType = type.orElse(null);
    if (path.subresource() != null) {
      return subresource(request, path, resourceType, validation);
    }
    if (path.isCollection()) {
      return switch (request.method()) {
        case "GET" -> isWatch(request) ? watch(request) : list(request, path, resourceType);
        case "POST" -> json(201, writes.create(path, resourceType, decoded(request, resourceType, validation)));
        case "DELETE" -> deleteCollection(request, path, resourceType);
        default -> status(Statuses.methodNotAllowed(request.method() + " is not supported on a collection"));
      };
    }
    return switch (request.method()) {
      case "GET" -> get(request, path, resourceType);
      case "PUT" -> json(200, store.locked(() -> writes.replace(path, resourceType,
          decoded(request, resourceType, validation), current(path))));
      case "PATCH" -> patch(request, path, resourceType, false, validation);
      case "DELETE" -> json(200, delete(path, Propagation.of(request)));
      default -> status(Statuses.methodNotAllowed(request.method() + " is not supported"));
    };
  }

  private MockResponse subresource(ApiRequest request, ResourcePath path, ResourceType type,
      FieldValidation validation) {
    String method = request.method();
    switch (path.subresource()) {
      case "status" -> {
        return switch (method) {
          case "GET" -> get(request, path.mainResource(), type);
          case "PUT" -> json(200, store.locked(() -> writes.replaceStatus(path.mainResource(), type,
              decoded(request, type, validation), current(path.mainResource()))));
          case "PATCH" -> patch(request, path.mainResource(), type, true, validation);
          default -> status(Statuses.methodNotAllowed(method + " is not supported on status"));
        };
      }
      case "scale" -> {
        if (type == null || type.scale() == null) {
          return status(Statuses.notFoundPath());
        }
        return switch (method) {
          case "GET" -> json(200, scale.get(path.mainResource(), type));
          case "PUT" -> json(200, scale.put(path.mainResource(), type, bodyObject(request)));
          case "PATCH" -> {
            Patches.Type patchType = Patches.typeOf(request.contentType());
            yield json(200, scale.patch(path.mainResource(), type, patchType,
                Patches.parse(patchType, request.body())));
          }
          default -> status(Statuses.methodNotAllowed(method + " is not supported on scale"));
        };
      }
      case "finalize" -> {
        if (!Namespaces.isNamespace(path) || !method.equals("PUT")) {
          return status(Statuses.notFoundPath());
        }
        return json(200, namespaces.finalize(path.mainResource(), bodyObject(request)));
      }
      case "eviction" -> {
        if (!path.plural().equals("pods") || !path.group().isEmpty() || !method.equals("POST")) {
          return status(Statuses.notFoundPath());
        }
        if (request.bodyJson() instanceof ObjectNode body) {
          // The Eviction is what webhooks see (pods/eviction, CREATE); the eviction itself reads nothing of it.
          AdmissionWebhooks.Attributes attributes = AdmissionWebhooks.Attributes.of("CREATE", path.mainResource(),
              type, "eviction", body, null, store.isDryRun());
          webhooks.mutate(attributes);
          webhooks.validate(attributes);
        }
        return status(eviction.evict(path));
      }
      default -> {
        return status(Statuses.notFoundPath());
      }
    }
  }

  private MockResponse get(ApiRequest request, ResourcePath path, ResourceType type) {
    ObjectNode object = withComputedStatus(type, current(path));
    if (TablePrinter.wantsTable(request)) {
      String resourceVersion = object.path("metadata").path("resourceVersion").asText("0");
      return json(200, tables.table(type, List.of(object), resourceVersion, request.queryParam("includeObject")));
    }
    return json(200, object);
  }

  private MockResponse list(ApiRequest request, ResourcePath path, ResourceType type) {
    Store.Listing read = lists.read(request, path);
    Store.Listing listing = new Store.Listing(read.items().stream().map(o -> withComputedStatus(type, o)).toList(),
        read.resourceVersion());
    if (TablePrinter.wantsTable(request)) {
      return json(200, tables.table(type, listing.items(), listing.resourceVersion(),
          request.queryParam("includeObject")));
    }
    return json(200, ListFilters.listDocument(path, type, listing.items(), listing.resourceVersion()));
  }

  /** PodDisruptionBudgets are read with live status numbers, as if a disruption controller kept them. */
  private ObjectNode withComputedStatus(ResourceType type, ObjectNode object) {
    if (type != null && !type.custom() && type.kind().equals("PodDisruptionBudget")) {
      return budgets.withStatus(object);
    }
    return object;
  }

  /**
   * Whether a write asks for {@code dryRun=All}: it runs defaulting, admission and the store's checks and answers
   * the would-be object, but stores nothing. Any other value is refused, as kube-apiserver does.
   */
  private static boolean isDryRun(ApiRequest request) {
    if (request.method().equals("GET") || !request.query().containsKey("dryRun")) {
      return false;
    }
    String value = request.queryParam("dryRun");
    if (!value.equals("All")) {
      throw new ApiException(Statuses.badRequest("dryRun: Unsupported value: \"" + value
          + "\": supported values: \"All\""));
    }
    return true;
  }

  private static boolean isWatch(ApiRequest request) {
    String watch = request.queryParam("watch");
    return watch.equals("true") || watch.equals("1");
  }

  /**
   * Watches are served by the crud dispatcher over WebSocket (what fabric8 and JOSDK use). A plain HTTP streaming
   * watch (client-go: {@code kubectl get -w}, {@code kubectl delete --wait}) cannot be streamed by the mock server;
   * it is answered with one watch event {@code ERROR 410 Expired}, which tells a client-go informer to list again
   * and watch anew — so informer-based waits ({@code kubectl delete}, {@code kubectl wait}) still see changes, by
   * re-listing, while {@code kubectl get -w} stops after printing the current list.
   */
  private MockResponse watch(ApiRequest request) {
    if (!request.header("Upgrade").equalsIgnoreCase("websocket")) {
      String event = "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
          + "\"metadata\":{},\"status\":\"Failure\",\"reason\":\"Expired\",\"code\":410,\"message\":"
          + "\"the embedded API server cannot stream watches over plain HTTP (use a WebSocket watch); list again\"}}\n";
      return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json").setBody(event);
    }
    return WatchCloseOffEventLoop.wrap(crud.dispatch(request.raw()), openWatches);
  }

  private MockResponse patch(ApiRequest request, ResourcePath path, ResourceType type, boolean statusWrite,
      FieldValidation validation) {
    Patches.Type patchType = Patches.typeOf(request.contentType());
    JsonNode patch = Patches.parse(patchType, request.body());
    return store.locked(() -> {
      Optional<ObjectNode> current = store.get(path.objectPath());
      if (current.isEmpty()) {
        if (patchType == Patches.Type.APPLY && !statusWrite && patch instanceof ObjectNode object) {
          // Server-side apply creates what is absent.
          Writes.metadata(object).put("name", path.name());
          return json(201, writes.create(path, type, validation.patched(type, object, patchType, request.body())));
        }
        throw new ApiException(Statuses.notFound(path));
      }
      ObjectNode patched = validation.patched(type, Patches.apply(patchType, current.get(), patch, type), patchType,
          request.body());
      ObjectNode stored = statusWrite ? writes.replaceStatus(path, type, patched, current.get())
          : writes.replace(path, type, patched, current.get());
      return json(200, stored);
    });
  }

  private ObjectNode delete(ResourcePath path, Propagation propagation) {
    store.get(path.objectPath()).ifPresent(current -> {
      ResourceType type = catalog.find(path).orElse(null);
      AdmissionWebhooks.Attributes attributes = AdmissionWebhooks.Attributes.of("DELETE", path, type, null, null,
          current, store.isDryRun());
      webhooks.mutate(attributes);
      webhooks.validate(attributes);
    });
    if (Namespaces.isNamespace(path)) {
      return namespaces.delete(path);
    }
    return store.locked(() -> {
      MockResponse response = propagation.delete(store, path.objectPath());
      if (response.code() != 200) {
        throw new ApiException(Writes.statusOf(response, path));
      }
      if (store.isDryRun()) {
        return wouldBeDeleted(current(path));
      }
      // A finalizer holds the object: answer its current state (with deletionTimestamp), like a real server.
      return store.get(path.objectPath()).orElseGet(() -> (ObjectNode) Store.parse(Store.bodyOf(response)));
    });
  }

  /** A dry-run deletion's answer: the object, marked for deletion when a finalizer would hold it. */
  private static ObjectNode wouldBeDeleted(ObjectNode object) {
    ObjectNode metadata = Writes.metadata(object);
    if (!metadata.path("finalizers").isEmpty() && !metadata.hasNonNull("deletionTimestamp")) {
      metadata.put("deletionTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
    return object;
  }

  private MockResponse deleteCollection(ApiRequest request, ResourcePath path, ResourceType type) {
    Propagation propagation = Propagation.of(request);
    Store.Listing listing = lists.read(request, path);
    List<ObjectNode> deleted = new ArrayList<>();
    for (ObjectNode object : listing.items()) {
      JsonNode metadata = object.path("metadata");
      ResourcePath objectPath = new ResourcePath(path.group(), path.version(),
          metadata.hasNonNull("namespace") && type != null && type.namespaced()
              ? metadata.get("namespace").asText() : path.namespace(),
          path.plural(), metadata.path("name").asText(), null);
      try {
        deleted.add(delete(objectPath, propagation));
      } catch (ApiException e) {
        LOG.debug("delete-collection skipped {}: {}", objectPath.objectPath(), e.getMessage());
      }
    }
    return json(200, ListFilters.listDocument(path, type, deleted, listing.resourceVersion()));
  }

  private ObjectNode current(ResourcePath path) {
    return store.get(path.objectPath()).orElseThrow(() -> new ApiException(Statuses.notFound(path)));
  }

  /** The body of a create or update, checked and stripped of unknown fields as {@code fieldValidation} says. */
  private static ObjectNode decoded(ApiRequest request, ResourceType type, FieldValidation validation) {
    return validation.decoded(type, bodyObject(request), request.body());
  }

  private static ObjectNode bodyObject(ApiRequest request) {
    JsonNode body = request.bodyJson();
    if (!(body instanceof ObjectNode object)) {
      throw new ApiException(Statuses.badRequest("the request body must be a JSON object"));
    }
    return object;
  }

  static MockResponse json(int code, Object body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(Store.asJson(body).getBytes(StandardCharsets.UTF_8));
  }

  static MockResponse status(Status status) {
    return json(status.getCode() == null ? 500 : status.getCode(), status);
  }
}
