package io.machineapi.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Schema admission of custom resources, as kube-apiserver performs it on every write of a CR:
 * <ol>
 *   <li><b>pruning</b> of fields the version's structural schema does not specify
 *       ({@code x-kubernetes-preserve-unknown-fields} keeps unknown fields, the root's {@code apiVersion},
 *       {@code kind} and {@code metadata} are never pruned);</li>
 *   <li><b>defaulting</b> from {@code default:} (non-nullable nulls without default dropped first; a default
 *       applies to an absent field whose parent object exists; defaults nested in defaulted objects apply);</li>
 *   <li><b>validation</b> against the {@code openAPIV3Schema} with the JSON-schema library (see
 *       {@link ValidationSchema} for how OpenAPI and {@code x-kubernetes-*} map to JSON schema), plus the
 *       scale subresource paths, embedded resources and {@code x-kubernetes-list-type} set/map uniqueness.
 *       Errors are worded as the real server's.</li>
 * </ol>
 * Not covered: ObjectMeta validation (name syntax, labels), CEL rules ({@code x-kubernetes-validations}) and
 * validation ratcheting on update.
 *
 * <p>Compiled schemas are cached per (CRD uid and resourceVersion, version), or per schema content when the
 * CRD has no uid; the cache keeps the 64 most recently used. Instances are thread-safe.
 */
public final class CrdSchemaAdmission {

  private static final int CACHE_SIZE = 64;

  /** A version's schema prepared for admission. */
  private record Compiled(JsonNode structural, ObjectNode validationSchema, JsonSchema validator, JsonNode scale) {
  }

  /** Marks a version without schema in the cache. */
  private static final Compiled NO_SCHEMA = new Compiled(null, null, null, null);

