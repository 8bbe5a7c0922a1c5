package io.machineapi.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Turns the JSON-schema library's messages into the {@link FieldError}s kube-apiserver produces for the same
 * failure (kube-openapi's messages, converted by apiextensions' {@code kubeOpenAPIResultToFieldErrors}):
 * <ul>
 *   <li>{@code required} → {@code spec.selector: Required value};</li>
 *   <li>{@code type} / {@code format} → {@code Invalid value: "string": spec.x in body must be of type
 *       integer: "string"} (type {@code FieldValueTypeInvalid});</li>
 *   <li>{@code enum} → {@code Unsupported value: "Foo": supported values: "A", "B"};</li>
 *   <li>{@code maxLength} → {@code Too long: ...}; {@code maxItems}/{@code maxProperties} →
 *       {@code Too many: ...};</li>
 *   <li>other constraints → {@code Invalid value: <value>: spec.x in body should ...};</li>
 *   <li>{@code anyOf}/{@code oneOf}/{@code allOf}/{@code not} → kube-openapi's composite error, which Kubernetes
 *       reports as {@code <nil>: Invalid value: "": "spec.x" must validate at least one schema (anyOf)}, followed
 *       by the errors of the closest branch (of the right type, fewest errors) for {@code anyOf} and
 *       {@code oneOf}, or preceded by every branch error for {@code allOf}.</li>
 * </ul>
 */
final class SchemaErrors {

  private static final Set<String> COMPOSITIONS = Set.of("anyOf", "oneOf", "allOf");
  private static final Set<String> STRING_CHECKS = Set.of("maxLength", "minLength", "pattern");
  private static final String NIL_PATH = "<nil>";

  private final JsonNode schema;

  private SchemaErrors(JsonNode schema) {
    this.schema = schema;
  }

  /** A message with what is derived from it once. */
  private record Failure(ValidationMessage message, List<Object> instancePath, List<String> evaluationPath) {

    /** Index of the first {@code anyOf}/{@code oneOf}/{@code allOf} segment with a branch after it, or -1. */
    int compositionIndex() {
      for (int i = 0; i < evaluationPath.size() - 1; i++) {
        if (COMPOSITIONS.contains(evaluationPath.get(i)) && isIndex(evaluationPath.get(i + 1))) {
          return i;
        }
      }
      return -1;
    }

    int branch() {
      return Integer.parseInt(evaluationPath.get(compositionIndex() + 1));
    }

    /** Key of the composition the message sits in: schema location plus instance location. */
    String compositionKey() {
      int index = compositionIndex();
      List<Object> instance = instancePath.subList(0, instanceDepth(evaluationPath, index));
      return String.join("/", evaluationPath.subList(0, index + 1)) + "@" + instance;
    }
  }

  /**
   * @param messages       the library's messages, in its order
   * @param validatedSchema the converted schema they were produced against (to read bounds and types)
   * @return the field errors, in the order kube-apiserver would list them
   */
  static List<FieldError> toFieldErrors(Collection<ValidationMessage> messages, JsonNode validatedSchema) {
    return new SchemaErrors(validatedSchema).convert(messages);
  }

  private List<FieldError> convert(Collection<ValidationMessage> messages) {
    List<Failure> all = new ArrayList<>();
    for (ValidationMessage message : messages) {
      all.add(new Failure(message, elements(message.getInstanceLocation()), names(message.getEvaluationPath())));
    }
    List<Failure> failures = withKubeOpenApiShortCuts(all);
    List<FieldError> errors = new ArrayList<>();
    Set<String> handledCompositions = new HashSet<>();
    for (Failure failure : failures) {
      String type = failure.message().getType();
      if (failure.compositionIndex() >= 0) {
        String key = failure.compositionKey();
        if (handledCompositions.add(key)) {
          errors.addAll(composition(failure, failures, key));
        }
      } else if ("oneOf".equals(type)) {
        String key = String.join("/", failure.evaluationPath()) + "@" + failure.instancePath();
        if (handledCompositions.add(key)) {
          errors.add(oneOfError(failure));
          errors.addAll(bestBranch(failures, key));
        }
      } else if ("not".equals(type)) {
        errors.add(compositeError(failure.instancePath(), "must not validate the schema (not)"));
      } else {
        errors.add(simple(failure));
      }
    }
    return errors;
  }

  /**
   * kube-openapi stops early where the JSON-schema library goes on: a string reports only its first failing
   * check (maxLength, minLength, pattern), and an object with too few or too many properties reports only that,
   * without validating its fields.
   */
  private static List<Failure> withKubeOpenApiShortCuts(List<Failure> failures) {
    Set<List<Object>> sizeFailures = new HashSet<>();
    for (Failure failure : failures) {
      String type = failure.message().getType();
      if ("minProperties".equals(type) || "maxProperties".equals(type)) {
        sizeFailures.add(failure.instancePath());
      }
    }
    Set<String> stringFailures = new HashSet<>();
    List<Failure> kept = new ArrayList<>();
    for (Failure failure : failures) {
      String type = failure.message().getType();
      boolean belowSizeFailure = sizeFailures.stream().anyMatch(object -> isWithin(failure, object, type));
      boolean laterStringCheck = STRING_CHECKS.contains(type)
          && !stringFailures.add(String.join("/", failure.evaluationPath().subList(0,
          failure.evaluationPath().size() - 1)) + "@" + failure.instancePath());
      if (!belowSizeFailure && !laterStringCheck) {
        kept.add(failure);
      }
    }
    return kept;
  }

