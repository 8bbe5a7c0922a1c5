package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.api.model.NodeAddress;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import io.machineapi.controllers.provider.ProgressTokenField;
import io.machineapi.spi.MachineAddress;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ResolvedSecrets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link MachineContext} a provider sees from what the Machine currently says. */
final class MachineContexts {
  private MachineContexts() {}

  static MachineContext of(MachineScope scope, MachineProvider<?> provider, ResolvedSecrets secrets) {
    MachineStatus status = scope.status();
    MachineContext.Builder builder = MachineContext.builder(scope.namespace(), scope.name(), scope.uid(),
            clusterId(scope))
        .labels(scope.labels())
        .annotations(scope.annotations())
        .providerId(scope.providerId())
        .addresses(addresses(status.getAddresses()))
        .providerStatus(status.getProviderStatus())
        .secrets(secrets);
    ProgressTokenField.read(status.getProviderStatus(), provider).ifPresent(builder::progressToken);
    if (status.getLastUpdated() != null) {
      try {
        builder.lastUpdated(Instant.parse(status.getLastUpdated()));
      } catch (DateTimeParseException e) {
        // A hand-edited timestamp is not worth failing a provider call over.
      }
    }
    return builder.build();
  }

  /**
   * The cluster id label. Validation refuses to create without it; during deletion a Machine whose label was removed
   * later must still be deletable (providers find instances by UID), so a placeholder stands in.
   */
  private static String clusterId(MachineScope scope) {
    String id = scope.labels().get(MachineContext.CLUSTER_ID_LABEL);
    return id == null || id.isBlank() ? UNKNOWN_CLUSTER : id;
  }

  static final String UNKNOWN_CLUSTER = "unknown";

  private static List<MachineAddress> addresses(List<NodeAddress> addresses) {
    List<MachineAddress> result = new ArrayList<>();
    if (addresses != null) {
      for (NodeAddress a : addresses) {
        if (a.getAddress() == null || a.getAddress().isBlank()) {
          continue;
        }
        try {
          result.add(new MachineAddress(MachineAddress.Type.fromWireName(a.getType()), a.getAddress()));
        } catch (IllegalArgumentException unknownType) {
          // Addresses of a type the SPI does not know are not handed to providers.
        }
      }
    }
    return result;
  }
}
