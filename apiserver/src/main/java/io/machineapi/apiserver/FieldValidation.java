package io.machineapi.apiserver;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.mockwebserver.http.MockResponse;
import io.machineapi.apiserver.schema.CrdSchemaAdmission;
import io.machineapi.apiserver.schema.FieldError;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code fieldValidation} query parameter of one write, as kube-apiserver implements it: unknown fields (those
 * the CRD's structural schema prunes, or the built-in kind's model does not declare, {@code metadata} included)
 * and duplicate fields of the JSON body are
 * <ul>
 *   <li>{@code Strict}: refused with 400 BadRequest, nothing stored — on create and update
 *       {@code Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field
 *       "spec.replica", unknown field "spec.foo"}, on patch {@code strict decoding error: ...};</li>
 *   <li>{@code Warn} (the default when the parameter is absent, which is what fabric8 sends): dropped, and each one
 *       reported in a {@code Warning: 299 - "unknown field \"spec.replica\""} response header;</li>
 *   <li>{@code Ignore}: dropped silently.</li>
 * </ul>
 * Another value answers 422, as kube-apiserver validates {@code CreateOptions}/{@code UpdateOptions}/
 * {@code PatchOptions}. A patch is judged on its result (unknown fields) and on its body (duplicate fields), as
 * kube-apiserver's patch handler does. Reads and deletes decode no object and ignore the parameter.
 */
final class FieldValidation {

  /** What to do with unknown and duplicate fields. */
  enum Directive {
    IGNORE, WARN, STRICT
  }

  private static final String SUPPORTED = "\"\", \"Ignore\", \"Strict\", \"Warn\"";

  private final Directive directive;
  private final Admission admission;
  private final Set<String> warnings = new LinkedHashSet<>();

  private FieldValidation(Directive directive, Admission admission) {
    this.directive = directive;
    this.admission = admission;
  }

  /**
   * The directive of {@code request}; 422 for a value other than {@code Strict}, {@code Warn}, {@code Ignore} or
   * empty.
   *
   * @param admission finds the unknown fields of custom resources (their CRD's pruning)
   */
  static FieldValidation of(ApiRequest request, Admission admission) {
    String options = switch (request.method()) {
      case "POST" -> "CreateOptions";
      case "PUT" -> "UpdateOptions";
      case "PATCH" -> "PatchOptions";
      default -> null;
    };
    if (options == null) {
      return new FieldValidation(Directive.IGNORE, admission);
    }
    String value = request.queryParam("fieldValidation");
    Directive directive = switch (value) {
      case "", "Warn" -> Directive.WARN;
      case "Strict" -> Directive.STRICT;
      case "Ignore" -> Directive.IGNORE;
      default -> throw new ApiException(unsupported(options, value));
    };
    return new FieldValidation(directive, admission);
  }

  Directive directive() {
    return directive;
  }

  /**
   * Checks a create or update body (main resource or {@code /status}) and drops its unknown fields.
   *
   * @param type the addressed resource type; null for a built-in kind the catalog does not list (its model class
   *     is then looked up by the body's apiVersion and kind)
   * @param body the parsed body, modified in place
   * @param raw  the body as sent, for duplicate fields
   * @return {@code body}
   */
  ObjectNode decoded(ResourceType type, ObjectNode body, byte[] raw) {
    List<String> problems = problems(raw, "", type, body);
    if (!problems.isEmpty() && directive == Directive.STRICT) {
      String bodyKind = body.path("kind").asText("");
      String apiVersion = body.path("apiVersion").asText("");
      String kind = bodyKind.isEmpty() && type != null ? type.kind() : bodyKind;
      String version = apiVersion.isEmpty() && type != null ? type.version()
          : apiVersion.substring(apiVersion.indexOf('/') + 1);
      throw new ApiException(Statuses.badRequest(kind + " in version " + quote(version) + " cannot be handled as a "
          + (type != null ? type.kind() : kind) + ": " + strictError(problems)));
    }
    return body;
  }

  /**
   * Checks a patch: duplicate fields of its body (JSON bodies: merge, strategic merge and JSON patches) and unknown
   * fields of the patched object, which are dropped.
   *
   * @param type      the resource type, null as in {@link #decoded}
   * @param patched   the patched object, modified in place
   * @param patchType the patch's media type
   * @param raw       the patch body as sent
   * @return {@code patched}
   */
  ObjectNode patched(ResourceType type, ObjectNode patched, Patches.Type patchType, byte[] raw) {
    String duplicatesPrefix = patchType == Patches.Type.JSON_PATCH ? "json patch " : "";
    List<String> problems = problems(patchType == Patches.Type.APPLY ? null : raw, duplicatesPrefix, type, patched);
    if (!problems.isEmpty() && directive == Directive.STRICT) {
      throw new ApiException(Statuses.badRequest(strictError(problems)));
    }
    return patched;
  }

