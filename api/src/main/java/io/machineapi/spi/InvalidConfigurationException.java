package io.machineapi.spi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The Machine's configuration cannot work, and retrying will not help until someone edits it.
 *
 * <p>Thrown by {@link MachineProvider#decode} (bad or missing fields) and {@link MachineProvider#create}
 * (references the cloud does not know: image, subnet, template, flavor). From those the Machine goes
 * {@code Failed} with {@code errorReason: InvalidConfiguration} and {@link #getMessage()} as {@code errorMessage};
 * a Failed Machine is not reconciled again except for deletion (a MachineHealthCheck, if any, deletes it).
 *
 * <p>Only an error that proves the Machine's own spec wrong is permanent: a field that is missing or malformed, a
 * reference the cloud answers as unknown or malformed. Throttling, 5xx, timeouts, refused credentials or
 * permissions, no capacity, a reached quota and error codes the provider does not know are
 * {@link TransientProviderException}s: they clear, or are fixed outside the Machine, and a replacement Machine
 * would only fail the same way. So providers map cloud errors to this exception from an explicit list, never by
 * default.
 */
public final class InvalidConfigurationException extends ProviderException {

  private final transient List<FieldError> errors;

  /** One or more problems; not empty. */
  public InvalidConfigurationException(List<FieldError> errors) {
    this(errors, null);
  }

  /** One or more problems found while handling {@code cause}; not empty. */
  public InvalidConfigurationException(List<FieldError> errors, Throwable cause) {
    super(join(errors), cause);
    this.errors = List.copyOf(errors);
  }

  /** One problem with one field. */
  public InvalidConfigurationException(String path, String message) {
    this(List.of(new FieldError(path, message)));
  }

  /** The problems, each with its field path. */
  public List<FieldError> errors() {
    return errors;
  }

  private static String join(List<FieldError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("an InvalidConfigurationException needs at least one error");
    }
    return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
  }
}
