package io.machineapi.controllers.provider;

/**
 * The providers asked for cannot be set up: an unknown name in {@code --provider}, two providers claiming one kind,
 * or a provider refusing its configuration. The message is meant for the person who started the process.
 */
public final class ProviderSelectionException extends IllegalArgumentException {

  public ProviderSelectionException(String message) {
    super(message);
  }

  public ProviderSelectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