  private static boolean isWithin(Failure failure, List<Object> object, String type) {
    List<Object> path = failure.instancePath();
    if (path.size() > object.size()) {
      return path.subList(0, object.size()).equals(object);
    }
    return path.equals(object) && ("required".equals(type) || "additionalProperties".equals(type));
  }

  private List<FieldError> composition(Failure first, List<Failure> failures, String key) {
    String keyword = first.evaluationPath().get(first.compositionIndex());
    List<Object> instance = first.instancePath().subList(0,
        instanceDepth(first.evaluationPath(), first.compositionIndex()));
    List<FieldError> errors = new ArrayList<>();
    switch (keyword) {
      case "anyOf" -> {
        errors.add(compositeError(instance, "must validate at least one schema (anyOf)"));
        errors.addAll(bestBranch(failures, key));
      }
      case "oneOf" -> {
        // The library's own oneOf message normally comes first and handles the group; this is a fallback.
        errors.add(compositeError(instance, "must validate one and only one schema (oneOf). Found none valid"));
        errors.addAll(bestBranch(failures, key));
      }
      default -> {
        Set<Integer> failedBranches = new HashSet<>();
        for (Failure failure : failures) {
          if (failure.compositionIndex() >= 0 && failure.compositionKey().equals(key)) {
            errors.add(simple(failure));
            failedBranches.add(failure.branch());
          }
        }
        JsonNode branches = at(first.evaluationPath().subList(0, first.compositionIndex() + 1));
        boolean noneValidated = branches != null && failedBranches.size() == branches.size();
        errors.add(compositeError(instance,
            "must validate all the schemas (allOf)" + (noneValidated ? ". None validated" : "")));
      }
    }
    return errors;
  }

  /** The errors of the failing branch that matched best: right type first, then fewest errors. */
  private List<FieldError> bestBranch(List<Failure> failures, String key) {
    Map<Integer, List<Failure>> byBranch = new LinkedHashMap<>();
    for (Failure failure : failures) {
      if (failure.compositionIndex() >= 0 && failure.compositionKey().equals(key)) {
        byBranch.computeIfAbsent(failure.branch(), branch -> new ArrayList<>()).add(failure);
      }
    }
    // kube-openapi keeps the branch that passed the most checks; a branch of the wrong type passed fewest.
    List<Failure> best = null;
    for (List<Failure> branch : byBranch.values()) {
      if (best == null || mismatch(branch) < mismatch(best)) {
        best = branch;
      }
    }
    List<FieldError> errors = new ArrayList<>();
    if (best != null) {
      best.forEach(failure -> errors.add(simple(failure)));
    }
    return errors;
  }

  /** Orders branches: any type error first, then the number of errors. */
  private static int mismatch(List<Failure> branch) {
    boolean wrongType = branch.stream().anyMatch(failure -> "type".equals(failure.message().getType()));
    return (wrongType ? 1_000_000 : 0) + branch.size();
  }

  private FieldError oneOfError(Failure failure) {
    Object[] arguments = failure.message().getArguments();
    int valid = arguments != null && arguments.length > 0 ? Integer.parseInt(String.valueOf(arguments[0])) : 0;
    String found = valid == 0 ? "Found none valid" : "Found " + valid + " valid alternatives";
    return compositeError(failure.instancePath(), "must validate one and only one schema (oneOf). " + found);
  }

  /** kube-openapi's composite errors are plain errors, which Kubernetes reports at the nil field path. */
  private static FieldError compositeError(List<Object> instancePath, String text) {
    return FieldError.invalid(NIL_PATH, "\"\"", GoFormat.quote(kubePath(instancePath)) + " " + text);
  }

