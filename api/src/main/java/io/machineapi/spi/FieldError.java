package io.machineapi.spi;

import java.util.Objects;

/**
 * One problem with a Machine's configuration.
 *
 * @param path the field it concerns, from the Machine's {@code spec}, e.g. {@code providerSpec.value.ami.id};
 *     empty when the problem is not about one field (e.g. "instance was terminated before it was observed")
 * @param message what is wrong, e.g. {@code must be set}
 */
public record FieldError(String path, String message) {

  public FieldError {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    if (message.isBlank()) {
      throw new IllegalArgumentException("message must not be blank");
    }
  }

  /** A problem not tied to a single field. */
  public static FieldError general(String message) {
    return new FieldError("", message);
  }

  /** {@code path: message}, or just the message without a path. */
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
