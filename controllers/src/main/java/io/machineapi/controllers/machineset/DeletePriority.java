package io.machineapi.controllers.machineset;

import io.fabric8.kubernetes.api.model.Node;
import io.machineapi.api.machine.v1beta1.DeletePolicy;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Scale-down victim order (OpenShift's tiers and curve): higher priority is deleted first, in strict tiers —
 * already deleting ({@value #DELETING}) &gt; delete annotation with a non-empty value ({@value #ANNOTATED}) &gt;
 * unhealthy ({@value #UNHEALTHY}: phase Failed, errorReason or errorMessage set, no nodeRef, or its Node not Ready)
 * &gt; the {@code deletePolicy} value, which lies in [0, 50]:
 * <ul>
 *   <li>{@code Oldest}: f(age) = 50 × (1 − e^(−age / 100 days)), OpenShift's curve; 0 for a missing or future
 *       creation time;</li>
 *   <li>{@code Newest}: 50 − f(age) (OpenShift's 100 − f(age), shifted below the unhealthy tier; same order);</li>
 *   <li>{@code Random} (also when unset): a value derived from a hash of the Machine's UID. UIDs are random, so the
 *       order is random across Machines, yet the same on every pass and after a restart, so repeated scale-downs
 *       do not flip between victims.</li>
 * </ul>
 * Ties are broken by Machine name, as Cluster API does (OpenShift's sort has no tie-break), so the choice is
 * deterministic. Age is read with the injected clock.
 */
public final class DeletePriority {
  public static final String DELETE_ANNOTATION = "machine.openshift.io/delete-machine";
  public static final String LEGACY_DELETE_ANNOTATION = "machine.openshift.io/cluster-api-delete-machine";
  public static final double DELETING = 100;
  public static final double ANNOTATED = 80;
  public static final double UNHEALTHY = 60;
  static final double POLICY_MAX = 50;
  private static final double AGE_SCALE_SECONDS = Duration.ofDays(100).toSeconds();

  private final DeletePolicy policy;
  private final Clock clock;
  private final Function<String, Optional<Node>> nodes;

  /** @param nodes looks a Node up by name, for readiness */
  public DeletePriority(DeletePolicy policy, Clock clock, Function<String, Optional<Node>> nodes) {
    this.policy = policy == null ? DeletePolicy.Random : policy;
    this.clock = clock;
    this.nodes = nodes;
  }

  /** The {@code count} Machines to delete first, highest priority first. */
  public List<Machine> victims(List<Machine> machines, int count) {
    return machines.stream()
        .sorted(Comparator.comparingDouble(this::priority).reversed()
            .thenComparing(m -> m.getMetadata().getName()))
        .limit(Math.max(0, count))
        .toList();
  }

  public double priority(Machine machine) {
    if (machine.getMetadata().getDeletionTimestamp() != null) {
      return DELETING;
    }
    if (annotatedForDeletion(machine)) {
      return ANNOTATED;
    }
    if (unhealthy(machine)) {
      return UNHEALTHY;
    }
    return switch (policy) {
      case Oldest -> ageValue(machine);
      case Newest -> POLICY_MAX - ageValue(machine);
      case Random -> randomValue(machine);
    };
  }

  static boolean annotatedForDeletion(Machine machine) {
    Map<String, String> annotations = machine.getMetadata().getAnnotations();
    if (annotations == null) {
      return false;
    }
    return nonEmpty(annotations.get(DELETE_ANNOTATION)) || nonEmpty(annotations.get(LEGACY_DELETE_ANNOTATION));
  }

  private boolean unhealthy(Machine machine) {
    var status = machine.getStatus();
    if (status == null || status.getNodeRef() == null) {
      return true;
    }
    return MachinePhases.FAILED.equals(status.getPhase()) || nonEmpty(status.getErrorReason())
        || nonEmpty(status.getErrorMessage()) || !NodeReadiness.of(machine, nodes).ready();
  }

  private double ageValue(Machine machine) {
    Instant created = parse(machine.getMetadata().getCreationTimestamp());
    if (created == null || created.equals(Instant.EPOCH)) {
      return 0;
    }
    double ageSeconds = Duration.between(created, clock.instant()).toMillis() / 1000.0;
    return ageSeconds <= 0 ? 0 : POLICY_MAX * (1 - Math.exp(-ageSeconds / AGE_SCALE_SECONDS));
  }

  private static double randomValue(Machine machine) {
    String uid = machine.getMetadata().getUid() != null ? machine.getMetadata().getUid()
        : machine.getMetadata().getName();
    long bits = UUID.nameUUIDFromBytes(uid.getBytes(StandardCharsets.UTF_8)).getLeastSignificantBits() >>> 11;
    // 53 random bits → [0, 1), scaled into the policy range.
    return POLICY_MAX * (bits / (double) (1L << 53));
  }

  private static boolean nonEmpty(String value) {
    return value != null && !value.isEmpty();
  }

  private static Instant parse(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
