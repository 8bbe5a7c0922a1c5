package io.machineapi.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * The Secrets a {@link ProviderSpec} names, read by the controller before it calls the provider.
 *
 * <p>The user-data Secret is resolved for {@link MachineProvider#create} only; the credentials Secret for every call.
 * A referenced Secret that does not exist is the controller's problem: it records a condition and retries with
 * backoff instead of calling the provider (the Secret may be created a moment later). A Secret that exists but lacks
 * a key the provider needs is the provider's to report, normally as {@link InvalidConfigurationException}.
 *
 * <p>{@link #toString()} never prints secret values.
 *
 * @param userDataSecret the Secret named by {@link ProviderSpec#userDataSecret()}, if resolved
 * @param credentialsSecret the Secret named by {@link ProviderSpec#credentialsSecret()}, if resolved
 */
public record ResolvedSecrets(Optional<SecretContents> userDataSecret, Optional<SecretContents> credentialsSecret) {

  /** The key of the boot payload in the user-data Secret. */
  public static final String USER_DATA_KEY = "userData";

  private static final ResolvedSecrets NONE = new ResolvedSecrets(Optional.empty(), Optional.empty());

  public ResolvedSecrets {
    Objects.requireNonNull(userDataSecret, "userDataSecret");
    Objects.requireNonNull(credentialsSecret, "credentialsSecret");
  }

  /** No Secrets (the spec names none, or this call does not need them). */
  public static ResolvedSecrets none() {
    return NONE;
  }

  /** The boot payload: key {@value #USER_DATA_KEY} of the user-data Secret, if both exist. */
  public Optional<byte[]> userData() {
    return userDataSecret.flatMap(s -> s.get(USER_DATA_KEY));
  }

  /** A copy of this with the given user-data Secret. */
  public ResolvedSecrets withUserDataSecret(SecretContents secret) {
    return new ResolvedSecrets(Optional.of(secret), credentialsSecret);
  }

  /** A copy of this with the given credentials Secret. */
  public ResolvedSecrets withCredentialsSecret(SecretContents secret) {
    return new ResolvedSecrets(userDataSecret, Optional.of(secret));
  }
}
