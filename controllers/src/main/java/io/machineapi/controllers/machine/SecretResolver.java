package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.ResolvedSecrets;
import io.machineapi.spi.SecretContents;
import io.machineapi.spi.SecretReference;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Secrets a provider spec names ({@link ProviderSpec#userDataSecret()} for create,
 * {@link ProviderSpec#credentialsSecret()} for every call), in the Machine's namespace unless the reference names
 * another. Values go only into {@link SecretContents}, whose {@code toString()} prints no values; nothing here logs.
 */
public final class SecretResolver {

  /** A referenced Secret does not exist (yet): transient, the Machine waits and retries. */
  public static final class MissingSecretException extends Exception {
    MissingSecretException(String namespace, String name, String purpose) {
      super(purpose + " Secret " + namespace + "/" + name + " not found");
    }
  }

  private final KubernetesClient client;

  public SecretResolver(KubernetesClient client) {
    this.client = client;
  }

  /**
   * @param withUserData whether to read the user-data Secret (create only)
   */
  public ResolvedSecrets resolve(ProviderSpec spec, String machineNamespace, boolean withUserData)
      throws MissingSecretException {
    ResolvedSecrets secrets = ResolvedSecrets.none();
    Optional<SecretReference> credentials = spec.credentialsSecret();
    if (credentials.isPresent()) {
      secrets = secrets.withCredentialsSecret(read(credentials.get(), machineNamespace, "credentials"));
    }
    Optional<SecretReference> userData = withUserData ? spec.userDataSecret() : Optional.empty();
    if (userData.isPresent()) {
      secrets = secrets.withUserDataSecret(read(userData.get(), machineNamespace, "user-data"));
    }
    return secrets;
  }

  private SecretContents read(SecretReference reference, String machineNamespace, String purpose)
      throws MissingSecretException {
    String namespace = reference.namespaceFor(machineNamespace);
    Secret secret = client.secrets().inNamespace(namespace).withName(reference.name()).get();
    if (secret == null) {
      throw new MissingSecretException(namespace, reference.name(), purpose);
    }
    Map<String, byte[]> data = new HashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v == null ? "" : v)));
    }
    if (secret.getStringData() != null) {
      // API servers (the embedded one too) fold stringData into data on write; an object built by hand may not.
      secret.getStringData().forEach((k, v) -> data.put(k, (v == null ? "" : v).getBytes(StandardCharsets.UTF_8)));
    }
    return new SecretContents(reference.name(), data);
  }
}