  /** Adds one {@code Warning} header per reported field to {@code response}, as kube-apiserver words them. */
  MockResponse withWarnings(MockResponse response) {
    return withWarnings(response, warnings);
  }

  /** Adds one {@code Warning: 299 - "..."} header per warning to {@code response}, as kube-apiserver writes them. */
  static MockResponse withWarnings(MockResponse response, java.util.Collection<String> warnings) {
    for (String warning : warnings) {
      response.addHeader("Warning", "299 - \"" + warning.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return response;
  }

  /** The duplicate and unknown fields, duplicates first (unknown fields are dropped from {@code object}). */
  private List<String> problems(byte[] raw, String duplicatesPrefix, ResourceType type, ObjectNode object) {
    List<String> problems = new ArrayList<>();
    if (directive != Directive.IGNORE && raw != null) {
      duplicateFields(raw).forEach(path -> problems.add(duplicatesPrefix + "duplicate field " + quote(path)));
    }
    unknownFields(type, object).forEach(path -> problems.add("unknown field " + quote(path)));
    if (directive == Directive.WARN) {
      warnings.addAll(problems);
    }
    return directive == Directive.IGNORE ? List.of() : problems;
  }

  /**
   * Drops the unknown fields of {@code object} and returns their paths: for a custom resource those its CRD's
   * structural schema prunes (sorted), then unknown fields of {@code metadata}; for a built-in kind those its
   * fabric8 model class does not declare (document order).
   */
  private List<String> unknownFields(ResourceType type, ObjectNode object) {
    if (type != null && type.custom()) {
      List<String> unknown = new ArrayList<>(admission.pruneUnknownFields(type, object));
      JsonNode metadata = object.get("metadata");
      if (metadata != null && metadata.isObject()) {
        unknown.addAll(ModelFields.prune(metadata, ObjectMeta.class, "metadata"));
      }
      return unknown;
    }
    String apiVersion = type != null ? type.apiVersion() : object.path("apiVersion").asText("");
    String kind = type != null ? type.kind() : object.path("kind").asText("");
    return ModelFields.modelClass(apiVersion, kind).map(model -> ModelFields.prune(object, model, ""))
        .orElse(List.of());
  }

  /**
   * The paths of the fields a JSON document repeats within one object ({@code spec.replicas},
   * {@code spec.list[0].name}); empty when the document is not well-formed JSON (parsing reports that).
   */
  static List<String> duplicateFields(byte[] json) {
    List<String> duplicates = new ArrayList<>();
    record Frame(String path, boolean object, Set<String> names, String[] field, int[] index) {
    }
    Deque<Frame> stack = new ArrayDeque<>();
    try (JsonParser parser = Store.JSON.getFactory().createParser(json)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.FIELD_NAME) {
          Frame frame = stack.peek();
          String name = parser.currentName();
          frame.field()[0] = name;
          if (!frame.names().add(name)) {
            duplicates.add(child(frame.path(), name));
          }
          continue;
        }
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          stack.pop();
          continue;
        }
        Frame parent = stack.peek();
        String path = parent == null ? "" : parent.object() ? child(parent.path(), parent.field()[0])
            : parent.path() + "[" + parent.index()[0]++ + "]";
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          stack.push(new Frame(path, token == JsonToken.START_OBJECT, new HashSet<>(), new String[1], new int[1]));
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return duplicates;
  }

  private static String strictError(List<String> problems) {
    return "strict decoding error: " + String.join(", ", problems);
  }

  private static Status unsupported(String options, String value) {
    FieldError error = FieldError.notSupported("fieldValidation", quote(value), SUPPORTED);
    return Statuses.failure(422, "Invalid", CrdSchemaAdmission.invalidMessage(options, "meta.k8s.io", "",
        List.of(error)), "meta.k8s.io", options, "", List.of(new StatusCauseBuilder().withReason(error.type())
        .withMessage(error.body()).withField(error.path()).build()));
  }

  /** Go's {@code %q}. */
  private static String quote(String text) {
    return FieldError.render(TextNode.valueOf(text));
  }

  private static String child(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
