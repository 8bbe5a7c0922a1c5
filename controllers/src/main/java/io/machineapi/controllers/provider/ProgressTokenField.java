package io.machineapi.controllers.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.machineapi.spi.InstanceDetails;
import io.machineapi.spi.MachineProvider;
import java.util.Optional;

/**
 * Where the controller keeps a provider's progress token: at {@code status.providerStatus.<field>}, the field
 * being {@link MachineProvider#progressTokenField()} (vSphere's {@code taskRef}, else {@code progressToken}).
 * Keeping it in status means a restarted controller resumes a vSphere task or an Ironic deploy instead of starting
 * another.
 */
public final class ProgressTokenField {

  private ProgressTokenField() {}

  /** The stored token, for {@code MachineContext.progressToken}. */
  public static Optional<String> read(JsonNode providerStatus, MachineProvider<?> provider) {
    if (providerStatus == null || !providerStatus.isObject()) {
      return Optional.empty();
    }
    JsonNode token = providerStatus.get(provider.progressTokenField());
    return token != null && token.isTextual() && !token.asText().isBlank() ? Optional.of(token.asText())
        : Optional.empty();
  }

  /**
   * The providerStatus to write after a call: the provider's new status if it reported one, else the current one,
   * with the token field set to the reported token or removed when there is none.
   *
   * @param current the Machine's current {@code status.providerStatus}, or {@code null}
   * @return the new providerStatus, or {@code null} when there is nothing to write
   */
  public static JsonNode merge(JsonNode current, InstanceDetails reported, MachineProvider<?> provider) {
    JsonNode base = reported.providerStatus().orElse(current);
    if (base != null && !base.isObject()) {
      return base;
    }
    ObjectNode status = base == null ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) base).deepCopy();
    reported.progressToken().ifPresentOrElse(token -> status.put(provider.progressTokenField(), token),
        () -> status.remove(provider.progressTokenField()));
    return base == null && status.isEmpty() ? null : status;
  }
}
