package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.selector.LabelSelectors;
import io.machineapi.selector.SelectorException;
import java.util.List;

/**
 * The {@code /scale} subresource of any type with a scale subresource (from the CRD's
 * {@code subresources.scale}; Deployments, ReplicaSets and StatefulSets built in): GET answers an autoscaling/v1
 * Scale; PUT and PATCH change only the spec replicas path of the stored object.
 */
final class ScaleSubresource {

  private final Store store;
  private final Writes writes;
  private final AdmissionWebhooks webhooks;

  /**
   * @param writes   writes without webhooks (the webhooks see the Scale, not the main resource)
   * @param webhooks the admission webhooks, called for {@code <resource>/scale} with the Scale object
   */
  ScaleSubresource(Store store, Writes writes, AdmissionWebhooks webhooks) {
    this.store = store;
    this.writes = writes;
    this.webhooks = webhooks;
  }

  /** GET: the Scale of the stored object; 404 when it is absent. */
  ObjectNode get(ResourcePath path, ResourceType type) {
    return scaleOf(type, current(path));
  }

  /** PUT: a Scale body; a stale metadata.resourceVersion gives 409. */
  ObjectNode put(ResourcePath path, ResourceType type, JsonNode scale) {
    return store.locked(() -> {
      ObjectNode current = current(path);
      Writes.checkResourceVersion(path, scale, current);
      return setReplicas(path, type, current, scale);
    });
  }

  /** PATCH: the patch applies to the current Scale; only its spec.replicas is kept. */
  ObjectNode patch(ResourcePath path, ResourceType type, Patches.Type patchType, JsonNode patch) {
    return store.locked(() -> {
      ObjectNode current = current(path);
      ObjectNode scale = scaleOf(type, current);
      ObjectNode patched = Patches.apply(patchType == Patches.Type.STRATEGIC ? Patches.Type.MERGE : patchType,
          scale, patch, null);
      Writes.checkResourceVersion(path, patched, current);
      return setReplicas(path, type, current, patched);
    });
  }

  private ObjectNode setReplicas(ResourcePath path, ResourceType type, ObjectNode current, JsonNode requested) {
    JsonNode scale = admitted(path, type, current, requested);
    JsonNode replicas = scale.path("spec").path("replicas");
    if (!replicas.canConvertToInt() || !replicas.isIntegralNumber()) {
      throw new ApiException(Statuses.invalid("Scale.autoscaling \"" + path.name()
          + "\" is invalid: spec.replicas: Required value"));
    }
    if (replicas.asInt() < 0) {
      throw new ApiException(Statuses.invalid("Scale.autoscaling \"" + path.name()
          + "\" is invalid: spec.replicas: Invalid value: " + replicas.asInt() + ": must be greater than or equal to 0"));
    }
    ObjectNode desired = current.deepCopy();
    set(desired, pointer(type.scale().specReplicasPath()), replicas.asInt());
    ObjectNode stored = writes.replace(path.mainResource(), type, desired, current);
    return scaleOf(type, stored);
  }

  /** The Scale after the mutating webhooks; the validating ones see it too (subresource {@code scale}). */
  private JsonNode admitted(ResourcePath path, ResourceType type, ObjectNode current, JsonNode requested) {
    if (!(requested instanceof ObjectNode scale)) {
      return requested;
    }
    ResourcePath main = path.mainResource();
    ObjectNode old = scaleOf(type, current);
    ObjectNode mutated = webhooks.mutate(AdmissionWebhooks.Attributes.of("UPDATE", main, type, "scale", scale, old,
        store.isDryRun()));
    webhooks.validate(AdmissionWebhooks.Attributes.of("UPDATE", main, type, "scale", mutated, old,
        store.isDryRun()));
    return mutated;
  }

  private ObjectNode current(ResourcePath path) {
    return store.get(path.objectPath()).orElseThrow(() -> new ApiException(Statuses.notFound(path)));
  }

  static ObjectNode scaleOf(ResourceType type, ObjectNode object) {
    ResourceType.Scale paths = type.scale();
    ObjectNode scale = Store.JSON.createObjectNode();
    scale.put("kind", "Scale").put("apiVersion", "autoscaling/v1");
    ObjectNode metadata = scale.putObject("metadata");
    JsonNode m = object.path("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      if (m.hasNonNull(field)) {
        metadata.set(field, m.get(field));
      }
    }
    scale.putObject("spec").put("replicas", object.at(pointer(paths.specReplicasPath())).asInt(0));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", object.at(pointer(paths.statusReplicasPath())).asInt(0));
    if (paths.labelSelectorPath() != null) {
      JsonNode selector = object.at(pointer(paths.labelSelectorPath()));
      if (selector.isTextual()) {
        status.put("selector", selector.asText());
      } else if (selector.isObject()) {
        status.put("selector", selectorString(selector));
      }
    } else if (!type.custom()) {
      JsonNode selector = object.path("spec").path("selector");
      if (selector.isObject()) {
        status.put("selector", selectorString(selector));
      }
    }
    return scale;
  }

  /**
   * A LabelSelector object in its canonical string form ({@code a=b,c in (d,e)}), as
   * {@code metav1.LabelSelectorAsSelector(...).String()}; empty for a selector that does not convert.
   */
  static String selectorString(JsonNode selector) {
    try {
      return LabelSelectors.fromJson(selector).toString();
    } catch (SelectorException e) {
      return "";
    }
  }

  /** {@code .spec.replicas} → JSON pointer {@code /spec/replicas}. */
  static String pointer(String path) {
    String p = path.startsWith(".") ? path.substring(1) : path;
    return "/" + p.replace("~", "~0").replace("/", "~1").replace('.', '/');
  }

  private static void set(ObjectNode root, String pointer, int value) {
    String[] tokens = pointer.substring(1).split("/");
    ObjectNode node = root;
    for (int i = 0; i < tokens.length - 1; i++) {
      String token = tokens[i].replace("~1", "/").replace("~0", "~");
      JsonNode child = node.get(token);
      node = child instanceof ObjectNode o ? o : node.putObject(token);
    }
    node.put(tokens[tokens.length - 1].replace("~1", "/").replace("~0", "~"), value);
  }
}
