package io.machineapi.controllers.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.machineapi.controllers.drain.PodVerdict.Action;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The drain's pod rules on their own: which rule claims which pod, and the unreachable-Node time boundary. */
class PodFiltersTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  private static final DrainScope REACHABLE = new DrainScope("n", false, Duration.ofSeconds(1), NOW);
  private static final DrainScope UNREACHABLE = new DrainScope("n", true, Duration.ofSeconds(1), NOW);

  @Test
  void podWithoutControllerOrWithEmptyDirIsEvicted() {
    Pod bare = pod().editSpec().addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume().endSpec()
        .build();

    assertThat(action(bare, REACHABLE)).isEqualTo(Action.EVICT);
  }

  @Test
  void onlyAControllingDaemonSetOwnerMakesADaemonSetPod() {
    Pod controlled = owned("DaemonSet", true);
    Pod merelyOwned = owned("DaemonSet", false);
    Pod replicaSetPod = owned("ReplicaSet", true);

    assertThat(verdict(controlled, REACHABLE)).isEqualTo(PodVerdict.skip("DaemonSet pod"));
    assertThat(action(merelyOwned, REACHABLE)).isEqualTo(Action.EVICT);
    assertThat(action(replicaSetPod, REACHABLE)).isEqualTo(Action.EVICT);
  }

  @Test
  void mirrorFinishedAndSkipLabelledPodsAreLeft() {
    Pod mirror = pod().editMetadata().addToAnnotations(PodFilters.MIRROR_ANNOTATION, "x").endMetadata().build();
    Pod failed = pod().editStatus().withPhase("Failed").endStatus().build();
    Pod skip = pod().editMetadata().addToLabels(PodFilters.DRAIN_LABEL, "skip").endMetadata().build();
    Pod unknownValue = pod().editMetadata().addToLabels(PodFilters.DRAIN_LABEL, "sometimes").endMetadata().build();

    assertThat(action(mirror, REACHABLE)).isEqualTo(Action.SKIP);
    assertThat(verdict(failed, REACHABLE)).isEqualTo(PodVerdict.skip("finished (Failed)"));
    assertThat(action(skip, REACHABLE)).isEqualTo(Action.SKIP);
    assertThat(action(unknownValue, REACHABLE)).isEqualTo(Action.EVICT);
  }

  @Test
  void waitCompletedPodIsWaitedForUntilItFinishes() {
    PodBuilder batch = pod().editMetadata().addToLabels(PodFilters.DRAIN_LABEL, "wait-completed").endMetadata();

    assertThat(action(batch.build(), REACHABLE)).isEqualTo(Action.WAIT_FOR_COMPLETION);
    assertThat(action(batch.editStatus().withPhase("Succeeded").endStatus().build(), REACHABLE))
        .isEqualTo(Action.SKIP);
  }

  @Test
  void terminatingPodIsWaitedForOnAReachableNodeHoweverOld() {
    assertThat(action(terminatingSince(NOW.minus(Duration.ofHours(1))), REACHABLE))
        .isEqualTo(Action.WAIT_FOR_DELETION);
  }

  @Test
  void unreachableNodeAbandonsPodsTerminatingLongerThanTheGracePeriodOnly() {
    assertThat(action(terminatingSince(NOW.minusSeconds(1)), UNREACHABLE)).isEqualTo(Action.WAIT_FOR_DELETION);
    assertThat(action(terminatingSince(NOW.minusMillis(1001)), UNREACHABLE)).isEqualTo(Action.SKIP);
    // Even a wait-completed pod: the unreachable-Node rule comes first.
    Pod stuckBatch = new PodBuilder(terminatingSince(NOW.minusSeconds(5))).editMetadata()
        .addToLabels(PodFilters.DRAIN_LABEL, "wait-completed").endMetadata().build();
    assertThat(verdict(stuckBatch, UNREACHABLE).reason()).contains("unreachable Node");
  }

  @Test
  void unparsableDeletionTimestampIsWaitedForNotAbandoned() {
    Pod odd = pod().editMetadata().withDeletionTimestamp("yesterday").endMetadata().build();

    assertThat(action(odd, UNREACHABLE)).isEqualTo(Action.WAIT_FOR_DELETION);
  }

  private static Action action(Pod pod, DrainScope scope) {
    return verdict(pod, scope).action();
  }

  private static PodVerdict verdict(Pod pod, DrainScope scope) {
    return PodFilters.judge(PodFilters.DEFAULT, pod, scope);
  }

  private static Pod terminatingSince(Instant marked) {
    return pod().editMetadata().withDeletionTimestamp(marked.toString()).endMetadata().build();
  }

  private static Pod owned(String kind, boolean controller) {
    return pod().editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(kind).withName("owner")
        .withUid("uid").withController(controller).endOwnerReference().endMetadata().build();
  }

  private static PodBuilder pod() {
    return new PodBuilder().withNewMetadata().withNamespace("ns").withName("p").endMetadata()
        .withNewSpec().withNodeName("n").endSpec().withNewStatus().withPhase("Running").endStatus();
  }
}
