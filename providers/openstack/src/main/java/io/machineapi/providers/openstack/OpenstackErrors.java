package io.machineapi.providers.openstack;

import io.machineapi.spi.FieldErrors;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import io.machineapi.spi.TransientProviderException.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;

/**
 * OpenStack failures → the SPI's two classes. Permanent ({@link InvalidConfigurationException}) only where the
 * failure proves the spec wrong: a lookup of the spec's flavor, image, network, subnet or security group that finds
 * nothing (reported by the resolver, not here), and a Nova 400 answering the server create whose message names a
 * flavor, image, network, key pair, availability zone, server group, metadata or tags ({@link #specField}). Everything else is
 * transient and names the HTTP status: 401/403 ({@link Reason#CREDENTIALS}; a 403 "Quota exceeded" is
 * {@link Reason#QUOTA_EXCEEDED}), 409 ({@link Reason#CONFLICT}), 413/429 ({@link Reason#THROTTLED} or quota),
 * 5xx, timeouts and connection errors ({@link Reason#CLOUD_UNAVAILABLE}), and any other code
 * ({@link Reason#OTHER}).
 */
final class OpenstackErrors {
  static final Duration CAPACITY_BACKOFF = Duration.ofMinutes(2);
  static final Duration QUOTA_BACKOFF = Duration.ofMinutes(5);
  static final Duration THROTTLE_BACKOFF = Duration.ofSeconds(10);

  private OpenstackErrors() {}

  /** The HTTP status of an OpenStack4j failure, 0 when no response arrived. */
  static int status(Throwable e) {
    if (e instanceof ConnectionException) {
      return 0;
    }
    return e instanceof ResponseException r ? r.getStatus() : 0;
  }

  /**
   * Classifies a failed call.
   *
   * @param what the call, for the message, e.g. {@code Nova GET /servers/detail} (no secrets)
   */
  static ProviderException classify(Throwable e, String what) {
    int status = status(e);
    String message = message(e);
    if (status == 0) {
      boolean timeout = hasCause(e, java.net.SocketTimeoutException.class)
          || hasCause(e, java.io.InterruptedIOException.class);
      return new TransientProviderException(Reason.CLOUD_UNAVAILABLE,
          what + (timeout ? " timed out" : " could not connect") + ": " + message, e);
    }
    return forStatus(status, message, what, e);
  }

  /** Classifies an HTTP answer {@code status} whose body says {@code message}. */
  static TransientProviderException forStatus(int status, String message, String what, Throwable cause) {
    String named = what + " answered HTTP " + status + ": " + message;
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (lower.contains("quota exceeded") || lower.contains("quotaexceeded") || lower.contains("over quota")) {
      return new TransientProviderException(Reason.QUOTA_EXCEEDED, named, QUOTA_BACKOFF, cause);
    }
    if (status == 401 || status == 403) {
      return new TransientProviderException(Reason.CREDENTIALS, named, cause);
    }
    if (status == 409) {
      return new TransientProviderException(Reason.CONFLICT, named, cause);
    }
    if (status == 429 || status == 413) {
      return new TransientProviderException(Reason.THROTTLED, named, THROTTLE_BACKOFF, cause);
    }
    if (status >= 500) {
      return new TransientProviderException(Reason.CLOUD_UNAVAILABLE, named, cause);
    }
    return new TransientProviderException(Reason.OTHER, named, cause);
  }

  /**
   * The spec field a Nova 400 answering the server create names, if its message says the flavor, image, network,
   * key pair, availability zone or server group does not exist or is invalid. Empty for any other 400 (transient).
   */
  static Optional<String> specField(int status, String message) {
    if (status != 400 || message == null) {
      return Optional.empty();
    }
    String m = message.toLowerCase(Locale.ROOT);
    if (m.contains("flavorref") || m.contains("flavor ") && (m.contains("not found") || m.contains("could not"))) {
      return Optional.of("flavor");
    }
    if (m.contains("imageref") || m.contains("image ") && (m.contains("not found") || m.contains("could not"))) {
      return Optional.of("image");
    }
    if (m.contains("network") && (m.contains("not found") || m.contains("could not be found"))) {
      return Optional.of("networks");
    }
    if (m.contains("key_name") || m.contains("keypair") || m.contains("key pair")) {
      return Optional.of("keyName");
    }
    if (m.contains("availability zone") || m.contains("availability_zone")) {
      return Optional.of("availabilityZone");
    }
    if (m.contains("server group") || m.contains("instance group")) {
      return Optional.of("serverGroupID");
    }
    if (m.contains("field/attribute metadata")) {
      return Optional.of("serverMetadata");
    }
    if (m.contains("field/attribute tags")) {
      return Optional.of("tags");
    }
    return Optional.empty();
  }

  /** The failure of the server create: permanent when {@link #specField} names a field, else {@link #classify}. */
  static ProviderException classifyCreate(Throwable e, String what) {
    Optional<String> field = specField(status(e), message(e));
    if (field.isPresent()) {
      return new InvalidConfigurationException(List.of(new io.machineapi.spi.FieldError(
          FieldErrors.join(FieldErrors.PROVIDER_SPEC_VALUE, field.get()),
          "Nova refused the server: " + message(e))), e);
    }
    return classify(e, what);
  }

  /** OpenStack4j's message (the service's error text); never a request body. */
  static String message(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m.length() > 500 ? m.substring(0, 500) + "…" : m;
  }

  private static boolean hasCause(Throwable e, Class<? extends IOException> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
