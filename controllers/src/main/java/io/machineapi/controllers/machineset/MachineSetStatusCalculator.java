package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Behaviour 5.4: a MachineSet's status from the Machines it keeps and their Nodes. Fields the controller does not own
 * (conditions, migration fields) are carried over from the current status.
 */
public final class MachineSetStatusCalculator {
  /** Machine errorReason value for a terminal problem with the set. */
  public static final String INVALID_CONFIGURATION = "InvalidConfiguration";

  private final Clock clock;
  private final Function<String, Optional<Node>> nodes;

  /** @param nodes looks a Node up by name (the Node informer's cache) */
  public MachineSetStatusCalculator(Clock clock, Function<String, Optional<Node>> nodes) {
    this.clock = clock;
    this.nodes = nodes;
  }

  /**
   * The computed status and, when a Ready Machine has not been Ready for {@code minReadySeconds} yet, when to look
   * again (the remaining time of the soonest one), since no event will say it became available.
   */
  public record Computed(MachineSetStatus status, Optional<Duration> recheckAfter) {}

  /**
   * @param kept the Machines the set counts ({@link MachineClaims#kept()})
   * @param invalid the validation message when the set is invalid; empty when it is valid
   */
  public Computed compute(MachineSet set, List<Machine> kept, Optional<String> invalid) {
    MachineSetStatus status = set.getStatus() == null ? new MachineSetStatus()
        : Serialization.jsonMapper().convertValue(set.getStatus(), MachineSetStatus.class);
    Map<String, String> templateLabels = set.getSpec() == null || set.getSpec().getTemplate() == null
        || set.getSpec().getTemplate().getMetadata() == null
        || set.getSpec().getTemplate().getMetadata().getLabels() == null
        ? Map.of() : set.getSpec().getTemplate().getMetadata().getLabels();
    Duration minReady = Duration.ofSeconds(set.getSpec() == null || set.getSpec().getMinReadySeconds() == null
        ? 0 : set.getSpec().getMinReadySeconds());
    Instant now = clock.instant();

    int fullyLabeled = 0;
    int ready = 0;
    int available = 0;
    Duration recheck = null;
    for (Machine machine : kept) {
      Map<String, String> labels = machine.getMetadata().getLabels() == null ? Map.of()
          : machine.getMetadata().getLabels();
      if (labels.entrySet().containsAll(templateLabels.entrySet())) {
        fullyLabeled++;
      }
      NodeReadiness readiness = NodeReadiness.of(machine, nodes);
      if (!readiness.ready()) {
        continue;
      }
      ready++;
      if (minReady.isZero()) {
        available++;
      } else if (readiness.since() != null) {
        Instant availableAt = readiness.since().plus(minReady);
        if (!availableAt.isAfter(now)) {
          available++;
        } else {
          Duration remaining = Duration.between(now, availableAt);
          recheck = recheck == null || remaining.compareTo(recheck) < 0 ? remaining : recheck;
        }
      }
    }
    status.setReplicas(kept.size());
    status.setFullyLabeledReplicas(fullyLabeled);
    status.setReadyReplicas(ready);
    status.setAvailableReplicas(available);
    status.setObservedGeneration(set.getMetadata().getGeneration());
    MachineSelector selector = MachineSelector.of(set.getSpec() == null ? null : set.getSpec().getSelector());
    String canonical = selector.canonical();
    status.setLabelSelector(canonical.isEmpty() ? null : canonical);
    status.setErrorReason(invalid.map(m -> INVALID_CONFIGURATION).orElse(null));
    status.setErrorMessage(invalid.orElse(null));
    return new Computed(status, Optional.ofNullable(recheck));
  }

  /** Whether two statuses serialise identically (the generated status classes have no {@code equals}). */
  public static boolean same(MachineSetStatus a, MachineSetStatus b) {
    return Serialization.jsonMapper().valueToTree(a == null ? new MachineSetStatus() : a)
        .equals(Serialization.jsonMapper().valueToTree(b == null ? new MachineSetStatus() : b));
  }
}
