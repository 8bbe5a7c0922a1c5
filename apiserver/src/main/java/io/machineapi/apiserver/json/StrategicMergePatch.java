package io.machineapi.apiserver.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kubernetes strategic merge patch ({@code application/strategic-merge-patch+json}) for built-in kinds, a
 * port of the apply half of k8s.io/apimachinery {@code pkg/util/strategicpatch} with the options the API
 * server uses ({@code MergeParallelList} and {@code IgnoreUnmatchedNulls} on).
 *
 * <p>Semantics, as in Kubernetes:
 * <ul>
 *   <li>Maps merge recursively; {@code null} deletes a key.</li>
 *   <li>Lists tagged {@code patchStrategy:"merge"} merge: lists of objects by their merge key (a patch element
 *       whose key matches an existing element is merged into it, others are added), lists of primitives as a
 *       union. Every other list is replaced. The table of merge keys covers Node, Pod, pod templates of the
 *       workload kinds, Service, PodDisruptionBudget and the ObjectMeta lists ({@code finalizers},
 *       {@code ownerReferences}) of the built-in kinds; see {@link #knowsKind(String)}. For unknown kinds
 *       every list is replaced, so the result equals a JSON merge patch apart from the directives below.</li>
 *   <li>Element order is normalised like Kubernetes does: elements named in the patch keep the patch's order
 *       and are interleaved with the server-only elements by their original positions (new elements therefore
 *       come first), and {@code $setElementOrder/<field>} imposes its order.</li>
 *   <li>Directives: {@code $patch: replace} (a map or list is replaced by the patch content),
 *       {@code $patch: delete} (a map becomes empty; in a list, the elements with that merge key are removed),
 *       {@code $retainKeys} (keys of the original map not listed are cleared),
 *       {@code $deleteFromPrimitiveList/<field>} (values removed from a primitive list) and
 *       {@code $setElementOrder/<field>}. {@code $patch: merge} is rejected exactly as Kubernetes rejects it.
 *       No directive is ever left in the result.</li>
 * </ul>
 */
public final class StrategicMergePatch {

  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";
  private static final String SET_ELEMENT_ORDER = "$setElementOrder";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String kind;

  private StrategicMergePatch(String kind) {
    this.kind = kind;
  }

  /**
   * Whether the merge-key table covers {@code kind}. A real API server refuses strategic merge patch for
   * custom resources ({@code 415}); the dispatcher can use this to decide, {@link #apply} itself accepts any
   * kind.
   *
   * @param kind a kind such as {@code Node}
   * @return {@code true} for the tabled built-in kinds
   */
  public static boolean knowsKind(String kind) {
    return MergeKeys.knows(kind);
  }

  /**
   * Applies a strategic merge patch.
   *
   * @param kind   the object's kind ({@code Node}, {@code Pod}, ...), selecting the merge-key table; an unknown
   *               kind merges maps and replaces every list
   * @param target the stored object; {@code null}, JSON null or missing stands for an empty object
   * @param patch  the patch; JSON {@code null} leaves the target unchanged
   * @return a new document; neither argument is modified
   * @throws PatchException if the patch is not an object, uses a directive wrongly, lacks a merge key, or
   *                        merges lists whose elements have different types (status as Kubernetes answers)
   */
  public static JsonNode apply(String kind, JsonNode target, JsonNode patch) {
    ObjectNode original;
    if (target == null || target.isNull() || target.isMissingNode()) {
      original = NODES.objectNode();
    } else if (target.isObject()) {
      original = ((ObjectNode) target).deepCopy();
    } else {
      throw new PatchException(PatchException.BAD_REQUEST, "invalid JSON document");
    }
    if (patch == null || patch.isNull() || patch.isMissingNode()) {
      return original;
    }
    if (!patch.isObject()) {
      throw new PatchException(PatchException.BAD_REQUEST, "invalid JSON document");
    }
    return new StrategicMergePatch(kind).mergeMap(original, ((ObjectNode) patch).deepCopy(), "");
  }

  // Both arguments are private copies owned by this merge, so they are modified freely.
  private ObjectNode mergeMap(ObjectNode original, ObjectNode patch, String path) {
    JsonNode directive = patch.get(PATCH);
    if (directive != null) {
      if ("replace".equals(directive.asText()) && directive.isTextual()) {
        patch.remove(PATCH);
        return mergeMap(null, patch, path);
      }
      if ("delete".equals(directive.asText()) && directive.isTextual()) {
        return NODES.objectNode();
      }
      throw badPatchType(directive, patch);
    }
    ObjectNode result = original == null ? NODES.objectNode() : original;
    applyRetainKeys(result, patch);
    mergeOrderedLists(result, patch, path);
    for (Map.Entry<String, JsonNode> entry : List.copyOf(patch.properties())) {
      String key = entry.getKey();
      JsonNode patchValue = entry.getValue();
      boolean deleteList = key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
      if (deleteList) {
        key = directiveTarget(key, DELETE_FROM_PRIMITIVE_LIST, "invalid patch format of primitive list");
      }
      String fieldPath = path.isEmpty() ? key : path + "." + key;
      if (patchValue.isNull()) {
        result.remove(key);
        continue;
      }
      JsonNode originalValue = result.get(key);
      boolean sameContainerType = originalValue != null && originalValue.isContainerNode()
          && originalValue.getNodeType() == patchValue.getNodeType();
      if (!sameContainerType) {
        // Missing key, scalar, or a type change: the patch value wins (a deletion list has nothing to do).
        if (!deleteList) {
          result.set(key, clean(patchValue, fieldPath));
        }
      } else if (originalValue.isObject()) {
        result.set(key, mergeMap((ObjectNode) originalValue, (ObjectNode) patchValue, fieldPath));
      } else {
        Optional<String> mergeKey = MergeKeys.mergeKey(kind, fieldPath);
        if (mergeKey.isPresent() || deleteList) {
          result.set(key, mergeList((ArrayNode) originalValue, (ArrayNode) patchValue, fieldPath,
              mergeKey.orElse(MergeKeys.PRIMITIVE), deleteList));
        } else {
          result.set(key, clean(patchValue, fieldPath));
        }
      }
    }
    return result;
  }

  /**
   * A patch value that lands where the original has nothing to merge with: Kubernetes stores it as is, and
   * decoding into the typed object then drops nulls and directive keys. Doing that here keeps directives
   * out of the stored document.
   */
  private JsonNode clean(JsonNode value, String path) {
    if (value.isObject()) {
      return mergeMap(null, (ObjectNode) value, path);
    }
    if (value.isArray()) {
      ArrayNode cleaned = NODES.arrayNode();
      for (JsonNode element : value) {
        if (element.isObject() && element.has(PATCH)) {
          continue; // a list directive with nothing to act on
        }
        cleaned.add(clean(element, path));
      }
      return cleaned;
    }
    return value;
  }

  private JsonNode mergeList(ArrayNode originalList, ArrayNode patchList, String path, String mergeKey,
      boolean deleteList) {
    if (originalList.isEmpty() && patchList.isEmpty()) {
      return originalList;
    }
    JsonNodeType elementType = elementType(path, originalList, patchList);
    List<JsonNode> original = elements(originalList);
    List<JsonNode> patch = elements(patchList);
    List<JsonNode> merged;
    if (elementType != JsonNodeType.OBJECT) {
      if (deleteList) {
        original.removeIf(value -> indexOf(patch, value, MergeKeys.PRIMITIVE) >= 0);
        return toArray(original);
      }
      merged = new ArrayList<>();
      for (JsonNode value : concat(original, patch)) {
        if (indexOf(merged, value, MergeKeys.PRIMITIVE) < 0) {
          merged.add(value);
        }
      }
    } else {
      if (mergeKey.isEmpty()) {
        throw new PatchException(PatchException.INTERNAL,
            "cannot merge lists without merge key for " + path);
      }
      List<JsonNode> plain = new ArrayList<>();
      boolean replace = false;
      for (JsonNode element : patch) {
        JsonNode directive = element.get(PATCH);
        if (directive == null) {
          plain.add(element);
        } else if ("delete".equals(directive.asText())) {
          JsonNode keyValue = element.get(mergeKey);
          if (keyValue == null) {
            throw noMergeKey(element, mergeKey);
          }
          original.removeIf(existing -> sameValue(existing.get(mergeKey), keyValue));
        } else if ("replace".equals(directive.asText())) {
          replace = true; // keep scanning: other directive elements are still dropped
        } else if ("merge".equals(directive.asText())) {
          throw new PatchException(PatchException.INTERNAL,
              "merging lists cannot yet be specified in the patch");
        } else {
          throw badPatchType(directive, element);
        }
      }
      List<JsonNode> toMerge = plain;
      if (replace) {
        original = new ArrayList<>();
        for (JsonNode element : plain) {
          original.add(clean(element, path));
        }
        toMerge = List.of();
      }
      merged = new ArrayList<>(original);
      for (JsonNode element : toMerge) {
        JsonNode keyValue = element.get(mergeKey);
        if (keyValue == null) {
          throw noMergeKey(element, mergeKey);
        }
        int index = indexOf(merged, element, mergeKey);
        if (index >= 0) {
          merged.set(index, mergeMap((ObjectNode) merged.get(index), (ObjectNode) element, path));
        } else {
          merged.add(clean(element, path));
        }
      }
      patch.clear();
      patch.addAll(toMerge);
    }
    String key = elementType == JsonNodeType.OBJECT ? mergeKey : MergeKeys.PRIMITIVE;
    return toArray(normalizeOrder(merged, patch, original, key));
  }

  /** Processes every {@code $setElementOrder/<field>} of {@code patch} together with its list, as Kubernetes. */
  private void mergeOrderedLists(ObjectNode original, ObjectNode patch, String path) {
    List<String> keys = new ArrayList<>();
    patch.fieldNames().forEachRemaining(keys::add);
    for (String directiveKey : keys) {
      if (!directiveKey.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      JsonNode order = patch.remove(directiveKey);
      String field = directiveTarget(directiveKey, SET_ELEMENT_ORDER,
          "invalid patch format of setElementOrder list");
      if (!order.isArray()) {
        throw new PatchException(PatchException.BAD_REQUEST, "invalid patch format of setElementOrder list");
      }
      String fieldPath = path.isEmpty() ? field : path + "." + field;
      JsonNode originalList = original.get(field);
      JsonNode patchList = patch.get(field);
      if (originalList != null && !originalList.isArray() || patchList != null && !patchList.isArray()) {
        throw new PatchException(PatchException.INTERNAL,
            "$setElementOrder/" + field + " applies to a field that is not a list");
      }
      if (originalList == null && patchList == null) {
        continue;
      }
      Optional<String> mergeKey = MergeKeys.mergeKey(kind, fieldPath);
      String key = mergeKey.orElse(MergeKeys.PRIMITIVE);
      List<JsonNode> orderList = elements((ArrayNode) order);
      if (patchList != null) {
        checkOrderMatchesPatch(elements((ArrayNode) patchList), orderList, key);
      }
      JsonNode merged;
      if (patchList == null) {
        merged = originalList;
      } else if (mergeKey.isEmpty()) {
        merged = clean(patchList, fieldPath);
      } else {
        ArrayNode base = originalList == null ? NODES.arrayNode() : (ArrayNode) originalList;
        merged = mergeList(base, (ArrayNode) patchList, fieldPath, key, false);
      }
      patch.remove(field);
      List<JsonNode> mergedElements = elements((ArrayNode) merged);
      boolean objects = !mergedElements.isEmpty() && mergedElements.get(0).isObject();
      if (mergedElements.isEmpty() || objects && key.isEmpty()) {
        original.set(field, merged); // nothing to order by
        continue;
      }
      List<JsonNode> serverOrder = originalList == null ? List.of() : elements((ArrayNode) originalList);
      original.set(field, toArray(normalizeOrder(mergedElements, orderList, serverOrder, key)));
    }
  }

  /** Kubernetes' validatePatchWithSetOrderList: the patch list must follow the relative order given. */
  private static void checkOrderMatchesPatch(List<JsonNode> patchList, List<JsonNode> order, String mergeKey) {
    if (order.isEmpty() || patchList.isEmpty()) {
      return;
    }
    List<JsonNode> nonDelete = new ArrayList<>();
    for (JsonNode element : patchList) {
      boolean deletion = element.isObject() && "delete".equals(element.path(PATCH).asText());
      if (mergeKey.isEmpty() || !deletion) {
        nonDelete.add(element);
      }
    }
    int patchIndex = 0;
    int orderIndex = 0;
    while (patchIndex < nonDelete.size() && orderIndex < order.size()) {
      JsonNode element = nonDelete.get(patchIndex);
      if (element.isObject() && element.has(PATCH)) {
        patchIndex++;
        continue;
      }
      if (mergeKeyValueEqual(element, order.get(orderIndex), mergeKey)) {
        patchIndex++;
      }
      orderIndex++;
    }
    if (patchIndex < nonDelete.size() && orderIndex >= order.size()) {
      throw new PatchException(PatchException.INTERNAL, "The order in patch list:\n" + patchList
          + "\n doesn't match $setElementOrder list:\n" + order + "\n");
    }
  }

  private static boolean mergeKeyValueEqual(JsonNode left, JsonNode right, String mergeKey) {
    if (mergeKey.isEmpty()) {
      return sameValue(left, right);
    }
    if (!left.has(mergeKey)) {
      throw noMergeKey(left, mergeKey);
    }
    if (!right.has(mergeKey)) {
      throw noMergeKey(right, mergeKey);
    }
    return sameValue(left.get(mergeKey), right.get(mergeKey));
  }

  /**
   * Kubernetes' element-order normalisation: items named in {@code patchOrder} are sorted by it, the rest keep
   * their order in {@code serverOrder}, and the two sequences are interleaved by server positions.
   */
  private static List<JsonNode> normalizeOrder(List<JsonNode> merged, List<JsonNode> patchOrder,
      List<JsonNode> serverOrder, String mergeKey) {
    List<JsonNode> patchItems = new ArrayList<>();
    List<JsonNode> serverOnly = new ArrayList<>();
    for (JsonNode item : merged) {
      if (!mergeKey.isEmpty() && !item.has(mergeKey)) {
        throw noMergeKey(item, mergeKey);
      }
      (indexOf(patchOrder, item, mergeKey) >= 0 ? patchItems : serverOnly).add(item);
    }
    patchItems.sort(byIndexIn(patchOrder, mergeKey));
    serverOnly.sort(byIndexIn(serverOrder, mergeKey));
    List<JsonNode> result = new ArrayList<>(merged.size());
    int left = 0;
    int right = 0;
    while (left < serverOnly.size() || right < patchItems.size()) {
      if (left >= serverOnly.size()) {
        result.add(patchItems.get(right++));
      } else if (right >= patchItems.size()) {
        result.add(serverOnly.get(left++));
      } else {
        int leftIndex = indexOf(serverOrder, serverOnly.get(left), mergeKey);
        int rightIndex = indexOf(serverOrder, patchItems.get(right), mergeKey);
        if (leftIndex >= 0 && rightIndex >= 0 && leftIndex < rightIndex) {
          result.add(serverOnly.get(left++));
        } else {
          result.add(patchItems.get(right++));
        }
      }
    }
    return result;
  }

  private static Comparator<JsonNode> byIndexIn(List<JsonNode> order, String mergeKey) {
    return Comparator.comparingInt(item -> {
      int index = indexOf(order, item, mergeKey);
      return index < 0 ? Integer.MAX_VALUE : index;
    });
  }

  private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
    JsonNode retain = patch.remove(RETAIN_KEYS);
    if (retain == null) {
      return;
    }
    if (!retain.isArray()) {
      throw new PatchException(PatchException.BAD_REQUEST, "invalid patch format of retainKeys");
    }
    Set<String> keep = new HashSet<>();
    retain.forEach(name -> keep.add(name.asText()));
    for (Map.Entry<String, JsonNode> entry : patch.properties()) {
      String key = entry.getKey();
      if (entry.getValue().isNull() || key.startsWith(DELETE_FROM_PRIMITIVE_LIST)
          || key.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      if (!keep.contains(key)) {
        throw new PatchException(PatchException.UNPROCESSABLE, "patch content doesn't match retainKeys list");
      }
    }
    original.retain(keep);
  }

  /** The Go type check of sliceElementType: one element type across both lists, and no lists of lists. */
  private static JsonNodeType elementType(String path, ArrayNode... lists) {
    JsonNodeType type = null;
    for (ArrayNode list : lists) {
      for (JsonNode element : list) {
        if (element.isNull()) {
          continue;
        }
        if (element.isArray()) {
          throw new PatchException(PatchException.UNPROCESSABLE, "lists of lists are not supported");
        }
        if (type != null && type != element.getNodeType()) {
          throw new PatchException(PatchException.INTERNAL,
              "list element types are not identical in " + path);
        }
        type = element.getNodeType();
      }
    }
    return type == null ? JsonNodeType.NULL : type;
  }

  private static int indexOf(List<JsonNode> list, JsonNode item, String mergeKey) {
    JsonNode wanted = mergeKey.isEmpty() ? item : item.get(mergeKey);
    for (int i = 0; i < list.size(); i++) {
      JsonNode candidate = mergeKey.isEmpty() ? list.get(i) : list.get(i).get(mergeKey);
      if (sameValue(candidate, wanted)) {
        return i;
      }
    }
    return -1;
  }

  /** Go compares decoded JSON values: all numbers are float64, so 80 and 80.0 are equal. */
  private static boolean sameValue(JsonNode left, JsonNode right) {
    if (left == null || right == null) {
      return left == right;
    }
    if (left.isNumber() && right.isNumber()) {
      return left.decimalValue().compareTo(right.decimalValue()) == 0;
    }
    return left.equals(right);
  }

  private static String directiveTarget(String key, String prefix, String message) {
    int slash = key.indexOf('/');
    if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
      throw new PatchException(PatchException.BAD_REQUEST, message);
    }
    return key.substring(slash + 1);
  }

  private static PatchException badPatchType(JsonNode directive, JsonNode map) {
    return new PatchException(PatchException.INTERNAL,
        "unknown patch type: " + directive.asText() + " in map: " + map);
  }

  private static PatchException noMergeKey(JsonNode map, String mergeKey) {
    return new PatchException(PatchException.INTERNAL,
        "map: " + map + " does not contain declared merge key: " + mergeKey);
  }

  private static List<JsonNode> elements(ArrayNode array) {
    List<JsonNode> list = new ArrayList<>(array.size());
    array.forEach(list::add);
    return list;
  }

  private static List<JsonNode> concat(List<JsonNode> first, List<JsonNode> second) {
    List<JsonNode> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static ArrayNode toArray(List<JsonNode> list) {
    ArrayNode array = NODES.arrayNode(list.size());
    list.forEach(array::add);
    return array;
  }
}
