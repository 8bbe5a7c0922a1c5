package io.machineapi.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Structural pruning, a port of apiextensions-apiserver {@code schema/pruning}: fields the schema does not
 * specify are dropped, except below {@code x-kubernetes-preserve-unknown-fields: true} (where known
 * properties are still pruned recursively), except the resource root's {@code apiVersion}, {@code kind} and
 * {@code metadata}, and except {@code apiVersion}/{@code kind} (strings) and {@code metadata} (an object) of
 * {@code x-kubernetes-embedded-resource} objects.
 */
final class StructuralPruning {

  private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private final List<String> pruned = new ArrayList<>();

  private StructuralPruning() {
  }

  /**
   * Prunes {@code object} in place.
   *
   * @param object the resource
   * @param schema the version's {@code openAPIV3Schema}
   * @return the paths of the dropped fields ({@code spec.foo}, {@code spec.list[0].bar}), for
   *         {@code unknown field} warnings
   */
  static List<String> prune(ObjectNode object, JsonNode schema) {
    StructuralPruning pruning = new StructuralPruning();
    pruning.prune(object, schema, true, "");
    return List.copyOf(pruning.pruned);
  }

  private void prune(JsonNode value, JsonNode schema, boolean resourceRoot, String path) {
    if (Structural.preservesUnknownFields(schema)) {
      skipPrune(value, schema, resourceRoot, path);
      return;
    }
    if (value instanceof ObjectNode object) {
      boolean embedded = resourceRoot || Structural.embeddedResource(schema);
      for (String name : Structural.fieldNames(object)) {
        JsonNode field = object.get(name);
        // The root's apiVersion, kind and metadata are never pruned (metadata is ObjectMeta's business).
        if (resourceRoot && META_FIELDS.contains(name) || embedded && keptMetaField(name, field)) {
          continue;
        }
        JsonNode fieldSchema = Structural.fieldSchema(schema, name);
        if (fieldSchema != null) {
          prune(field, fieldSchema, false, child(path, name));
        } else {
          pruned.add(child(path, name));
          object.remove(name);
        }
      }
    } else if (value instanceof ArrayNode array) {
      JsonNode items = Structural.items(schema);
      for (int i = 0; i < array.size(); i++) {
        prune(array.get(i), items, false, path + "[" + i + "]");
      }
    }
  }

  /** Below preserve-unknown-fields: unknown fields stay, known ones are pruned by their own schema. */
  private void skipPrune(JsonNode value, JsonNode schema, boolean resourceRoot, String path) {
    if (schema == null) {
      return;
    }
    if (value instanceof ObjectNode object) {
      boolean embedded = resourceRoot || Structural.embeddedResource(schema);
      for (String name : Structural.fieldNames(object)) {
        if (embedded && META_FIELDS.contains(name)) {
          continue;
        }
        JsonNode fieldSchema = Structural.fieldSchema(schema, name);
        if (fieldSchema != null) {
          prune(object.get(name), fieldSchema, false, child(path, name));
        }
      }
    } else if (value instanceof ArrayNode array) {
      JsonNode items = Structural.items(schema);
      for (int i = 0; i < array.size(); i++) {
        skipPrune(array.get(i), items, false, path + "[" + i + "]");
      }
    }
  }

  private static boolean keptMetaField(String name, JsonNode value) {
    return switch (name) {
      case "apiVersion", "kind" -> value.isTextual();
      case "metadata" -> value.isObject();
      default -> false;
    };
  }


  static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
