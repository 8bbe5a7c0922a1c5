package io.machineapi.controllers.machine;

import io.fabric8.kubernetes.api.model.NodeAddress;
import io.machineapi.controllers.provider.ProgressTokenField;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.MachineProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts what a provider reported onto the Machine at once (so a crash right after cannot lose the cloud identity):
 * {@code spec.providerID} (set, never cleared), the instance-type/region/zone labels and the
 * {@value InstanceDetails#INSTANCE_STATE_ANNOTATION} annotation in one metadata write, then addresses and
 * providerStatus (with the progress token) into the status being built.
 */
final class InstanceDetailsWriter {
  private final MachineWriter writer;

  InstanceDetailsWriter(MachineWriter writer) {
    this.writer = writer;
  }

  void apply(MachineScope scope, MachineProvider<?> provider, InstanceDetails details) {
    Map<String, String> annotations = new HashMap<>();
    details.cloudState().ifPresent(s -> annotations.put(InstanceDetails.INSTANCE_STATE_ANNOTATION, s));
    writer.writeMetadata(scope, details.labels().asMachineLabels(), annotations,
        details.providerId().orElse(null));
    List<NodeAddress> addresses = details.addresses().stream()
        .map(a -> new NodeAddress(a.address(), a.type().wireName())).toList();
    if (!addresses.isEmpty() || scope.hasAddresses()) {
      scope.status().setAddresses(addresses.isEmpty() ? null : addresses);
    }
    scope.status().setProviderStatus(ProgressTokenField.merge(scope.status().getProviderStatus(), details,
        provider));
  }
}
