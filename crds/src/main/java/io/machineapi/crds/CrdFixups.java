package io.machineapi.crds;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.LastOperation;
import io.machineapi.api.machine.v1beta1.LifecycleHook;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What fabric8's CRD generator (7.6) cannot express, applied as its post-processor so the output stays generated.
 * The generator takes field descriptions from Jackson's {@code @JsonPropertyDescription}, and {@code required},
 * {@code pattern}, {@code minimum}, lengths and defaults from fabric8's annotations; this class adds:
 * <ol>
 *   <li>Printer columns in the order they are declared on the class (the generator sorts them by name, and kubectl
 *       shows them in CRD order: OpenShift's MachineSet columns are Desired, Current, Ready, Available, Age).</li>
 *   <li>{@code @Pattern} on an int-or-string field (MachineHealthCheck {@code maxUnhealthy}): the generator drops
 *       it; a real API server applies it to the string form.</li>
 *   <li>{@code names.listKind}, and the root's {@code apiVersion}, {@code kind} and {@code metadata} properties.</li>
 *   <li>Descriptions of the root, {@code spec} and {@code status} from the classes' {@code @JsonClassDescription}
 *       (the generator reads property descriptions only).</li>
 *   <li>{@code format}: {@code int32} for {@code Integer} fields, {@code int64} for {@code Long} fields,
 *       {@code date-time} for the timestamps in {@link #DATE_TIME_FIELDS}.</li>
 *   <li>{@code x-kubernetes-list-type} on every list: {@code map} keyed as {@link #LIST_MAP_KEYS} says, else
 *       {@code atomic}.</li>
 *   <li>For the Kubernetes types used inside our types (label selectors, taints, object and owner references, node
 *       addresses), what their schemas have on a Kubernetes server: required fields, {@code x-kubernetes-map-type:
 *       atomic} and descriptions ({@link #KUBERNETES_TYPES}). The model classes carry no annotations to read.</li>
 * </ol>
 */
final class CrdFixups implements CRDPostProcessor {
  /** Element class of a list that is a map, and the fields of an element that form its key. */
  static final Map<Class<?>, List<String>> LIST_MAP_KEYS = Map.of(
      LifecycleHook.class, List.of("name"),
      Condition.class, List.of("type"),
      OwnerReference.class, List.of("uid"));

  /** String fields holding an RFC 3339 timestamp, as {@code Class.field}. */
  static final Set<String> DATE_TIME_FIELDS = Set.of(
      key(Condition.class, "lastTransitionTime"),
      key(MachineStatus.class, "lastUpdated"),
      key(LastOperation.class, "lastUpdated"),
      key(Taint.class, "timeAdded"));

  /** Schema additions for a Kubernetes model type wherever one of our types uses it. */
  record KubernetesType(List<String> required, boolean atomicMap, Map<String, String> descriptions) {}

  static final Map<Class<?>, KubernetesType> KUBERNETES_TYPES = Map.of(
      LabelSelector.class, new KubernetesType(List.of(), true, ordered(
          "matchLabels", "Labels an object must carry, each with exactly this value.",
          "matchExpressions", "More requirements on the labels; an object must meet all of them.")),
      LabelSelectorRequirement.class, new KubernetesType(List.of("key", "operator"), false, ordered(
          "key", "The label key the requirement is about.",
          "operator", "In, NotIn, Exists or DoesNotExist.",
          "values", "The values for In and NotIn (at least one); empty for Exists and DoesNotExist.")),
      Taint.class, new KubernetesType(List.of("effect", "key"), false, ordered(
          "key", "Taint key, e.g. node-role.kubernetes.io/infra.",
          "value", "Taint value.",
          "effect", "What the taint does to pods that do not tolerate it: NoSchedule, PreferNoSchedule or "
              + "NoExecute.",
          "timeAdded", "When the taint was added (RFC 3339); only NoExecute taints have it.")),
      ObjectReference.class, new KubernetesType(List.of(), true, ordered(
          "apiVersion", "API version of the referred object.",
          "kind", "Kind of the referred object.",
          "name", "Name of the referred object.",
          "namespace", "Namespace of the referred object.",
          "uid", "UID of the referred object.",
          "resourceVersion", "Resource version of the referred object, when one version is meant.",
          "fieldPath", "The part of the referred object meant, when it is not the whole object.")),
      OwnerReference.class, new KubernetesType(List.of("apiVersion", "kind", "name", "uid"), true, ordered(
          "apiVersion", "API version of the owner.",
          "kind", "Kind of the owner.",
          "name", "Name of the owner.",
          "uid", "UID of the owner.",
          "controller", "True when the owner is the controller managing this object.",
          "blockOwnerDeletion", "True when a foreground deletion of the owner waits until this object is gone.")),
      NodeAddress.class, new KubernetesType(List.of("address", "type"), false, ordered(
          "type", "Hostname, InternalIP, ExternalIP, InternalDNS or ExternalDNS.",
          "address", "The address.")));

  private final Map<String, Class<? extends HasMetadata>> classesByCrdName;

  CrdFixups(List<Class<? extends HasMetadata>> kinds) {
    this.classesByCrdName = kinds.stream().collect(Collectors.toMap(HasMetadata::getFullResourceName, k -> k));
  }

  @Override
  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
    if (!(crd instanceof CustomResourceDefinition definition)) {
      return crd;
    }
    Class<? extends HasMetadata> kind = classesByCrdName.get(definition.getMetadata().getName());
    if (kind == null) {
      return crd;
    }
    definition.getSpec().getNames().setListKind(definition.getSpec().getNames().getKind() + "List");
    for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
      orderPrinterColumnsAsDeclared(kind, version);
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      root.setDescription(classDescription(kind));
      addTypeMeta(root);
      for (Type part : customResourceTypeArguments(kind)) {
        String property = part == typeArgument(kind, 0) ? "spec" : "status";
        if (part instanceof Class<?> partClass && root.getProperties().containsKey(property)) {
          refineObject(partClass, root.getProperties().get(property));
        }
      }
    }
    return crd;
  }

  private static void orderPrinterColumnsAsDeclared(Class<?> kind, CustomResourceDefinitionVersion version) {
    List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
    if (columns != null) {
      columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
    }
  }

  /** The root properties every Kubernetes object has; the generator leaves them out. */
  private static void addTypeMeta(JSONSchemaProps root) {
    Map<String, JSONSchemaProps> properties = new LinkedHashMap<>();
    properties.put("apiVersion", describedType("string",
        "Versioned schema of this object, e.g. machine.openshift.io/v1beta1."));
    properties.put("kind", describedType("string", "Kind of this object, in CamelCase."));
    properties.put("metadata", describedType("object", "Standard object metadata: name, namespace, labels, "
        + "annotations, owners, finalizers."));
    properties.putAll(root.getProperties());
    root.setProperties(properties);
  }

  private static JSONSchemaProps describedType(String type, String description) {
    JSONSchemaProps props = new JSONSchemaProps();
    props.setType(type);
    props.setDescription(description);
    return props;
  }

  /** Refines {@code schema}, the object schema of {@code type}, and the schemas of its fields, recursively. */
  private static void refineObject(Class<?> type, JSONSchemaProps schema) {
    if (schema == null || schema.getProperties() == null) {
      return;
    }
    if (schema.getDescription() == null) {
      schema.setDescription(classDescription(type));
    }
    KubernetesType known = KUBERNETES_TYPES.get(type);
    if (known != null) {
      if (!known.required().isEmpty()) {
        schema.setRequired(known.required().stream().sorted().toList());
      }
      if (known.atomicMap()) {
        schema.setXKubernetesMapType("atomic");
      }
    }
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      JSONSchemaProps property = schema.getProperties().get(jsonName(field));
      if (property == null) {
        continue;
      }
      if (known != null && property.getDescription() == null) {
        property.setDescription(known.descriptions().get(jsonName(field)));
      }
      refineField(field, property);
    }
  }

  private static void refineField(Field field, JSONSchemaProps property) {
    Class<?> type = field.getType();
    Pattern pattern = field.getAnnotation(Pattern.class);
    if (pattern != null && type == IntOrString.class) {
      property.setPattern(pattern.value());
    } else if (type == Integer.class || type == int.class) {
      property.setFormat("int32");
    } else if (type == Long.class || type == long.class) {
      property.setFormat("int64");
    } else if (DATE_TIME_FIELDS.contains(key(field.getDeclaringClass(), field.getName()))) {
      property.setFormat("date-time");
    } else if (List.class.isAssignableFrom(type)) {
      Class<?> element = field.getGenericType() instanceof ParameterizedType list
          && list.getActualTypeArguments()[0] instanceof Class<?> item ? item : Object.class;
      List<String> keys = LIST_MAP_KEYS.get(element);
      property.setXKubernetesListType(keys == null ? "atomic" : "map");
      property.setXKubernetesListMapKeys(keys);
      if (property.getItems() != null) {
        refineObject(element, property.getItems().getSchema());
      }
    } else {
      refineObject(type, property);
    }
  }

  /** The property name Jackson writes for {@code field}. */
  private static String jsonName(Field field) {
    JsonProperty named = field.getAnnotation(JsonProperty.class);
    return named != null && !named.value().isEmpty() ? named.value() : field.getName();
  }

  private static String classDescription(Class<?> type) {
    JsonClassDescription description = type.getAnnotation(JsonClassDescription.class);
    return description == null ? null : description.value();
  }

  private static String key(Class<?> type, String field) {
    return type.getSimpleName() + "." + field;
  }

  private static Map<String, String> ordered(String... namesAndDescriptions) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndDescriptions.length; i += 2) {
      map.put(namesAndDescriptions[i], namesAndDescriptions[i + 1]);
    }
    return map;
  }

  private static Type[] customResourceTypeArguments(Class<?> kind) {
    return ((ParameterizedType) kind.getGenericSuperclass()).getActualTypeArguments();
  }

  private static Type typeArgument(Class<?> kind, int index) {
    if (!CustomResource.class.isAssignableFrom(kind)) {
      throw new IllegalArgumentException(kind + " is not a CustomResource");
    }
    return customResourceTypeArguments(kind)[index];
  }
}
