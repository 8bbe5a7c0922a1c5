package io.machineapi.spi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Binds a raw {@code providerSpec.value} to a provider's spec class (a record, usually) with Jackson, turning every
 * binding problem into an {@link InvalidConfigurationException} whose path names the offending field
 * ({@code providerSpec.value.blockDevices[0].ebs.volumeSize: expected an integer, got "big"}).
 *
 * <p>The type header ({@code apiVersion}, {@code kind}, {@code metadata}) is removed before binding: the kind has
 * already chosen the provider, so spec classes need not declare it. Validation of values (required fields, ranges)
 * is the provider's, typically with {@link FieldErrors} after binding. Instances are immutable and thread-safe.
 */
public final class SpecDecoder {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> TYPE_HEADER = List.of("apiVersion", "kind", "metadata");

  private final ObjectReader reader;

  private SpecDecoder(boolean failOnUnknown) {
    ObjectReader base = MAPPER.reader()
        .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .with(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
    this.reader = failOnUnknown
        ? base.with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        : base.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** Rejects unknown fields (catches typos in a providerSpec). */
  public static SpecDecoder strict() {
    return new SpecDecoder(true);
  }

  /** Ignores unknown fields (the cloud providers' rule; tolerates fields from newer API versions). */
  public static SpecDecoder lenient() {
    return new SpecDecoder(false);
  }

  /**
   * Binds {@code providerSpecValue} to {@code type}.
   *
   * @throws InvalidConfigurationException when the value is missing, not an object, or does not bind
   */
  public <T> T decode(JsonNode providerSpecValue, Class<T> type) throws InvalidConfigurationException {
    if (providerSpecValue == null || providerSpecValue.isNull() || providerSpecValue.isMissingNode()) {
      throw new InvalidConfigurationException(FieldErrors.PROVIDER_SPEC_VALUE, "must be set");
    }
    if (!providerSpecValue.isObject()) {
      throw new InvalidConfigurationException(FieldErrors.PROVIDER_SPEC_VALUE,
          "must be an object, got " + describe(providerSpecValue));
    }
    ObjectNode body = ((ObjectNode) providerSpecValue).deepCopy();
    body.remove(TYPE_HEADER);
    try {
      return reader.forType(type).readValue(body);
    } catch (JsonMappingException e) {
      throw new InvalidConfigurationException(
          List.of(new FieldError(FieldErrors.join(FieldErrors.PROVIDER_SPEC_VALUE, pathOf(e)), messageOf(e))), e);
    } catch (java.io.IOException e) {
      // Reading from a tree never does I/O; anything else is a parse problem of the whole value.
      throw new InvalidConfigurationException(List.of(new FieldError(FieldErrors.PROVIDER_SPEC_VALUE,
          e.getMessage() == null ? "cannot be read" : e.getMessage())), e);
    }
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String messageOf(JsonMappingException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown field";
    }
    if (e instanceof InvalidFormatException f) {
      return "expected " + typeName(f.getTargetType()) + ", got " + quoted(f.getValue());
    }
    if (e instanceof ValueInstantiationException v && v.getCause() != null && v.getCause().getMessage() != null) {
      return v.getCause().getMessage();
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return "expected " + typeName(m.getTargetType());
    }
    String original = e.getOriginalMessage();
    return original == null ? "cannot be read" : original;
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class) {
      return "an integer";
    }
    if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      StringBuilder values = new StringBuilder("one of ");
      Object[] constants = type.getEnumConstants();
      for (int i = 0; i < constants.length; i++) {
        values.append(i == 0 ? "" : ", ").append(constants[i]);
      }
      return values.toString();
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "a " + type.getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static String quoted(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  private static String describe(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
