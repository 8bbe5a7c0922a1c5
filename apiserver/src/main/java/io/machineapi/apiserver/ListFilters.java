package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Predicate;

/**
 * List reads: every object of the collection, post-filtered by the {@code labelSelector} (equality and set-based)
 * and {@code fieldSelector} (any field path) query parameters, answered with a typed list kind
 * ({@code PodList}, {@code WidgetList}) instead of the stock {@code List}. Paging parameters are ignored: the whole
 * result comes in one page without a continue token.
 */
final class ListFilters {

  private final Store store;

  ListFilters(Store store) {
    this.store = store;
  }

  /** The filtered objects and the store's resourceVersion. */
  Store.Listing read(ApiRequest request, ResourcePath path) {
    Store.Listing all = store.listing(path.collectionPath());
    Predicate<JsonNode> filter = filter(request);
    return new Store.Listing(all.items().stream().filter(filter).toList(), all.resourceVersion());
  }

  static Predicate<JsonNode> filter(ApiRequest request) {
    Predicate<JsonNode> filter = object -> true;
    String labels = request.queryParam("labelSelector");
    if (!labels.isBlank()) {
      filter = filter.and(Selectors.labelSelector(labels));
    }
    String fields = request.queryParam("fieldSelector");
    if (!fields.isBlank()) {
      filter = filter.and(Selectors.fieldSelector(fields));
    }
    return filter;
  }

  /** A typed list document of {@code items}. */
  static ObjectNode listDocument(ResourcePath path, ResourceType type, List<ObjectNode> items,
      String resourceVersion) {
    ObjectNode list = Store.JSON.createObjectNode();
    list.put("apiVersion", path.apiVersion()).put("kind", type == null ? "List" : type.listKind());
    list.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return list;
  }
}
