package io.machineapi.controllers.machine;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.controllers.provider.ProgressTokenField;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds back a status write that would only refresh what an observation says about a provisioned instance
 * ({@code providerStatus} and the {@code InstanceExists} message, same condition status and reason) while the
 * Machine waits for its Node: the Node-link write comes soon and carries it, which saves one Machine write per
 * scale-up (the instance going {@code pending → running}). The held observation is put back onto every pass's status
 * until it is stored, and written on its own once it has waited {@link #MAX_HOLD}. The instance's identity
 * (providerID, labels, the instance-state annotation) is never held: that metadata is written at once. A restart
 * loses nothing that matters: the next describe observes the instance again.
 */
final class DeferredObservations {
  static final Duration MAX_HOLD = Duration.ofSeconds(15);

  private record Held(JsonNode providerStatus, Condition instanceExists, Instant since) {}

  private final Map<String, Held> byUid = new ConcurrentHashMap<>();

  /** Puts a held observation back onto the status being built, or forgets it once stored or outdated. */
  void reapply(MachineScope scope) {
    Held held = byUid.get(scope.uid());
    if (held == null) {
      return;
    }
    Condition stored = scope.condition(MachineConditionTypes.INSTANCE_EXISTS).orElse(null);
    boolean sameTruth = stored != null && Objects.equals(stored.getStatus(), held.instanceExists().getStatus())
        && Objects.equals(stored.getReason(), held.instanceExists().getReason());
    boolean alreadyStored = Objects.equals(scope.writtenStatus().get("providerStatus"), held.providerStatus())
        && stored != null && Objects.equals(stored.getMessage(), held.instanceExists().getMessage());
    if (!sameTruth || alreadyStored || scope.isFailed() || scope.machine().isMarkedForDeletion()) {
      byUid.remove(scope.uid());
      return;
    }
    scope.status().setProviderStatus(held.providerStatus() == null ? null : held.providerStatus().deepCopy());
    Condition c = held.instanceExists();
    scope.setCondition(c.getType(), c.getStatus(), c.getSeverity(), c.getReason(), c.getMessage());
    scope.writeStatusAtEnd();
  }

  /**
   * Whether the pending status write may wait: it only refreshes the observation, no Node is linked yet, and it has
   * not waited {@link #MAX_HOLD}. When it may, it is held and a pass is asked for by the end of the hold.
   */
  boolean hold(MachineScope scope) {
    if (scope.hasNodeRef() || !onlyObservationChanged(scope)) {
      byUid.remove(scope.uid());
      return false;
    }
    Instant now = scope.now();
    Held previous = byUid.get(scope.uid());
    Instant since = previous == null ? now : previous.since();
    Duration left = MAX_HOLD.minus(Duration.between(since, now));
    if (left.isNegative() || left.isZero()) {
      byUid.remove(scope.uid());
      return false;
    }
    Condition exists = scope.condition(MachineConditionTypes.INSTANCE_EXISTS).orElseThrow();
    JsonNode providerStatus = scope.status().getProviderStatus();
    byUid.put(scope.uid(), new Held(providerStatus == null ? null : providerStatus.deepCopy(),
        new Condition(exists.getType(), exists.getStatus(), exists.getSeverity(), exists.getReason(),
            exists.getMessage(), null), since));
    scope.requeueNoLaterThan(left);
    return true;
  }

  void forget(String uid) {
    byUid.remove(uid);
  }

  /** The status being built differs from the stored one only in providerStatus and the InstanceExists message. */
  private static boolean onlyObservationChanged(MachineScope scope) {
    MachineWriter.normalize(scope);
    JsonNode written = scope.writtenStatus();
    JsonNode next = Serialization.jsonMapper().valueToTree(scope.status());
    if (written.equals(next) || scope.provider().isEmpty() || !ProgressTokenField.read(written.get("providerStatus"),
        scope.provider().get()).equals(ProgressTokenField.read(next.get("providerStatus"), scope.provider().get()))) {
      return false;
    }
    if (written.path("conditions").isMissingNode() || !written.path("phase").equals(next.path("phase"))) {
      return false;
    }
    var names = next.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!name.equals("providerStatus") && !name.equals("conditions") && !name.equals("lastUpdated")
          && !Objects.equals(written.get(name), next.get(name))) {
        return false;
      }
    }
    var writtenNames = written.fieldNames();
    while (writtenNames.hasNext()) {
      if (!next.has(writtenNames.next())) {
        return false;
      }
    }
    JsonNode before = written.path("conditions");
    JsonNode after = next.path("conditions");
    if (before.size() != after.size()) {
      return false;
    }
    for (int i = 0; i < after.size(); i++) {
      JsonNode a = before.get(i);
      JsonNode b = after.get(i);
      boolean same = a.equals(b) || (MachineConditionTypes.INSTANCE_EXISTS.equals(b.path("type").asText())
          && a.path("type").equals(b.path("type")) && a.path("status").equals(b.path("status"))
          && a.path("reason").equals(b.path("reason")) && a.path("lastTransitionTime")
          .equals(b.path("lastTransitionTime")));
      if (!same) {
        return false;
      }
    }
    return true;
  }
}
