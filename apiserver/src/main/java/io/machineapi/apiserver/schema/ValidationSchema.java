package io.machineapi.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a CRD {@code openAPIV3Schema} (OpenAPI 3.0 flavour with {@code x-kubernetes-*} extensions) into a
 * plain draft-04 JSON schema that the JSON-schema library validates the same way kube-openapi does:
 * <ul>
 *   <li>{@code nullable: true} adds {@code "null"} to the type (and to an enum);</li>
 *   <li>{@code x-kubernetes-int-or-string: true} becomes {@code type: [integer, string]}; a {@code pattern}
 *       then only constrains strings, as in JSON schema;</li>
 *   <li>only the formats whose check matches Kubernetes' are kept ({@code date-time}, {@code date},
 *       {@code ipv4}, {@code ipv6}, {@code uuid}); numeric formats such as {@code int32} are not range-checked
 *       by Kubernetes either, and unknown formats are ignored;</li>
 *   <li>annotations ({@code default}, {@code description}, {@code x-kubernetes-*}, ...) are dropped, and no
 *       {@code additionalProperties: false} is added: unknown fields are pruned before validation;</li>
 *   <li>the root {@code metadata} keeps only its {@code name} and {@code generateName} constraints, the only
 *       ones a structural schema may state;</li>
 *   <li>keywords are emitted in kube-openapi's validator order (type, composition, string, format, number
 *       (multipleOf, minimum, maximum), array (items before minItems, maxItems, uniqueItems), enum, object
 *       (additionalProperties and properties before required)), so errors come out in the same order.</li>
 * </ul>
 */
final class ValidationSchema {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Map<String, String> FORMATS = Map.of(
      "date-time", "date-time", "datetime", "date-time", "date", "date",
      "ipv4", "ipv4", "ipv6", "ipv6", "uuid", "uuid");
  private static final List<String> STRING_KEYWORDS = List.of("maxLength", "minLength", "pattern");
  private static final List<String> NUMBER_KEYWORDS =
      List.of("multipleOf", "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum");
  private static final List<String> ARRAY_KEYWORDS = List.of("minItems", "maxItems", "uniqueItems");
  private static final List<String> OBJECT_KEYWORDS = List.of("minProperties", "maxProperties");
  private static final Set<String> METADATA_CONSTRAINTS = Set.of("name", "generateName");

  private ValidationSchema() {
  }

  /**
   * @param openApiV3Schema the CRD version's schema
   * @return the equivalent JSON schema (a new tree)
   */
  static ObjectNode convert(JsonNode openApiV3Schema) {
    ObjectNode root = node(openApiV3Schema);
    JsonNode metadata = Structural.property(openApiV3Schema, "metadata");
    if (metadata != null) {
      ObjectNode restricted = NODES.objectNode().put("type", "object");
      ObjectNode properties = NODES.objectNode();
      for (String name : METADATA_CONSTRAINTS) {
        JsonNode constraint = Structural.property(metadata, name);
        if (constraint != null) {
          properties.set(name, node(constraint));
        }
      }
      if (!properties.isEmpty()) {
        restricted.set("properties", properties);
      }
      ((ObjectNode) root.get("properties")).set("metadata", restricted);
    }
    return root;
  }

  private static ObjectNode node(JsonNode schema) {
    ObjectNode out = NODES.objectNode();
    boolean nullable = Structural.nullable(schema);
    ArrayNode type = NODES.arrayNode();
    if (schema.path(Structural.INT_OR_STRING).asBoolean(false)) {
      type.add("integer").add("string");
    } else if (schema.path("type").isTextual()) {
      type.add(schema.get("type").asText());
    }
    if (!type.isEmpty()) {
      if (nullable) {
        type.add("null");
      }
      out.set("type", type.size() == 1 ? type.get(0) : type);
    }
    for (String composition : List.of("allOf", "oneOf", "anyOf", "not")) {
      setSubschemas(out, composition, schema.get(composition));
    }
    copy(schema, out, STRING_KEYWORDS);
    String format = FORMATS.get(schema.path("format").asText(""));
    if (format != null) {
      out.put("format", format);
    }
    copy(schema, out, NUMBER_KEYWORDS);
    setSubschemas(out, "items", schema.get("items"));
    copy(schema, out, ARRAY_KEYWORDS);
    JsonNode enumeration = schema.get("enum");
    if (enumeration != null && enumeration.isArray()) {
      ArrayNode values = enumeration.deepCopy();
      if (nullable && !contains(values, NODES.nullNode())) {
        values.addNull();
      }
      out.set("enum", values);
    }
    copy(schema, out, OBJECT_KEYWORDS);
    setSubschemas(out, "additionalProperties", schema.get("additionalProperties"));
    JsonNode properties = schema.get("properties");
    if (properties != null && properties.isObject()) {
      ObjectNode converted = out.putObject("properties");
      properties.properties().forEach(field -> converted.set(field.getKey(), node(field.getValue())));
    }
    if (schema.path("required").isArray() && !schema.get("required").isEmpty()) {
      out.set("required", schema.get("required").deepCopy());
    }
    return out;
  }

  /** Converts a keyword holding a schema, a list of schemas, or a boolean (kept as is). */
  private static void setSubschemas(ObjectNode out, String keyword, JsonNode value) {
    if (value == null) {
      return;
    }
    if (value.isObject()) {
      out.set(keyword, node(value));
    } else if (value.isArray()) {
      ArrayNode converted = out.putArray(keyword);
      value.forEach(schema -> converted.add(node(schema)));
    } else if (value.isBoolean()) {
      out.set(keyword, value);
    }
  }

  private static void copy(JsonNode from, ObjectNode to, List<String> keywords) {
    for (String keyword : keywords) {
      JsonNode value = from.get(keyword);
      if (value != null && !value.isNull()) {
        to.set(keyword, value.deepCopy());
      }
    }
  }

  private static boolean contains(ArrayNode values, JsonNode wanted) {
    for (JsonNode value : values) {
      if (value.equals(wanted)) {
        return true;
      }
    }
    return false;
  }
}
