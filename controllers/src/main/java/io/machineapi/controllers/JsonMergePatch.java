package io.machineapi.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The RFC 7386 merge patch that turns one JSON object into another: removed keys become {@code null}, nested objects
 * are diffed recursively, everything else (lists included) is replaced whole. Writing only the difference means a
 * status write never needs a resourceVersion and never overwrites fields another writer owns.
 */
public final class JsonMergePatch {
  private JsonMergePatch() {}

  public static ObjectNode diff(JsonNode from, JsonNode to) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    if (from != null && from.isObject()) {
      Iterator<String> names = from.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!to.has(name) || to.get(name).isNull()) {
          patch.putNull(name);
        }
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = to.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode old = from == null ? null : from.get(field.getKey());
      JsonNode value = field.getValue();
      if (value.isNull() || value.equals(old)) {
        continue;
      }
      if (value.isObject() && old != null && old.isObject()) {
        patch.set(field.getKey(), diff(old, value));
      } else {
        patch.set(field.getKey(), value);
      }
    }
    return patch;
  }
}