  private FieldError simple(Failure failure) {
    ValidationMessage message = failure.message();
    String path = kubePath(failure.instancePath());
    JsonNode value = message.getInstanceNode();
    JsonNode parent = at(failure.evaluationPath().subList(0, failure.evaluationPath().size() - 1));
    JsonNode keywordValue = message.getSchemaNode();
    String in = path + " in body";
    return switch (message.getType()) {
      case "required" -> FieldError.required(child(path, message.getProperty()), "");
      case "type" -> {
        String actual = jsonType(value);
        yield FieldError.typeInvalid(path, GoFormat.quote(actual),
            in + " must be of type " + declaredTypes(parent) + ": " + GoFormat.quote(actual));
      }
      case "format" -> FieldError.typeInvalid(path, GoFormat.value(value),
          in + " must be of type " + keywordValue.asText() + ": " + GoFormat.value(value));
      case "enum" -> FieldError.notSupported(path, GoFormat.value(value), supportedValues(keywordValue, parent));
      case "pattern" -> FieldError.invalid(path, GoFormat.value(value),
          in + " should match '" + keywordValue.asText() + "'");
      case "minimum" -> FieldError.invalid(path, GoFormat.value(value), in + " should be greater than "
          + (exclusive(parent, "exclusiveMinimum") ? "" : "or equal to ") + GoFormat.bound(keywordValue, value));
      case "maximum" -> FieldError.invalid(path, GoFormat.value(value), in + " should be less than "
          + (exclusive(parent, "exclusiveMaximum") ? "" : "or equal to ") + GoFormat.bound(keywordValue, value));
      case "multipleOf" -> FieldError.invalid(path, GoFormat.value(value),
          in + " should be a multiple of " + GoFormat.bound(keywordValue, value));
      case "minLength" -> FieldError.invalid(path, GoFormat.value(value),
          in + " should be at least " + keywordValue.asLong() + " chars long");
      case "maxLength" -> FieldError.tooLong(path, keywordValue.asLong());
      case "minItems" -> FieldError.invalid(path, Integer.toString(value.size()),
          in + " should have at least " + keywordValue.asLong() + " items");
      case "maxItems" -> FieldError.tooMany(path, value.size(), keywordValue.asLong());
      case "uniqueItems" -> FieldError.invalid(path, "\"\"", in + " shouldn't contain duplicates");
      case "minProperties" -> FieldError.invalid(path, Integer.toString(value.size()),
          in + " should have at least " + keywordValue.asLong() + " properties");
      case "maxProperties" -> FieldError.tooMany(path, value.size(), keywordValue.asLong());
      case "additionalProperties" -> FieldError.invalid(path, GoFormat.quote(String.valueOf(message.getProperty())),
          child(path, String.valueOf(message.getProperty())) + " in body is a forbidden property");
      default -> FieldError.invalid(path, GoFormat.value(value), message.getMessage());
    };
  }

  /** The declared type(s) without the {@code null} that {@code nullable} added, joined like kube-openapi. */
  private static String declaredTypes(JsonNode parent) {
    JsonNode type = parent == null ? null : parent.get("type");
    if (type == null) {
      return "";
    }
    if (type.isTextual()) {
      return type.asText();
    }
    StringJoiner joined = new StringJoiner(",");
    type.forEach(name -> {
      if (!"null".equals(name.asText())) {
        joined.add(name.asText());
      }
    });
    return joined.toString();
  }

  /** Go's {@code NotSupported}: strings quoted as they are, other values as quoted JSON. */
  private static String supportedValues(JsonNode enumeration, JsonNode parent) {
    boolean nullable = parent != null && parent.path("type").isArray()
        && parent.get("type").toString().contains("\"null\"");
    StringJoiner joined = new StringJoiner(", ");
    for (JsonNode allowed : enumeration) {
      if (allowed.isNull() && nullable) {
        continue; // added by the conversion of nullable
      }
      joined.add(GoFormat.quote(allowed.isTextual() ? allowed.asText() : GoFormat.json(allowed)));
    }
    return joined.toString();
  }

  private static boolean exclusive(JsonNode parent, String keyword) {
    return parent != null && parent.path(keyword).asBoolean(false);
  }

  private static String jsonType(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "null";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    return switch (value.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      default -> "object";
    };
  }

  /** The schema node at an evaluation path (no {@code $ref}s, so it is a path into the schema itself). */
  private JsonNode at(List<String> evaluationPath) {
    JsonNode current = schema;
    for (String segment : evaluationPath) {
      if (current == null) {
        return null;
      }
      current = current.isArray() && isIndex(segment) ? current.get(Integer.parseInt(segment)) : current.get(segment);
    }
    return current;
  }

  /** How many instance-path elements the evaluation path consumed before {@code end}. */
  private static int instanceDepth(List<String> evaluationPath, int end) {
    int depth = 0;
    for (int i = 0; i < end; i++) {
      switch (evaluationPath.get(i)) {
        case "properties", "patternProperties" -> {
          depth++;
          i++;
        }
        case "items", "additionalProperties" -> depth++;
        default -> {
          if (COMPOSITIONS.contains(evaluationPath.get(i))) {
            i++;
          }
        }
      }
    }
    return depth;
  }

  /** {@code spec.list[0].name}: object keys joined by dots, array indexes in brackets. */
  static String kubePath(List<Object> instancePath) {
    StringBuilder path = new StringBuilder();
    for (Object element : instancePath) {
      if (element instanceof Integer index) {
        path.append('[').append(index).append(']');
      } else {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(element);
      }
    }
    return path.toString();
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static boolean isIndex(String segment) {
    return !segment.isEmpty() && segment.chars().allMatch(Character::isDigit);
  }

  private static List<Object> elements(JsonNodePath path) {
    List<Object> elements = new ArrayList<>(path.getNameCount());
    for (int i = 0; i < path.getNameCount(); i++) {
      elements.add(path.getElement(i));
    }
    return elements;
  }

  private static List<String> names(JsonNodePath path) {
    List<String> names = new ArrayList<>(path.getNameCount());
    for (int i = 0; i < path.getNameCount(); i++) {
      names.add(String.valueOf(path.getElement(i)));
    }
    return names;
  }
}
