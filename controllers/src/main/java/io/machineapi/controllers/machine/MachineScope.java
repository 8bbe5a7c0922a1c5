package io.machineapi.controllers.machine;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import io.machineapi.controllers.provider.DecodedSpec;
import io.machineapi.spi.MachineProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What one reconcile pass of one Machine has learned so far, so steps neither re-fetch nor pass ten arguments: the
 * Machine as last written, the status being built (steps change it; the reconciler writes it once, at the end of the
 * pass), the status as last written (for "did anything change?"), the provider and decoded spec once known, and the
 * shortest "come back after" any step asked for.
 */
final class MachineScope {
  private Machine machine;
  private MachineStatus status;
  private JsonNode writtenStatus;
  private final Clock clock;
  private MachineProvider<?> provider;
  private DecodedSpec<?> decoded;
  private Duration requeueHint;

  MachineScope(Machine machine, Clock clock) {
    this.clock = clock;
    accept(machine);
  }

  /** Takes {@code latest} (as the API returned it after a status write) as the new base. */
  void accept(Machine latest) {
    this.machine = latest;
    MachineStatus current = latest.getStatus() == null ? new MachineStatus() : latest.getStatus();
    this.writtenStatus = Serialization.jsonMapper().valueToTree(current);
    this.status = Serialization.jsonMapper().convertValue(writtenStatus, MachineStatus.class);
  }

  /** Takes {@code latest} after a metadata/spec write: the status being built is kept. */
  void acceptMetadata(Machine latest) {
    this.machine = latest;
  }

  Machine machine() {
    return machine;
  }

  MachineStatus status() {
    return status;
  }

  JsonNode writtenStatus() {
    return writtenStatus;
  }

  Instant now() {
    return clock.instant();
  }

  Clock clock() {
    return clock;
  }

  String uid() {
    return machine.getMetadata().getUid();
  }

  String namespace() {
    return machine.getMetadata().getNamespace();
  }

  String name() {
    return machine.getMetadata().getName();
  }

  /** {@code namespace/name}, for logs and messages. */
  String key() {
    return namespace() + "/" + name();
  }

  String phase() {
    return status.getPhase();
  }

  void setPhase(String phase) {
    status.setPhase(phase);
  }

  boolean isFailed() {
    return MachinePhases.FAILED.equals(status.getPhase());
  }

  String providerId() {
    return machine.getSpec() == null ? null : machine.getSpec().getProviderID();
  }

  boolean hasAddresses() {
    return status.getAddresses() != null && !status.getAddresses().isEmpty();
  }

  /** OpenShift's "provisioned": providerID or addresses known. */
  boolean isProvisioned() {
    return (providerId() != null && !providerId().isBlank()) || hasAddresses();
  }

  boolean hasNodeRef() {
    return status.getNodeRef() != null && status.getNodeRef().getName() != null;
  }

  Optional<String> firstInternalIp() {
    if (status.getAddresses() == null) {
      return Optional.empty();
    }
    return status.getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
        .map(NodeAddress::getAddress).findFirst();
  }

  Map<String, String> annotations() {
    return machine.getMetadata().getAnnotations() == null ? Map.of() : machine.getMetadata().getAnnotations();
  }

  Map<String, String> labels() {
    return machine.getMetadata().getLabels() == null ? Map.of() : machine.getMetadata().getLabels();
  }

  Optional<MachineProvider<?>> provider() {
    return Optional.ofNullable(provider);
  }

  void setProvider(MachineProvider<?> provider) {
    this.provider = provider;
  }

  Optional<DecodedSpec<?>> decoded() {
    return Optional.ofNullable(decoded);
  }

  void setDecoded(DecodedSpec<?> decoded) {
    this.decoded = decoded;
  }

  /** Sets a condition on the status being built ({@code lastTransitionTime} moves only when its status changes). */
  void setCondition(String type, String conditionStatus, String severity, String reason, String message) {
    status.setConditions(MachineConditions.set(status.getConditions(),
        new Condition(type, conditionStatus, severity, reason, message, null), clock));
  }

  Optional<Condition> condition(String type) {
    return Optional.ofNullable(MachineConditions.find(status.getConditions(), type));
  }

  boolean conditionIs(String type, String conditionStatus) {
    return condition(type).map(c -> conditionStatus.equals(c.getStatus())).orElse(false);
  }

  /** Asks to be reconciled again no later than {@code after}, while letting the remaining steps run. */
  void requeueNoLaterThan(Duration after) {
    if (requeueHint == null || after.compareTo(requeueHint) < 0) {
      requeueHint = after;
    }
  }

  Optional<Duration> requeueHint() {
    return Optional.ofNullable(requeueHint);
  }
}
