package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * OpenAPI v3: the {@code /openapi/v3} index and one document per group/version.
 *
 * <p>kubectl apply needs, per kind, one {@code patch} operation carrying {@code x-kubernetes-group-version-kind} and a
 * {@code fieldValidation} query parameter (its server-side field validation probe; without it kubectl falls back to
 * protobuf {@code /openapi/v2}, which this server does not serve). No operation offers strategic merge patch, so
 * kubectl computes patches from its compiled-in types (built-ins) or as JSON merge patches (custom resources). CRD
 * schemas are published under {@code components.schemas}.
 */
final class OpenApi {

  private static final String PREFIX = "/openapi/v3";

  private final ResourceCatalog catalog;

  OpenApi(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  /** The document for {@code path} (no query string), or empty when there is none. */
  Optional<JsonNode> handle(String path) {
    if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
      return Optional.of(index());
    }
    if (!path.startsWith(PREFIX + "/")) {
      return Optional.empty();
    }
    String gvPath = path.substring(PREFIX.length() + 1);
    return catalog.groupVersions().stream().filter(gv -> relativePath(gv).equals(gvPath)).findFirst()
        .map(this::document);
  }

  private JsonNode index() {
    ObjectNode index = Store.JSON.createObjectNode();
    ObjectNode paths = index.putObject("paths");
    for (String gv : catalog.groupVersions()) {
      String relative = relativePath(gv);
      paths.putObject(relative).put("serverRelativeURL", PREFIX + "/" + relative + "?hash=" + hash(document(gv)));
    }
    return index;
  }

  private static String relativePath(String groupVersion) {
    return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
  }

  private ObjectNode document(String groupVersion) {
    ObjectNode doc = Store.JSON.createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", Discovery.GIT_VERSION);
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    for (ResourceType type : catalog.all()) {
      if (!type.apiVersion().equals(groupVersion)) {
        continue;
      }
      String schemaId = schemaId(type);
      schemas.set(schemaId, schema(type));
      String collection = "/" + relativePath(groupVersion)
          + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
      ObjectNode collectionItem = paths.putObject(collection);
      pathParameters(collectionItem, type.namespaced(), false);
      collectionItem.set("get", operation(type, "list", schemaId, List.of()));
      collectionItem.set("post", operation(type, "post", schemaId, List.of("application/json")));
      ObjectNode objectItem = paths.putObject(collection + "/{name}");
      pathParameters(objectItem, type.namespaced(), true);
      objectItem.set("get", operation(type, "get", schemaId, List.of()));
      objectItem.set("put", operation(type, "put", schemaId, List.of("application/json")));
      objectItem.set("patch", operation(type, "patch", schemaId, List.of("application/json-patch+json",
          "application/merge-patch+json", "application/apply-patch+yaml")));
      objectItem.set("delete", operation(type, "delete", schemaId, List.of()));
    }
    return doc;
  }

  private static void pathParameters(ObjectNode pathItem, boolean namespaced, boolean named) {
    ArrayNode parameters = pathItem.putArray("parameters");
    if (named) {
      parameter(parameters, "name", "path", "string").put("required", true);
    }
    if (namespaced) {
      parameter(parameters, "namespace", "path", "string").put("required", true);
    }
  }

  private static ObjectNode operation(ResourceType type, String action, String schemaId, List<String> bodyTypes) {
    ObjectNode op = Store.JSON.createObjectNode();
    op.put("operationId", action + type.kind());
    op.put("x-kubernetes-action", action);
    op.putObject("x-kubernetes-group-version-kind").put("group", type.group()).put("version", type.version())
        .put("kind", type.kind());
    ArrayNode parameters = op.putArray("parameters");
    if (!bodyTypes.isEmpty()) {
      parameter(parameters, "dryRun", "query", "string");
      parameter(parameters, "fieldManager", "query", "string");
      parameter(parameters, "fieldValidation", "query", "string");
      if (action.equals("patch")) {
        parameter(parameters, "force", "query", "boolean");
      }
      ObjectNode content = op.putObject("requestBody").putObject("content");
      for (String bodyType : bodyTypes) {
        ObjectNode schema = content.putObject(bodyType).putObject("schema");
        if (bodyType.equals("application/json")) {
          schema.put("$ref", "#/components/schemas/" + schemaId);
        } else {
          schema.put("type", "object");
        }
      }
    }
    op.putObject("responses").putObject("200").put("description", "OK").putObject("content")
        .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + schemaId);
    return op;
  }

  private static ObjectNode parameter(ArrayNode parameters, String name, String in, String type) {
    ObjectNode p = parameters.addObject();
    p.put("name", name).put("in", in).putObject("schema").put("type", type);
    return p;
  }

  private static ObjectNode schema(ResourceType type) {
    ObjectNode schema = type.schema() instanceof ObjectNode crdSchema ? crdSchema.deepCopy()
        : Store.JSON.createObjectNode().put("type", "object");
    schema.putArray("x-kubernetes-group-version-kind").addObject().put("group", type.group())
        .put("version", type.version()).put("kind", type.kind());
    return schema;
  }

  /** Reverse-DNS id as a real server names them ({@code com.example.v1.Widget}, {@code io.k8s.api.core.v1.Pod}). */
  private static String schemaId(ResourceType type) {
    if (type.custom()) {
      List<String> parts = new java.util.ArrayList<>(List.of(type.group().split("\\.")));
      java.util.Collections.reverse(parts);
      return String.join(".", parts) + "." + type.version() + "." + type.kind();
    }
    String group = type.group().isEmpty() ? "core" : type.group().replace(".k8s.io", "");
    return "io.k8s.api." + group + "." + type.version() + "." + type.kind();
  }

  private static String hash(JsonNode document) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Store.asJson(document).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16).toUpperCase(java.util.Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
