package io.machineapi.autoscaler.core;

import static io.machineapi.autoscaler.core.Fixtures.NOW;
import static io.machineapi.autoscaler.core.Fixtures.cap;
import static io.machineapi.autoscaler.core.Fixtures.group;
import static io.machineapi.autoscaler.core.Fixtures.node;
import static io.machineapi.autoscaler.core.Fixtures.req;
import static io.machineapi.autoscaler.core.Fixtures.running;
import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.selector.LabelSelectors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ScaleDownTest {
  private static final AutoscalerSettings S = AutoscalerSettings.defaults();
  private static final NodeGroup G = group("w", 1, 10, 3, cap(4, 16));

  private static List<NodeInfo> nodes() {
    return List.of(node("w-1", G, cap(4, 16)), node("w-2", G, cap(4, 16)), node("w-3", G, cap(4, 16)));
  }

  /** w-1 and w-2 busy (75 %), w-3 holds one small pod that fits elsewhere. */
  private static List<PodInfo> pods(PodInfo onW3) {
    List<PodInfo> pods = new ArrayList<>();
    pods.add(running("a", req(3000, 1024), "w-1"));
    pods.add(running("b", req(3000, 1024), "w-2"));
    if (onW3 != null) {
      pods.add(onW3);
    }
    return pods;
  }

  private static Decision pass(ClusterSnapshot snap, AutoscalerState state, Instant at) {
    return Autoscaler.decide(snap, state, S, at, new Random(1));
  }

  /** Two passes: the first marks w-3 unneeded, the second runs {@code after} later. */
  private static Decision twoPasses(ClusterSnapshot snap, Duration after) {
    Decision first = pass(snap, AutoscalerState.EMPTY, NOW);
    return pass(snap, first.next(), NOW.plus(after));
  }

  @Test
  void unneededNodeIsRemovedAfterTheUnneededTimeNotBefore() {
    ClusterSnapshot snap = new ClusterSnapshot(nodes(), pods(running("small", req(500, 512), "w-3")), List.of(),
        List.of(G));
    Decision first = pass(snap, AutoscalerState.EMPTY, NOW);
    assertThat(first.removals()).isEmpty();
    assertThat(first.next().unneededSince()).containsOnlyKeys("w-3");
    assertThat(first.nodeReasons().get("w-1")).contains("above threshold");

    Decision early = pass(snap, first.next(), NOW.plus(S.scaleDownUnneededTime()).minusSeconds(1));
    assertThat(early.removals()).isEmpty();
    assertThat(early.nodeReasons().get("w-3")).startsWith("unneeded for 599s of 600s");

    Decision due = pass(snap, early.next(), NOW.plus(S.scaleDownUnneededTime()));
    assertThat(due.removals()).singleElement().satisfies(r -> {
      assertThat(r.node()).isEqualTo("w-3");
      assertThat(r.machine()).isEqualTo("w-3");
      assertThat(r.machineSet()).isEqualTo("w");
      assertThat(r.empty()).isFalse();
    });
    assertThat(due.next().lastScaleDown()).isEqualTo(NOW.plus(S.scaleDownUnneededTime()));
  }

  @Test
  void neverBelowMin() {
    NodeGroup atMin = group("w", 3, 10, 3, cap(4, 16));
    List<NodeInfo> nodes = List.of(node("w-1", atMin, cap(4, 16)), node("w-2", atMin, cap(4, 16)),
        node("w-3", atMin, cap(4, 16)));
    Decision d = twoPasses(new ClusterSnapshot(nodes, List.of(), List.of(), List.of(atMin)),
        S.scaleDownUnneededTime());
    assertThat(d.removals()).isEmpty();
    assertThat(d.nodeReasons().values()).allSatisfy(r -> assertThat(r).contains("min size 3"));
  }

  @Test
  void emptyNodesGoInParallelDownToMin() {
    Decision d = twoPasses(new ClusterSnapshot(nodes(), List.of(), List.of(), List.of(G)), S.scaleDownUnneededTime());
    assertThat(d.removals()).hasSize(2).allSatisfy(r -> assertThat(r.empty()).isTrue());
  }

  @Test
  void notWithAnUnreplicatedPod() {
    PodInfo bare = Fixtures.pod("bare", req(100, 128), "w-3", false, Map.of(), List.of(), null);
    Decision d = twoPasses(new ClusterSnapshot(nodes(), pods(bare), List.of(), List.of(G)),
        S.scaleDownUnneededTime());
    assertThat(d.removals()).isEmpty();
    assertThat(d.nodeReasons().get("w-3")).contains("not replicated");
  }

  @Test
  void notWhenAPodDisruptionBudgetForbids() {
    PodInfo guarded = running("guarded", req(100, 128), "w-3");
    DisruptionBudget none = new DisruptionBudget("default", "web", LabelSelectors.parse("app=web"), 0);
    Decision d = twoPasses(new ClusterSnapshot(nodes(), pods(guarded), List.of(none), List.of(G)),
        S.scaleDownUnneededTime());
    assertThat(d.removals()).isEmpty();
    assertThat(d.nodeReasons().get("w-3")).contains("PodDisruptionBudget default/web allows 0");

    DisruptionBudget one = new DisruptionBudget("default", "web", LabelSelectors.parse("app=web"), 1);
    Decision allowed = twoPasses(new ClusterSnapshot(nodes(), pods(guarded), List.of(one), List.of(G)),
        S.scaleDownUnneededTime());
    assertThat(allowed.removals()).extracting(Decision.NodeRemoval::node).containsExactly("w-3");
  }

  @Test
  void notWhenThePodsHaveNowhereToGo() {
    PodInfo big = running("big", req(1500, 1024), "w-3");
    Decision d = twoPasses(new ClusterSnapshot(nodes(), pods(big), List.of(), List.of(G)), S.scaleDownUnneededTime());
    assertThat(d.removals()).isEmpty();
    assertThat(d.nodeReasons().get("w-3")).contains("no other node has room for pod default/big");
  }

  @Test
  void safeToEvictFalseAndScaleDownDisabledBlock() {
    PodInfo p = running("pinned", req(100, 128), "w-3");
    PodInfo pinned = new PodInfo(p.namespace(), p.name(), p.labels(), Map.of(PodInfo.SAFE_TO_EVICT, "false"),
        p.requests(), p.nodeSelector(), p.requiredAffinity(), p.tolerations(), p.hostPorts(), p.priority(),
        p.created(), p.nodeName(), false, false, false, p.controllerKind(), p.controllerName(), false, List.of());
    Decision d = twoPasses(new ClusterSnapshot(nodes(), pods(pinned), List.of(), List.of(G)),
        S.scaleDownUnneededTime());
    assertThat(d.nodeReasons().get("w-3")).contains("safe-to-evict=false");

    List<NodeInfo> nodes = new ArrayList<>(nodes());
    nodes.set(2, Fixtures.withAnnotations(nodes.get(2), Map.of(NodeInfo.SCALE_DOWN_DISABLED, "true")));
    Decision disabled = twoPasses(new ClusterSnapshot(nodes, pods(null), List.of(), List.of(G)),
        S.scaleDownUnneededTime());
    assertThat(disabled.removals()).isEmpty();
    assertThat(disabled.nodeReasons().get("w-3")).contains("scale-down disabled");
  }

  @Test
  void noRemovalWithinTheDelayAfterAScaleUp() {
    ClusterSnapshot snap = new ClusterSnapshot(nodes(), pods(null), List.of(), List.of(G));
    Decision first = pass(snap, AutoscalerState.EMPTY, NOW);
    AutoscalerState recentlyScaledUp = new AutoscalerState(NOW.plus(S.scaleDownUnneededTime()).minusSeconds(60),
        Instant.EPOCH, Instant.EPOCH, first.next().unneededSince(), Map.of(), Map.of());
    Decision d = pass(snap, recentlyScaledUp, NOW.plus(S.scaleDownUnneededTime()));
    assertThat(d.removals()).isEmpty();
    assertThat(d.nodeReasons().get("w-3")).contains("scale-down-delay-after-add");
  }
}
