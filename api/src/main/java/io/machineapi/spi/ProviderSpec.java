package io.machineapi.spi;

import java.util.Optional;

/**
 * A provider's decoded and validated {@code spec.providerSpec.value}, produced by {@link MachineProvider#decode}.
 *
 * <p>Providers implement it with their own record (e.g. an {@code AWSMachineProviderConfig} record). The two methods
 * here tell the controller which Secrets to resolve into {@link ResolvedSecrets} before it calls the provider, so
 * that providers never read Kubernetes themselves.
 */
public interface ProviderSpec {

  /**
   * The Secret holding the boot payload (key {@code userData}), e.g. {@code worker-user-data}. Empty when the spec
   * names none (the instance then boots without user data). The controller resolves it for {@code create} only.
   */
  Optional<SecretReference> userDataSecret();

  /**
   * The Secret holding cloud credentials (keys are provider-specific, e.g. {@code aws_access_key_id}). Empty when
   * the provider uses ambient credentials or needs none. The controller resolves it for every call.
   */
  default Optional<SecretReference> credentialsSecret() {
    return Optional.empty();
  }
}
