package io.machineapi.spi;

/**
 * A provider call failed. Exactly two kinds exist, and they decide what happens to the Machine:
 * <ul>
 *   <li>{@link InvalidConfigurationException}: permanent; on decode/create the Machine goes {@code Failed};</li>
 *   <li>{@link TransientProviderException}: retried with backoff; the phase is unchanged.</li>
 * </ul>
 * Waiting is not a failure and is returned as {@link NotYet}, never thrown.
 */
public abstract sealed class ProviderException extends Exception
    permits InvalidConfigurationException, TransientProviderException {

  protected ProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
