package io.machineapi.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Read access to a CRD {@code openAPIV3Schema} node as a structural schema: the parts pruning, defaulting and
 * the structural checks walk ({@code properties}, {@code additionalProperties}, {@code items}) and the
 * {@code x-kubernetes-*} extensions. A {@code null} schema node means "no schema here".
 */
final class Structural {

  static final String PRESERVE_UNKNOWN_FIELDS = "x-kubernetes-preserve-unknown-fields";
  static final String EMBEDDED_RESOURCE = "x-kubernetes-embedded-resource";
  static final String INT_OR_STRING = "x-kubernetes-int-or-string";
  static final String LIST_TYPE = "x-kubernetes-list-type";
  static final String LIST_MAP_KEYS = "x-kubernetes-list-map-keys";

  private Structural() {
  }

  /** @return the schema of property {@code name}, or {@code null} */
  static JsonNode property(JsonNode schema, String name) {
    if (schema == null) {
      return null;
    }
    JsonNode properties = schema.get("properties");
    return properties != null && properties.isObject() ? properties.get(name) : null;
  }

  /** @return the {@code additionalProperties} schema when it is a schema (not a boolean), or {@code null} */
  static JsonNode additionalProperties(JsonNode schema) {
    if (schema == null) {
      return null;
    }
    JsonNode additional = schema.get("additionalProperties");
    return additional != null && additional.isObject() ? additional : null;
  }

  /** @return the schema for a field of an object: its property schema, else the additionalProperties schema */
  static JsonNode fieldSchema(JsonNode schema, String name) {
    JsonNode property = property(schema, name);
    return property != null ? property : additionalProperties(schema);
  }

  /** @return the {@code items} schema, or {@code null} */
  static JsonNode items(JsonNode schema) {
    if (schema == null) {
      return null;
    }
    JsonNode items = schema.get("items");
    return items != null && items.isObject() ? items : null;
  }

  static boolean preservesUnknownFields(JsonNode schema) {
    return flag(schema, PRESERVE_UNKNOWN_FIELDS);
  }

  static boolean embeddedResource(JsonNode schema) {
    return flag(schema, EMBEDDED_RESOURCE);
  }

  static boolean nullable(JsonNode schema) {
    return flag(schema, "nullable");
  }

  /** @return the {@code default} value, or {@code null} when the schema declares none (or {@code null}) */
  static JsonNode defaultValue(JsonNode schema) {
    JsonNode value = schema == null ? null : schema.get("default");
    return value == null || value.isNull() ? null : value;
  }

  /** @return a modifiable snapshot of an object's field names, safe to iterate while removing fields */
  static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>(object.size());
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static boolean flag(JsonNode schema, String name) {
    return schema != null && schema.path(name).asBoolean(false);
  }
}
