package io.machineapi.apiserver;

import static io.machineapi.selector.NameSyntax.isDns1035Label;
import static io.machineapi.selector.NameSyntax.isDns1123Label;
import static io.machineapi.selector.NameSyntax.isDns1123Subdomain;
import static io.machineapi.selector.NameSyntax.isQualifiedName;
import static io.machineapi.selector.NameSyntax.isValidLabelValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.machineapi.apiserver.schema.FieldError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Validation of {@code metadata} as kube-apiserver does it (apimachinery's {@code ValidateObjectMeta} and
 * {@code ValidateObjectMetaUpdate} with the name checks of {@code k8s.io/apimachinery/pkg/util/validation}), with
 * the same messages, e.g. {@code metadata.name: Invalid value: "a_b": a lowercase RFC 1123 subdomain must consist
 * of ...}.
 *
 * <p>Names are DNS-1123 subdomains (at most 253 characters) except for Namespaces (DNS-1123 labels, at most 63),
 * Services (DNS-1035 labels) and RBAC kinds (path segments, so {@code system:...} names pass). A
 * {@code generateName} prefix is checked by the same rule with a trailing {@code -} ignored. Label keys and
 * annotation keys are qualified names, label values at most 63 characters of the same alphabet, and all
 * annotations together at most 256 KiB.
 */
final class ObjectMetaValidation {

  static final int TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

  private static final Set<String> RBAC_KINDS = Set.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding");

  private ObjectMetaValidation() {
  }

  /**
   * The errors of a new object's metadata: name (or generateName), labels, annotations. Name generation must
   * already have happened, as on a real server.
   *
   * @param kind     the object's kind, which decides the name rule
   * @param metadata the object's metadata (missing for none)
   * @return the errors, empty when valid
   */
  static List<FieldError> validateCreate(String kind, JsonNode metadata) {
    BiFunction<String, Boolean, List<String>> nameRule = nameRule(kind);
    List<FieldError> errors = new ArrayList<>();
    String generateName = metadata.path("generateName").asText("");
    if (!generateName.isEmpty()) {
      nameRule.apply(generateName, true)
          .forEach(msg -> errors.add(invalid("metadata.generateName", generateName, msg)));
    }
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      errors.add(FieldError.required("metadata.name", "name or generateName is required"));
    } else {
      nameRule.apply(name, false).forEach(msg -> errors.add(invalid("metadata.name", name, msg)));
    }
    errors.addAll(validateUpdate(metadata));
    return errors;
  }

  /**
   * The errors of an updated object's labels and annotations (its name cannot change on update).
   *
   * @param metadata the new metadata (missing for none)
   * @return the errors, empty when valid
   */
  static List<FieldError> validateUpdate(JsonNode metadata) {
    List<FieldError> errors = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.path("labels").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      isQualifiedName(label.getKey())
          .forEach(msg -> errors.add(invalid("metadata.labels", label.getKey(), msg)));
      String value = label.getValue().asText("");
      isValidLabelValue(value).forEach(msg -> errors.add(invalid("metadata.labels", value, msg)));
    }
    long annotationBytes = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.path("annotations").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> annotation = it.next();
      String key = annotation.getKey();
      // Annotation keys are qualified names in which case does not matter.
      isQualifiedName(key.toLowerCase(Locale.ROOT))
          .forEach(msg -> errors.add(invalid("metadata.annotations", key, msg)));
      annotationBytes += utf8Length(key) + utf8Length(annotation.getValue().asText(""));
    }
    if (annotationBytes > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) {
      errors.add(new FieldError("metadata.annotations", FieldError.FIELD_VALUE_TOO_LONG,
          "metadata.annotations: Too long: must have at most " + TOTAL_ANNOTATION_SIZE_LIMIT_BYTES + " bytes"));
    }
    return errors;
  }

  /** The name rule of a kind: {@code (name, isPrefix) -> messages}. */
  static BiFunction<String, Boolean, List<String>> nameRule(String kind) {
    if ("Namespace".equals(kind)) {
      return (name, prefix) -> isDns1123Label(prefix ? maskTrailingDash(name) : name);
    }
    if ("Service".equals(kind)) {
      return (name, prefix) -> isDns1035Label(prefix ? maskTrailingDash(name) : name);
    }
    if (RBAC_KINDS.contains(kind)) {
      return (name, prefix) -> isValidPathSegmentName(name);
    }
    return (name, prefix) -> isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
  }

  /** A name usable as one URL path segment: not {@code .} or {@code ..}, without {@code /} or {@code %}. */
  static List<String> isValidPathSegmentName(String value) {
    if (value.equals(".") || value.equals("..")) {
      return List.of("may not be '" + value + "'");
    }
    List<String> errors = new ArrayList<>();
    for (String illegal : List.of("/", "%")) {
      if (value.contains(illegal)) {
        errors.add("may not contain '" + illegal + "'");
      }
    }
    return errors;
  }

  /** A generateName prefix may end in '-' (the random suffix follows it): it is checked as if it did not. */
  private static String maskTrailingDash(String name) {
    if (name.length() > 1 && name.endsWith("-")) {
      return name.substring(0, name.length() - 2) + "a";
    }
    return name;
  }

  private static FieldError invalid(String path, String value, String msg) {
    return FieldError.invalid(path, FieldError.render(TextNode.valueOf(value)), msg);
  }

  private static long utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
