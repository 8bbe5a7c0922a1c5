package io.machineapi.apiserver.schema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One validation failure, shaped like k8s.io/apimachinery {@code field.Error}.
 *
 * <p>{@code message} is the full {@code Error()} text, {@code "<path>: <body>"}, e.g.
 * {@code spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0}; it is
 * what goes into the aggregated Status message (see {@link CrdSchemaAdmission#invalidMessage}). For a Status
 * {@code details.causes} entry use {@code reason = type}, {@code field = path}, {@code message = body()}.
 *
 * @param path    the field path ({@code spec.selector}, {@code spec.list[2]}, {@code spec.labels[key]}); Kubernetes
 *                reports composite-schema failures ({@code anyOf}, {@code oneOf}, {@code allOf}, {@code not})
 *                against the path {@code <nil>}, and so does this
 * @param type    the cause type: one of the {@code FIELD_VALUE_*} constants
 * @param message the full message, always starting with {@code path + ": "}
 */
public record FieldError(String path, String type, String message) {

  /** {@code Invalid value}: the value breaks a constraint. */
  public static final String FIELD_VALUE_INVALID = "FieldValueInvalid";
  /** {@code Invalid value} for a value of the wrong JSON type or format. */
  public static final String FIELD_VALUE_TYPE_INVALID = "FieldValueTypeInvalid";
  /** {@code Required value}: a required field is missing. */
  public static final String FIELD_VALUE_REQUIRED = "FieldValueRequired";
  /** {@code Unsupported value}: not one of an enum's values. */
  public static final String FIELD_VALUE_NOT_SUPPORTED = "FieldValueNotSupported";
  /** {@code Duplicate value}: a repeated item of a set or map list. */
  public static final String FIELD_VALUE_DUPLICATE = "FieldValueDuplicate";
  /** {@code Too long}: a string longer than {@code maxLength}. */
  public static final String FIELD_VALUE_TOO_LONG = "FieldValueTooLong";
  /** {@code Too many}: more items or properties than allowed. */
  public static final String FIELD_VALUE_TOO_MANY = "FieldValueTooMany";

  /** Checks that the message starts with the path, which {@link #body()} relies on. */
  public FieldError {
    if (!message.startsWith(path + ": ")) {
      throw new IllegalArgumentException("message must start with the path: " + message);
    }
  }

  /** @return the message without the leading {@code "<path>: "} (Go's {@code ErrorBody()}) */
  public String body() {
    return message.substring(path.length() + 2);
  }

  /**
   * {@code <path>: Required value[: <detail>]}.
   *
   * @param path   the field path
   * @param detail an optional detail, empty for none (schema {@code required} has none)
   * @return the error, type {@link #FIELD_VALUE_REQUIRED}
   */
  public static FieldError required(String path, String detail) {
    return of(path, FIELD_VALUE_REQUIRED, "Required value" + (detail.isEmpty() ? "" : ": " + detail));
  }

  /**
   * {@code <path>: Invalid value: <value>: <detail>}.
   *
   * @param path   the field path
   * @param value  the bad value, already rendered as Kubernetes prints it (see {@link #render(JsonNode)})
   * @param detail what is wrong
   * @return the error, type {@link #FIELD_VALUE_INVALID}
   */
  public static FieldError invalid(String path, String value, String detail) {
    return of(path, FIELD_VALUE_INVALID, "Invalid value: " + value + ": " + detail);
  }

  /**
   * Same text as {@link #invalid(String, String, String)}, for a value of the wrong type.
   *
   * @param path   the field path
   * @param value  the rendered bad value (for schema type errors, the quoted JSON type name)
   * @param detail what is wrong
   * @return the error, type {@link #FIELD_VALUE_TYPE_INVALID}
   */
  public static FieldError typeInvalid(String path, String value, String detail) {
    return of(path, FIELD_VALUE_TYPE_INVALID, "Invalid value: " + value + ": " + detail);
  }

  /**
   * {@code <path>: Unsupported value: <value>: supported values: "a", "b"}.
   *
   * @param path         the field path
   * @param value        the rendered bad value
   * @param quotedValues the supported values, each quoted and joined by {@code ", "}; empty to omit the list
   * @return the error, type {@link #FIELD_VALUE_NOT_SUPPORTED}
   */
  public static FieldError notSupported(String path, String value, String quotedValues) {
    return of(path, FIELD_VALUE_NOT_SUPPORTED, "Unsupported value: " + value
        + (quotedValues.isEmpty() ? "" : ": supported values: " + quotedValues));
  }

  /**
   * {@code <path>: Too long: may not be more than N bytes}.
   *
   * @param path the field path
   * @param max  the maximum length
   * @return the error, type {@link #FIELD_VALUE_TOO_LONG}
   */
  public static FieldError tooLong(String path, long max) {
    return of(path, FIELD_VALUE_TOO_LONG, "Too long: may not be more than " + max + (max == 1 ? " byte" : " bytes"));
  }

  /**
   * {@code <path>: Too many: <actual>: must have at most N items}.
   *
   * @param path   the field path
   * @param actual the number of items or properties present
   * @param max    the maximum
   * @return the error, type {@link #FIELD_VALUE_TOO_MANY}
   */
  public static FieldError tooMany(String path, long actual, long max) {
    return of(path, FIELD_VALUE_TOO_MANY, "Too many: " + actual + ": must have at most " + max
        + (max == 1 ? " item" : " items"));
  }

  /**
   * {@code <path>: Duplicate value: <value>}.
   *
   * @param path  the path of the repeated item ({@code spec.zones[2]})
   * @param value the rendered repeated value
   * @return the error, type {@link #FIELD_VALUE_DUPLICATE}
   */
  public static FieldError duplicate(String path, String value) {
    return of(path, FIELD_VALUE_DUPLICATE, "Duplicate value: " + value);
  }

  /**
   * Renders a JSON value as Kubernetes prints a bad value: strings quoted Go-style ({@code "abc"}), numbers and
   * booleans bare ({@code -1}, {@code 1.5}, {@code true}), {@code null}, objects and arrays as JSON with sorted keys.
   *
   * @param value the value, {@code null} for none
   * @return the rendering
   */
  public static String render(JsonNode value) {
    return GoFormat.value(value);
  }

  private static FieldError of(String path, String type, String body) {
    return new FieldError(path, type, path + ": " + body);
  }
}