  private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
  private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
      .pathType(PathType.JSON_POINTER)
      .formatAssertionsEnabled(true)
      .losslessNarrowing(true) // 1.0 is an integer, as for kube-openapi
      .build();
  private final Map<Object, Compiled> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, Compiled> eldest) {
      return size() > CACHE_SIZE;
    }
  };

  /** Creates an admission with an empty schema cache; share one instance for all custom resources. */
  public CrdSchemaAdmission() {
  }

  /**
   * Prunes, defaults and validates {@code object} against version {@code version} of {@code crd}.
   *
   * @param crd     the CustomResourceDefinition
   * @param version the version name the object is stored as (e.g. {@code v1beta1})
   * @param object  the custom resource, modified in place by pruning and defaulting
   * @return the validation errors and the pruned field paths; no errors and nothing pruned when the version
   *         has no schema
   * @throws IllegalArgumentException if the CRD does not define {@code version}
   */
  public AdmissionResult admit(CustomResourceDefinition crd, String version, ObjectNode object) {
    ObjectMeta metadata = crd.getMetadata();
    String uid = metadata == null ? null : metadata.getUid();
    String resourceVersion = metadata == null ? null : metadata.getResourceVersion();
    return admit(compiled(uid, resourceVersion, () -> Serialization.jsonMapper().valueToTree(crd), version), object);
  }

  /**
   * Same as {@link #admit(CustomResourceDefinition, String, ObjectNode)} for a CRD in its JSON form.
   *
   * @param crd     the CustomResourceDefinition as JSON
   * @param version the version name
   * @param object  the custom resource, modified in place
   * @return the result
   * @throws IllegalArgumentException if the CRD does not define {@code version}
   */
  public AdmissionResult admit(JsonNode crd, String version, ObjectNode object) {
    return admit(compiled(crd, version), object);
  }

  /**
   * Prunes {@code object} as {@link #admit(JsonNode, String, ObjectNode)} does, without defaulting or validating.
   *
   * @param crd     the CustomResourceDefinition as JSON
   * @param version the version name
   * @param object  the custom resource, modified in place
   * @return the paths of the pruned fields, sorted as kube-apiserver reports unknown fields
   * @throws IllegalArgumentException if the CRD does not define {@code version}
   */
  public List<String> pruneUnknownFields(JsonNode crd, String version, ObjectNode object) {
    Compiled compiled = compiled(crd, version);
    if (compiled == NO_SCHEMA) {
      return List.of();
    }
    return StructuralPruning.prune(object, compiled.structural()).stream().sorted().toList();
  }

  /**
   * Prunes and defaults {@code object} as {@link #admit(JsonNode, String, ObjectNode)} does, without validating
   * (what decoding a custom resource does, before mutating admission).
   *
   * @param crd     the CustomResourceDefinition as JSON
   * @param version the version name
   * @param object  the custom resource, modified in place
   * @throws IllegalArgumentException if the CRD does not define {@code version}
   */
  public void pruneAndDefault(JsonNode crd, String version, ObjectNode object) {
    Compiled compiled = compiled(crd, version);
    if (compiled != NO_SCHEMA) {
      StructuralPruning.prune(object, compiled.structural());
      StructuralDefaulting.apply(object, compiled.structural());
    }
  }

  /**
   * The Status message of a rejected write, as {@code apierrors.NewInvalid} builds it:
   * {@code MachineSet.machine.openshift.io "workers" is invalid: [e1, e2]}, without brackets for a single
   * (distinct) error and without the colon part when there are no errors.
   *
   * @param kind   the kind, e.g. {@code MachineSet}
   * @param group  the API group, e.g. {@code machine.openshift.io}; empty for the core group
   * @param name   the object's name
   * @param errors the errors, duplicates (same message) are listed once
   * @return the message
   */
  public static String invalidMessage(String kind, String group, String name, List<FieldError> errors) {
    String groupKind = group == null || group.isEmpty() ? kind : kind + "." + group;
    String prefix = groupKind + " " + GoFormat.quote(name) + " is invalid";
    Set<String> messages = new LinkedHashSet<>();
    errors.forEach(error -> messages.add(error.message()));
    if (messages.isEmpty()) {
      return prefix;
    }
    String joined = String.join(", ", messages);
    return prefix + ": " + (messages.size() == 1 ? joined : "[" + joined + "]");
  }

  private AdmissionResult admit(Compiled compiled, ObjectNode object) {
    if (compiled == NO_SCHEMA) {
      return new AdmissionResult(List.of(), List.of());
    }
    List<String> pruned = StructuralPruning.prune(object, compiled.structural());
    StructuralDefaulting.apply(object, compiled.structural());
    List<FieldError> errors = new ArrayList<>(
        SchemaErrors.toFieldErrors(compiled.validator().validate(object), compiled.validationSchema()));
    errors.addAll(StructuralChecks.scale(object, compiled.scale()));
    errors.addAll(StructuralChecks.embeddedResources(object, compiled.structural()));
    errors.addAll(StructuralChecks.listTypes(object, compiled.structural()));
    return new AdmissionResult(errors, pruned);
  }

  private Compiled compiled(JsonNode crd, String version) {
    JsonNode metadata = crd.path("metadata");
    return compiled(metadata.path("uid").asText(null), metadata.path("resourceVersion").asText(null), () -> crd,
        version);
  }

  private Compiled compiled(String uid, String resourceVersion, Supplier<JsonNode> crdSupplier, String version) {
    boolean identified = uid != null && !uid.isEmpty();
    JsonNode crd = identified ? null : crdSupplier.get();
    Object key = identified
        ? List.of("uid", uid, String.valueOf(resourceVersion), version)
        : List.of(versionNode(crd, version), version);
    synchronized (cache) {
      Compiled cached = cache.get(key);
      if (cached != null) {
        return cached;
      }
    }
    JsonNode versionNode = versionNode(crd == null ? crdSupplier.get() : crd, version);
    Compiled compiled = compile(versionNode);
    synchronized (cache) {
      cache.put(key, compiled);
    }
    return compiled;
  }

  private static JsonNode versionNode(JsonNode crd, String version) {
    for (JsonNode candidate : crd.path("spec").path("versions")) {
      if (version.equals(candidate.path("name").asText())) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("CustomResourceDefinition " + crd.path("metadata").path("name").asText()
        + " has no version " + version);
  }

  private Compiled compile(JsonNode versionNode) {
    JsonNode schema = versionNode.path("schema").path("openAPIV3Schema");
    if (!schema.isObject()) {
      return NO_SCHEMA;
    }
    ObjectNode validationSchema = ValidationSchema.convert(schema);
    JsonSchema validator = factory.getSchema(validationSchema, config);
    JsonNode scale = versionNode.path("subresources").path("scale");
    return new Compiled(schema.deepCopy(), validationSchema, validator, scale.isObject() ? scale.deepCopy() : null);
  }
}
