package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * What a real API server does to built-in kinds on every create and update before storing them: a Secret's
 * {@code data} is decoded (line breaks allowed, as kustomize wraps long values; anything else not base64 is a bad
 * request) and stored canonically, its write-only {@code stringData} is folded into {@code data} (winning over a
 * {@code data} key of the same name) and its {@code type} defaults to {@code Opaque}; a new Namespace is
 * {@code Active} with the {@code kubernetes} finalizer ({@link Namespaces#defaults}).
 */
final class BuiltinDefaults {

  private BuiltinDefaults() {
  }

  /** Applies the defaults of {@code type} (null or a custom type: none) to {@code object} in place. */
  static void apply(ResourceType type, ObjectNode object, boolean create) {
    if (type == null || type.custom() || !type.group().isEmpty()) {
      return;
    }
    switch (type.kind()) {
      case "Secret" -> secret(object);
      case "Namespace" -> {
        if (create) {
          Namespaces.defaults(object, null);
        }
      }
      default -> {
        // no defaults
      }
    }
  }

  private static void secret(ObjectNode secret) {
    if (secret.get("data") instanceof ObjectNode data) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = data.fields(); fields.hasNext();) {
        Map.Entry<String, JsonNode> field = fields.next();
        String value = field.getValue().asText("").replace("\r", "").replace("\n", "");
        try {
          field.setValue(data.textNode(Base64.getEncoder().encodeToString(Base64.getDecoder().decode(value))));
        } catch (IllegalArgumentException e) {
          throw new ApiException(Statuses.badRequest("Secret data[" + field.getKey() + "]: illegal base64 data: "
              + e.getMessage()));
        }
      }
    }
    JsonNode stringData = secret.remove("stringData");
    if (stringData instanceof ObjectNode strings && !strings.isEmpty()) {
      ObjectNode data = secret.get("data") instanceof ObjectNode existing ? existing : secret.putObject("data");
      for (Iterator<Map.Entry<String, JsonNode>> fields = strings.fields(); fields.hasNext();) {
        Map.Entry<String, JsonNode> field = fields.next();
        data.put(field.getKey(), Base64.getEncoder().encodeToString(
            field.getValue().asText("").getBytes(StandardCharsets.UTF_8)));
      }
    }
    if (secret.path("type").asText("").isEmpty()) {
      secret.put("type", "Opaque");
    }
  }
}
