package io.machineapi.apiserver;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields of a built-in kind's JSON that its fabric8 model class does not declare, found and removed as a
 * real API server's typed decoding drops them. The model class comes from fabric8's kind registry
 * ({@link KubernetesSerialization#getRegisteredKubernetesResource}); the known properties of each class from
 * Jackson's bean introspection, walking the JSON along the declared property types. fabric8 model classes
 * collect unknown properties with {@code @JsonAnySetter}; the walk descends only into such classes that declare
 * properties of their own and have no custom deserializer, so opaque values ({@code FieldsV1}, {@code Quantity},
 * {@code IntOrString}, {@code RawExtension}, {@code JsonNode}, {@code JSONSchemaPropsOrBool}) are left alone.
 * Paths are spelled as kube-apiserver's strict decoder spells them: {@code spec.template.spec.foo},
 * {@code spec.taints[0].foo}.
 */
final class ModelFields {

  private static final KubernetesSerialization REGISTRY = new KubernetesSerialization();
  private static final DeserializationConfig CONFIG = Store.JSON.getDeserializationConfig();
  /** Known JSON properties and their types per model type; an empty map for types not walked into. */
  private static final Map<JavaType, Map<String, JavaType>> PROPERTIES = new ConcurrentHashMap<>();

  private ModelFields() {
  }

  /** The fabric8 model class registered for {@code apiVersion} and {@code kind}, if any. */
  static Optional<Class<?>> modelClass(String apiVersion, String kind) {
    if (apiVersion == null || apiVersion.isEmpty() || kind == null || kind.isEmpty()) {
      return Optional.empty();
    }
    Class<?> type = REGISTRY.getRegisteredKubernetesResource(apiVersion, kind);
    return type == null || properties(CONFIG.constructType(type)).isEmpty() ? Optional.empty() : Optional.of(type);
  }

  /**
   * Removes from {@code value} the fields {@code model} does not declare, recursively.
   *
   * @param value  the JSON value (an object for a model class)
   * @param model  the model class
   * @param prefix the path of {@code value} ({@code ""} for a resource root, {@code metadata} for its metadata)
   * @return the paths of the removed fields, in document order
   */
  static List<String> prune(JsonNode value, Class<?> model, String prefix) {
    List<String> removed = new ArrayList<>();
    prune(value, CONFIG.constructType(model), prefix, removed);
    return removed;
  }

  private static void prune(JsonNode value, JavaType type, String path, List<String> removed) {
    if (value instanceof ObjectNode object) {
      if (type.isMapLikeType()) {
        for (var entry : object.properties()) {
          prune(entry.getValue(), type.getContentType(), child(path, entry.getKey()), removed);
        }
        return;
      }
      Map<String, JavaType> known = properties(type);
      if (known.isEmpty()) {
        return;
      }
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JavaType fieldType = known.get(name);
        if (fieldType == null) {
          removed.add(child(path, name));
          object.remove(name);
        } else {
          prune(object.get(name), fieldType, child(path, name), removed);
        }
      }
    } else if (value instanceof ArrayNode array && (type.isCollectionLikeType() || type.isArrayType())) {
      for (int i = 0; i < array.size(); i++) {
        prune(array.get(i), type.getContentType(), path + "[" + i + "]", removed);
      }
    }
  }

  private static Map<String, JavaType> properties(JavaType type) {
    return PROPERTIES.computeIfAbsent(type, ModelFields::introspect);
  }

  /** The JSON properties of a model class that collects unknown ones; empty for everything else. */
  private static Map<String, JavaType> introspect(JavaType type) {
    if (type.isContainerType() || type.isPrimitive() || type.getRawClass().isInterface()
        || type.getRawClass().getName().startsWith("java.") || JsonNode.class.isAssignableFrom(type.getRawClass())) {
      return Map.of();
    }
    BeanDescription description = CONFIG.introspect(type);
    JsonDeserialize custom = description.getClassAnnotations().get(JsonDeserialize.class);
    JsonIgnoreProperties ignoring = description.getClassAnnotations().get(JsonIgnoreProperties.class);
    if (description.findAnySetterAccessor() == null
        || custom != null && custom.using() != JsonDeserializer.None.class
        || ignoring != null && ignoring.ignoreUnknown()) {
      return Map.of();
    }
    Map<String, JavaType> properties = new HashMap<>();
    for (BeanPropertyDefinition property : description.findProperties()) {
      if (property.couldDeserialize()) {
        properties.put(property.getName(), property.getPrimaryType());
      }
    }
    return Map.copyOf(properties);
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
