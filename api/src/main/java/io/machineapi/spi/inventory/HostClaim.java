package io.machineapi.spi.inventory;

import java.util.Objects;

/**
 * A request to claim a host for a Machine and deploy it.
 *
 * @param namespace where to look for hosts (the Machine's namespace)
 * @param consumerName the Machine's name (recorded on the host for humans)
 * @param consumerUid the Machine's UID (the claim's identity)
 * @param selector which hosts qualify
 * @param deployment what to deploy on the claimed host
 */
public record HostClaim(String namespace, String consumerName, String consumerUid, HostSelector selector,
    HostDeployment deployment) {

  public HostClaim {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(consumerName, "consumerName");
    Objects.requireNonNull(consumerUid, "consumerUid");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(deployment, "deployment");
  }
}
