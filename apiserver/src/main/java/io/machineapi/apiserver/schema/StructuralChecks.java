package io.machineapi.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The checks kube-apiserver runs on a custom resource besides JSON-schema validation, each generic over the
 * CRD: {@code x-kubernetes-list-type} {@code set}/{@code map} uniqueness (apiextensions {@code listtype}),
 * {@code apiVersion}/{@code kind} of {@code x-kubernetes-embedded-resource} objects ({@code objectmeta}), and
 * the replica and selector paths of the {@code scale} subresource ({@code ValidateScaleSpec/Status}).
 */
final class StructuralChecks {

  private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final String DNS1035_MESSAGE = "a DNS-1035 label must consist of lower case alphanumeric characters "
      + "or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  "
      + "or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  private static final String UNSPECIFIED = "\u0000unspecified";

  private StructuralChecks() {
  }

  // ---- scale subresource ----

  /**
   * @param object the resource
   * @param scale  the version's {@code subresources.scale}, or {@code null}
   * @return errors for a spec or status replica count that is not an int64 in [0, 2^31-1] and a label selector
   *         that is not a string; paths are the CRD's JSON paths verbatim ({@code .spec.replicas}), as Kubernetes
   */
  static List<FieldError> scale(JsonNode object, JsonNode scale) {
    List<FieldError> errors = new ArrayList<>();
    if (scale == null || !scale.isObject()) {
      return errors;
    }
    for (String key : List.of("specReplicasPath", "statusReplicasPath")) {
      String jsonPath = scale.path(key).asText("");
      JsonNode value = nested(object, jsonPath);
      if (jsonPath.isEmpty() || value == null) {
        continue;
      }
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        errors.add(FieldError.invalid(jsonPath, "0", accessorError(jsonPath, value, "int64")));
      } else if (value.longValue() < 0) {
        errors.add(FieldError.invalid(jsonPath, GoFormat.value(value), "should be a non-negative integer"));
      } else if (value.longValue() > Integer.MAX_VALUE) {
        errors.add(FieldError.invalid(jsonPath, GoFormat.value(value),
            "should be less than or equal to " + Integer.MAX_VALUE));
      }
    }
    String selectorPath = scale.path("labelSelectorPath").asText("");
    JsonNode selector = nested(object, selectorPath);
    if (!selectorPath.isEmpty() && selector != null && !selector.isTextual()) {
      errors.add(FieldError.invalid(selectorPath, "\"\"", accessorError(selectorPath, selector, "string")));
    }
    return errors;
  }

  /** unstructured.NestedFieldNoCopy: {@code null} when a segment is missing or not an object. */
  private static JsonNode nested(JsonNode object, String jsonPath) {
    JsonNode current = object;
    for (String segment : jsonPath.replaceFirst("^\\.", "").split("\\.")) {
      if (current == null || !current.isObject()) {
        return null;
      }
      current = current.get(segment);
    }
    return current;
  }

  /** unstructured's {@code "%v accessor error: %v is of the type %T, expected %s"}. */
  private static String accessorError(String jsonPath, JsonNode value, String expected) {
    String goType;
    if (value.isTextual()) {
      goType = "string";
    } else if (value.isIntegralNumber() && value.canConvertToLong()) {
      goType = "int64";
    } else if (value.isNumber()) {
      goType = "float64";
    } else if (value.isBoolean()) {
      goType = "bool";
    } else if (value.isArray()) {
      goType = "[]interface {}";
    } else if (value.isObject()) {
      goType = "map[string]interface {}";
    } else {
      goType = "<nil>";
    }
    String dotted = jsonPath.startsWith(".") ? jsonPath : "." + jsonPath;
    return dotted + " accessor error: " + GoFormat.plain(value) + " is of the type " + goType + ", expected "
        + expected;
  }

  // ---- embedded resources ----

  /**
   * @return errors for {@code x-kubernetes-embedded-resource} objects (below the root) without a string
   *         {@code apiVersion} and {@code kind}, or with malformed ones
   */
  static List<FieldError> embeddedResources(JsonNode object, JsonNode schema) {
    List<FieldError> errors = new ArrayList<>();
    walkEmbedded(object, schema, "", true, errors);
    return errors;
  }

  private static void walkEmbedded(JsonNode value, JsonNode schema, String path, boolean root,
      List<FieldError> errors) {
    if (schema == null) {
      return;
    }
    if (value.isObject()) {
      if (!root && Structural.embeddedResource(schema)) {
        checkEmbedded((ObjectNode) value, path, errors);
      }
      value.properties().forEach(field -> {
        JsonNode property = Structural.property(schema, field.getKey());
        if (property != null) {
          walkEmbedded(field.getValue(), property, child(path, field.getKey()), false, errors);
        } else if (Structural.additionalProperties(schema) != null) {
          walkEmbedded(field.getValue(), Structural.additionalProperties(schema),
              path + "[" + field.getKey() + "]", false, errors);
        }
      });
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        walkEmbedded(value.get(i), Structural.items(schema), path + "[" + i + "]", false, errors);
      }
    }
  }

  private static void checkEmbedded(ObjectNode resource, String path, List<FieldError> errors) {
    checkTypeMetaField(resource, child(path, "apiVersion"), "apiVersion", errors,
        apiVersion -> apiVersion.split("/", -1).length > 2 ? "unexpected GroupVersion string: " + apiVersion : null);
    checkTypeMetaField(resource, child(path, "kind"), "kind", errors,
        kind -> dns1035Label(kind.toLowerCase(Locale.ROOT)) ? null
            : "may have mixed case, but should otherwise match: " + DNS1035_MESSAGE);
  }

  /** Present, a string, not empty, and then {@code syntax} (which returns a problem or {@code null}). */
  private static void checkTypeMetaField(ObjectNode resource, String path, String field, List<FieldError> errors,
      UnaryOperator<String> syntax) {
    JsonNode value = resource.get(field);
    if (value == null) {
      errors.add(FieldError.required(path, "must not be empty"));
    } else if (!value.isTextual()) {
      errors.add(FieldError.invalid(path, GoFormat.value(value), "must be a string"));
    } else if (value.asText().isEmpty()) {
      errors.add(FieldError.invalid(path, "\"\"", "must not be empty"));
    } else {
      String problem = syntax.apply(value.asText());
      if (problem != null) {
        errors.add(FieldError.invalid(path, GoFormat.value(value), problem));
      }
    }
  }

  private static boolean dns1035Label(String text) {
    return text.length() <= 63 && DNS1035_LABEL.matcher(text).matches();
  }

  // ---- list types ----

  /** @return duplicate errors for {@code set} and {@code map} lists, reported at the later duplicate */
  static List<FieldError> listTypes(JsonNode object, JsonNode schema) {
    List<FieldError> errors = new ArrayList<>();
    walkLists(object, schema, "", errors);
    return errors;
  }

  private static void walkLists(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    if (schema == null) {
      return;
    }
    if (value.isObject()) {
      JsonNode additional = Structural.additionalProperties(schema);
      value.properties().forEach(field -> {
        JsonNode property = Structural.property(schema, field.getKey());
        if (property != null) {
          walkLists(field.getValue(), property, child(path, field.getKey()), errors);
        } else if (additional != null) {
          walkLists(field.getValue(), additional, path + "[" + field.getKey() + "]", errors);
        }
      });
    } else if (value.isArray()) {
      String listType = schema.path(Structural.LIST_TYPE).asText("");
      if ("set".equals(listType)) {
        for (int index : laterDuplicates(elements(value))) {
          errors.add(FieldError.duplicate(path + "[" + index + "]", GoFormat.value(value.get(index))));
        }
      } else if ("map".equals(listType)) {
        checkListMap(value, schema, path, errors);
      }
      for (int i = 0; i < value.size(); i++) {
        walkLists(value.get(i), Structural.items(schema), path + "[" + i + "]", errors);
      }
    }
  }

  private static void checkListMap(JsonNode list, JsonNode schema, String path, List<FieldError> errors) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode element = list.get(i);
      if (!element.isNull() && !element.isObject()) {
        errors.add(FieldError.invalid(path + "[" + i + "]", GoFormat.value(element),
            "must be an object for an array of list-type map"));
        return;
      }
    }
    List<String> keyFields = new ArrayList<>();
    schema.path(Structural.LIST_MAP_KEYS).forEach(key -> keyFields.add(key.asText()));
    List<JsonNode> keys = new ArrayList<>();
    for (JsonNode element : list) {
      ObjectNode key = JsonNodeFactory.instance.objectNode();
      for (String field : keyFields) {
        if (element.has(field)) {
          key.set(field, element.get(field));
        }
      }
      keys.add(key);
    }
    List<JsonNode> compared = keys;
    if (keyFields.size() == 1) {
      // Kubernetes compares the bare key values here, an absent key being distinct from null.
      compared = new ArrayList<>();
      for (JsonNode key : keys) {
        compared.add(key.has(keyFields.get(0)) ? key.get(keyFields.get(0))
            : JsonNodeFactory.instance.textNode(UNSPECIFIED));
      }
    }
    for (int index : laterDuplicates(compared)) {
      errors.add(FieldError.duplicate(path + "[" + index + "]", GoFormat.json(keys.get(index))));
    }
  }

  /** Indexes of the second occurrence of every repeated value (Go's validateListSet). */
  private static List<Integer> laterDuplicates(List<JsonNode> values) {
    Map<String, Integer> seen = new HashMap<>();
    List<Integer> duplicates = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      int times = seen.merge(identity(values.get(i)), 1, Integer::sum);
      if (times == 2) {
        duplicates.add(i);
      }
    }
    return duplicates;
  }

  /** Value identity as Go compares decoded JSON: int64 and float64 differ, compounds by their JSON. */
  private static String identity(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return "i:" + value.longValue();
    }
    if (value.isNumber()) {
      return "f:" + value.doubleValue();
    }
    if (value.isTextual()) {
      return "s:" + value.asText();
    }
    return "j:" + GoFormat.json(value);
  }

  private static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> list = new ArrayList<>(array.size());
    array.forEach(list::add);
    return list;
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
