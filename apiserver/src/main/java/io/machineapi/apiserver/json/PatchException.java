package io.machineapi.apiserver.json;

/**
 * A patch that cannot be applied. {@link #httpStatus()} is the status a real API server answers for the same
 * failure, so the dispatcher can pass it through unchanged.
 */
public final class PatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The request is malformed ({@code 400 BadRequest}): bad directive syntax, a patch that is not an object. */
  public static final int BAD_REQUEST = 400;
  /** The patch is well formed but cannot be applied ({@code 422 Invalid}): e.g. it contradicts its own directives. */
  public static final int UNPROCESSABLE = 422;
  /**
   * Errors the real server does not classify (a missing merge key, {@code $patch: merge}); Kubernetes answers
   * {@code 500}, which is kept so behaviour matches.
   */
  public static final int INTERNAL = 500;

  private final int httpStatus;

  /**
   * Creates the exception.
   *
   * @param httpStatus one of {@link #BAD_REQUEST}, {@link #UNPROCESSABLE}, {@link #INTERNAL}
   * @param message    the message the real server would put into the Status
   */
  public PatchException(int httpStatus, String message) {
    super(message);
    this.httpStatus = httpStatus;
  }

  /** @return the HTTP status the real API server would answer with */
  public int httpStatus() {
    return httpStatus;
  }
}
