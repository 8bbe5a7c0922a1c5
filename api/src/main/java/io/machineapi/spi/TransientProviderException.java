package io.machineapi.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The call failed for a reason that may go away: retry with exponential backoff, phase unchanged.
 *
 * <p>The controller's backoff is never shorter than {@link #minimumBackoff()}; providers set it when the cloud says
 * how long to stay away (a {@code Retry-After}) or when hammering is pointless (capacity and quota errors take
 * minutes to clear). The {@link #reason()} is used in conditions, events and failure metrics.
 */
public final class TransientProviderException extends ProviderException {

  private final Reason reason;
  private final transient Optional<Duration> minimumBackoff;

  /** A failure with no minimum backoff. */
  public TransientProviderException(Reason reason, String message, Throwable cause) {
    this(reason, message, null, cause);
  }

  /**
   * @param reason why it failed
   * @param message what failed, for humans (never include secret values)
   * @param minimumBackoff shortest sensible wait before retrying, or {@code null}
   * @param cause the underlying error, or {@code null}
   */
  public TransientProviderException(Reason reason, String message, Duration minimumBackoff, Throwable cause) {
    super(Objects.requireNonNull(message, "message"), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    if (minimumBackoff != null && minimumBackoff.isNegative()) {
      throw new IllegalArgumentException("minimumBackoff must not be negative: " + minimumBackoff);
    }
    this.minimumBackoff = Optional.ofNullable(minimumBackoff);
  }

  public Reason reason() {
    return reason;
  }

  /** Shortest wait before the next attempt, if the provider knows one. */
  public Optional<Duration> minimumBackoff() {
    return minimumBackoff;
  }

  /** Why a call failed transiently; a small closed set so metrics stay low-cardinality. */
  public enum Reason {
    /** The cloud rate-limited us (EC2 {@code RequestLimitExceeded}, HTTP 429). */
    THROTTLED,
    /** No capacity for the request right now (EC2 {@code InsufficientInstanceCapacity}, no IP left). */
    INSUFFICIENT_CAPACITY,
    /** An account quota or limit is exhausted. */
    QUOTA_EXCEEDED,
    /** The cloud API is unreachable or answered 5xx. */
    CLOUD_UNAVAILABLE,
    /** A cloud-side operation failed (a vSphere task error, an Ironic deploy failure). */
    OPERATION_FAILED,
    /** The cloud refused our credentials or their permissions (EC2 {@code AuthFailure},
     * {@code UnauthorizedOperation}, HTTP 401/403): fixed by rotating or granting, not by editing the Machine. */
    CREDENTIALS,
    /** A concurrent change won (optimistic-lock conflict, a host claimed by someone else). */
    CONFLICT,
    /** Anything else. */
    OTHER
  }
}
