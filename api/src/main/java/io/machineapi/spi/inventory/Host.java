package io.machineapi.spi.inventory;

import io.machineapi.spi.MachineAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A host as the inventory currently sees it.
 *
 * @param id identity
 * @param provisioningState e.g. {@code available}, {@code provisioning}, {@code provisioned},
 *     {@code deprovisioning}
 * @param poweredOn whether the host reports power on
 * @param errorMessage the host operator's error, if any
 * @param addresses NIC IPs as {@code InternalIP}, host name as {@code Hostname} and {@code InternalDNS}
 * @param consumerUid the Machine UID that claimed it, if any
 * @param labels the host's labels (what {@link HostSelector}s match)
 */
public record Host(HostId id, String provisioningState, boolean poweredOn, Optional<String> errorMessage,
    List<MachineAddress> addresses, Optional<String> consumerUid, Map<String, String> labels) {

  public Host {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provisioningState, "provisioningState");
    errorMessage = Objects.requireNonNull(errorMessage, "errorMessage").filter(s -> !s.isBlank());
    addresses = List.copyOf(addresses);
    consumerUid = Objects.requireNonNull(consumerUid, "consumerUid").filter(s -> !s.isBlank());
    labels = Map.copyOf(labels);
  }
}
