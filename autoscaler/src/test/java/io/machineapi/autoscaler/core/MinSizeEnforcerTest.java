package io.machineapi.autoscaler.core;

import static io.machineapi.autoscaler.core.Fixtures.NOW;
import static io.machineapi.autoscaler.core.Fixtures.cap;
import static io.machineapi.autoscaler.core.Fixtures.group;
import static io.machineapi.autoscaler.core.Fixtures.pendingPods;
import static io.machineapi.autoscaler.core.Fixtures.req;
import static io.machineapi.autoscaler.core.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.autoscaler.core.Decision.Change;
import io.machineapi.autoscaler.core.Decision.SizeChange;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MinSizeEnforcerTest {
  private static final AutoscalerSettings ENFORCED = AutoscalerSettings.defaults()
      .with(b -> b.enforceNodeGroupMinSize = true);

  private static List<SizeChange> ups(ClusterSnapshot snap, AutoscalerSettings s) {
    return Autoscaler.decide(snap, AutoscalerState.EMPTY, s, NOW, new Random(1)).sizeChanges().stream()
        .filter(c -> c.kind() == Change.SCALE_UP).toList();
  }

  @Test
  void aSetBelowItsMinimumIsRaisedToItOnlyWhenEnforced() {
    NodeGroup below = group("below", 1, 5, 0, cap(4, 16));
    NodeGroup atMin = group("at-min", 2, 5, 2, cap(4, 16));
    ClusterSnapshot snap = snapshot(List.of(), List.of(), List.of(below, atMin));

    assertThat(ups(snap, AutoscalerSettings.defaults())).isEmpty();
    assertThat(ups(snap, ENFORCED)).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("below");
      assertThat(c.from()).isZero();
      assertThat(c.to()).isEqualTo(1);
      assertThat(c.reason()).contains("minimum size 1");
    });
  }

  @Test
  void theClusterLimitsCapTheStep() {
    NodeGroup below = group("below", 5, 10, 0, cap(4, 16));
    // 8 cores in all: two 4-CPU nodes, not five.
    ClusterSnapshot snap = snapshot(List.of(), List.of(), List.of(below));
    assertThat(ups(snap, ENFORCED.with(b -> b.coresMax = 8))).singleElement()
        .satisfies(c -> assertThat(c.to()).isEqualTo(2));
    assertThat(ups(snap, ENFORCED.with(b -> b.maxNodesTotal = Optional.of(0)))).isEmpty();
  }

  @Test
  void pendingPodsOnTopOfTheMinimumGiveOneChangeFromTheOldSize() {
    NodeGroup below = group("below", 1, 10, 0, cap(4, 16));
    // Six 3-CPU pods need six 4-CPU nodes; the minimum's node is one of them.
    List<SizeChange> ups = ups(snapshot(List.of(), pendingPods("p", 6, req(3000, 1024)), List.of(below)), ENFORCED);

    assertThat(ups).singleElement().satisfies(c -> {
      assertThat(c.from()).isZero();
      assertThat(c.to()).isEqualTo(6);
      assertThat(c.reason()).contains("minimum size 1").contains("pending pods");
    });
  }
}
