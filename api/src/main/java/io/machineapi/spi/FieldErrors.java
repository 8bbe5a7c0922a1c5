package io.machineapi.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects every problem of a providerSpec before failing, so a user fixes them all in one edit.
 *
 * <pre>{@code
 * FieldErrors errors = FieldErrors.forProviderSpec();
 * errors.check(spec.ami() != null, "ami", "must be set");
 * errors.check(spec.bootSeconds() >= 0, "bootSeconds", "must not be negative");
 * errors.throwIfAny();
 * }</pre>
 * Relative paths are joined to the base with a dot; an index ({@code [0].name}) is joined without one.
 */
public final class FieldErrors {

  /** Path of the provider spec inside the Machine's {@code spec}. */
  public static final String PROVIDER_SPEC_VALUE = "providerSpec.value";

  private final String base;
  private final List<FieldError> errors = new ArrayList<>();

  private FieldErrors(String base) {
    this.base = base;
  }

  /** Errors relative to {@value #PROVIDER_SPEC_VALUE}. */
  public static FieldErrors forProviderSpec() {
    return new FieldErrors(PROVIDER_SPEC_VALUE);
  }

  /** Errors relative to any base path (empty for absolute paths). */
  public static FieldErrors at(String basePath) {
    return new FieldErrors(Objects.requireNonNull(basePath, "basePath"));
  }

  /** Joins a relative path onto a base path. */
  public static String join(String base, String relative) {
    if (base.isEmpty()) {
      return relative;
    }
    if (relative.isEmpty()) {
      return base;
    }
    return relative.startsWith("[") ? base + relative : base + "." + relative;
  }

  /** Records a problem with the field at {@code relativePath}. */
  public FieldErrors add(String relativePath, String message) {
    errors.add(new FieldError(join(base, relativePath), message));
    return this;
  }

  /** Records a problem unless {@code ok}. */
  public FieldErrors check(boolean ok, String relativePath, String message) {
    return ok ? this : add(relativePath, message);
  }

  /** Records a "must be set" problem when {@code value} is null or a blank string. */
  public FieldErrors requireSet(Object value, String relativePath) {
    boolean missing = value == null || (value instanceof String s && s.isBlank());
    return check(!missing, relativePath, "must be set");
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  /** Throws when any problem was recorded. */
  public void throwIfAny() throws InvalidConfigurationException {
    if (!errors.isEmpty()) {
      throw new InvalidConfigurationException(errors);
    }
  }
}
