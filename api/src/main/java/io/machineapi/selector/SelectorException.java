package io.machineapi.selector;

/**
 * A label or field selector that cannot be parsed or is invalid. The message is the text a real API server
 * puts into its {@code 400 BadRequest} Status for the same input (or, for a structured selector, the error of
 * {@code metav1.LabelSelectorAsSelector}).
 */
public final class SelectorException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, in Kubernetes' wording
   */
  public SelectorException(String message) {
    super(message);
  }
}
