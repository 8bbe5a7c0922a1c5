package io.machineapi.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Defaulting as the API server does it after pruning, a port of apiextensions-apiserver
 * {@code schema/defaulting} ({@code PruneNonNullableNullsWithoutDefaults}, then {@code Default}):
 * <ol>
 *   <li>a {@code null} in a field that is neither {@code nullable} nor defaulted is dropped;</li>
 *   <li>a field with a {@code default} gets it when it is absent (or {@code null} and not nullable), provided
 *       its parent object exists; defaults are copied and then defaulted themselves, so defaults nested in a
 *       defaulted object apply too. Elements of arrays and additionalProperties values that are non-nullable
 *       {@code null} get their schema's default.</li>
 * </ol>
 * The root's {@code metadata} is left alone: ObjectMeta is not defaulted from the schema.
 */
final class StructuralDefaulting {

  private StructuralDefaulting() {
  }

  /**
   * Applies both steps to {@code object} in place.
   *
   * @param object the (already pruned) resource
   * @param schema the version's {@code openAPIV3Schema}
   */
  static void apply(ObjectNode object, JsonNode schema) {
    pruneNonNullableNulls(object, schema, true);
    applyDefaults(object, schema, true);
  }

  private static boolean skipped(boolean root, String name) {
    return root && "metadata".equals(name);
  }

  private static void pruneNonNullableNulls(JsonNode value, JsonNode schema, boolean root) {
    if (schema == null) {
      return;
    }
    if (value instanceof ObjectNode object) {
      for (String name : Structural.fieldNames(object)) {
        if (skipped(root, name)) {
          continue;
        }
        JsonNode property = Structural.property(schema, name);
        if (property != null && object.get(name).isNull() && Structural.defaultValue(property) == null
            && !Structural.nullable(property)) {
          object.remove(name);
        }
      }
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        if (!skipped(root, field.getKey())) {
          pruneNonNullableNulls(field.getValue(), Structural.fieldSchema(schema, field.getKey()), false);
        }
      }
    } else if (value instanceof ArrayNode array) {
      JsonNode items = Structural.items(schema);
      array.forEach(element -> pruneNonNullableNulls(element, items, false));
    }
  }

  private static void applyDefaults(JsonNode value, JsonNode schema, boolean root) {
    if (schema == null) {
      return;
    }
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.get("properties");
      if (properties != null && properties.isObject()) {
        for (Map.Entry<String, JsonNode> property : properties.properties()) {
          if (skipped(root, property.getKey())) {
            continue;
          }
          JsonNode defaultValue = Structural.defaultValue(property.getValue());
          JsonNode current = object.get(property.getKey());
          if (defaultValue != null && (current == null || isNonNullableNull(current, property.getValue()))) {
            object.set(property.getKey(), defaultValue.deepCopy());
          }
        }
      }
      JsonNode additional = Structural.additionalProperties(schema);
      for (String name : Structural.fieldNames(object)) {
        if (skipped(root, name)) {
          continue;
        }
        JsonNode property = Structural.property(schema, name);
        if (property == null && additional != null && isNonNullableNull(object.get(name), additional)
            && Structural.defaultValue(additional) != null) {
          object.set(name, Structural.defaultValue(additional).deepCopy());
        }
        applyDefaults(object.get(name), property != null ? property : additional, false);
      }
    } else if (value instanceof ArrayNode array) {
      JsonNode items = Structural.items(schema);
      for (int i = 0; i < array.size(); i++) {
        if (isNonNullableNull(array.get(i), items) && Structural.defaultValue(items) != null) {
          array.set(i, Structural.defaultValue(items).deepCopy());
        }
        applyDefaults(array.get(i), items, false);
      }
    }
  }

  private static boolean isNonNullableNull(JsonNode value, JsonNode schema) {
    return value.isNull() && schema != null && !Structural.nullable(schema);
  }

}
