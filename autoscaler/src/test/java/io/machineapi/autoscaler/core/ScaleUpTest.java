package io.machineapi.autoscaler.core;

import static io.machineapi.autoscaler.core.Fixtures.NOW;
import static io.machineapi.autoscaler.core.Fixtures.cap;
import static io.machineapi.autoscaler.core.Fixtures.gpuCap;
import static io.machineapi.autoscaler.core.Fixtures.group;
import static io.machineapi.autoscaler.core.Fixtures.node;
import static io.machineapi.autoscaler.core.Fixtures.pending;
import static io.machineapi.autoscaler.core.Fixtures.pendingPods;
import static io.machineapi.autoscaler.core.Fixtures.req;
import static io.machineapi.autoscaler.core.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.autoscaler.core.Decision.Change;
import io.machineapi.autoscaler.core.Decision.SizeChange;
import io.machineapi.autoscaler.core.Decision.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScaleUpTest {
  private static final AutoscalerSettings S = AutoscalerSettings.defaults();

  private static Decision decide(ClusterSnapshot snap) {
    return Autoscaler.decide(snap, AutoscalerState.EMPTY, S, NOW, new Random(1));
  }

  private static Decision decide(ClusterSnapshot snap, AutoscalerSettings s) {
    return Autoscaler.decide(snap, AutoscalerState.EMPTY, s, NOW, new Random(1));
  }

  private static List<SizeChange> ups(Decision d) {
    return d.sizeChanges().stream().filter(c -> c.kind() == Change.SCALE_UP).toList();
  }

  @Test
  void scalesUpTheOnlyFittingSetByTheNodesThePodsNeed() {
    NodeGroup small = group("small", 0, 10, 0, cap(2, 8));
    NodeGroup big = group("big", 0, 10, 0, cap(16, 64));
    NodeGroup off = group("not-autoscaled", 0, 0, 0, cap(16, 64));
    // 5 pods of 3 CPU: only "big" can take one (a "small" node has 2 CPU); 5 fit on one 16-CPU node.
    Decision d = decide(snapshot(List.of(), pendingPods("p", 5, req(3000, 1024)), List.of(small, big, off)));

    assertThat(ups(d)).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("big");
      assertThat(c.from()).isZero();
      assertThat(c.to()).isEqualTo(1);
    });
    assertThat(d.verdicts(Verdict.TRIGGERED_SCALE_UP)).hasSize(5)
        .allSatisfy(v -> assertThat(v.message()).contains("MachineSet/openshift-machine-api/big 0->1"));
    assertThat(d.next().requests()).containsKey(big.id());
    assertThat(d.next().lastScaleUp()).isEqualTo(NOW);
  }

  @Test
  void podLargerThanEveryTemplateTriggersNothingAndSaysWhy() {
    NodeGroup a = group("a", 0, 10, 0, cap(4, 16));
    Decision d = decide(snapshot(List.of(), List.of(pending("huge", req(8000, 1024))), List.of(a)));

    assertThat(d.sizeChanges()).isEmpty();
    assertThat(d.verdicts(Verdict.NOT_TRIGGERED)).singleElement().satisfies(v -> {
      assertThat(v.groupReasons().get(a.id())).startsWith("Insufficient cpu");
      assertThat(v.message()).startsWith("pod didn't trigger scale-up: 1 MachineSet(s): Insufficient cpu");
    });
  }

  @Test
  void podsFittingExistingNodesTriggerNothing() {
    NodeGroup a = group("a", 0, 10, 1, cap(4, 16));
    Decision d = decide(snapshot(List.of(node("a-1", a, cap(4, 16))), pendingPods("p", 3, req(1000, 1024)),
        List.of(a)));
    assertThat(d.sizeChanges()).isEmpty();
    assertThat(d.verdicts(Verdict.FITS_EXISTING_OR_UPCOMING)).hasSize(3);
  }

  @Test
  void noSecondScaleUpWhileTheFirstIsInFlight() {
    NodeGroup a = group("a", 0, 10, 0, cap(4, 16));
    List<PodInfo> pods = pendingPods("p", 6, req(1500, 1024));
    Decision first = decide(snapshot(List.of(), pods, List.of(a)));
    assertThat(ups(first)).singleElement().satisfies(c -> assertThat(c.to()).isEqualTo(3));

    // The MachineSet now says 3 replicas, no Node registered yet; the same pods are still pending.
    NodeGroup raised = group("a", 0, 10, 3, cap(4, 16));
    Decision second = Autoscaler.decide(snapshot(List.of(), pods, List.of(raised)), first.next(), S,
        NOW.plusSeconds(10), new Random(1));
    assertThat(second.sizeChanges()).isEmpty();
    assertThat(second.verdicts(Verdict.FITS_EXISTING_OR_UPCOMING)).hasSize(6);
    assertThat(second.next().requests()).containsKey(a.id());
  }

  @Test
  void scalesFromZeroWithAnnotationsButNotWithoutAndSaysCapacityUnknown() {
    NodeGroup annotated = group("annotated", 0, 5, 0, cap(4, 16));
    Decision d = decide(snapshot(List.of(), List.of(pending("p", req(1000, 1024))), List.of(annotated)));
    assertThat(ups(d)).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("annotated"));

    NodeGroup bare = group("bare", 0, 5, 0, null);
    Decision none = decide(snapshot(List.of(), List.of(pending("p", req(1000, 1024))), List.of(bare)));
    assertThat(none.sizeChanges()).isEmpty();
    assertThat(none.verdicts(Verdict.NOT_TRIGGERED)).singleElement()
        .satisfies(v -> assertThat(v.message()).contains("capacity unknown"));
    assertThat(none.groups()).singleElement().satisfies(g -> assertThat(g.health()).contains("capacity unknown"));
  }

  @Test
  void groupMaxCapsTheScaleUpAndTheRestIsReported() {
    NodeGroup a = group("a", 0, 3, 1, cap(4, 16));
    // 5 pods of 3 CPU need 5 nodes; 1 exists (full of other work), max 3 → +2.
    List<PodInfo> pods = new ArrayList<>(pendingPods("p", 5, req(3000, 1024)));
    pods.add(Fixtures.running("busy", req(4000, 1024), "a-1"));
    Decision d = decide(snapshot(List.of(node("a-1", a, cap(4, 16))), pods, List.of(a)));
    assertThat(ups(d)).singleElement().satisfies(c -> assertThat(c.to()).isEqualTo(3));
    assertThat(d.verdicts(Verdict.TRIGGERED_SCALE_UP)).hasSize(2);
    assertThat(d.verdicts(Verdict.NOT_TRIGGERED)).hasSize(3).allSatisfy(v ->
        assertThat(v.groupReasons().get(a.id())).isEqualTo("max node group size reached (3)"));
  }

  @Test
  void clusterLimitsCapTheScaleUp() {
    NodeGroup a = group("a", 0, 100, 0, cap(4, 16));
    List<PodInfo> pods = pendingPods("p", 10, req(3000, 1024));
    AutoscalerSettings nodes = S.with(b -> b.maxNodesTotal = Optional.of(4));
    assertThat(ups(decide(snapshot(List.of(), pods, List.of(a)), nodes))).singleElement()
        .satisfies(c -> assertThat(c.to()).isEqualTo(4));

    AutoscalerSettings cores = S.with(b -> b.coresMax = 24);
    assertThat(ups(decide(snapshot(List.of(), pods, List.of(a)), cores))).singleElement()
        .satisfies(c -> assertThat(c.to()).isEqualTo(6));

    AutoscalerSettings memory = S.with(b -> b.memoryMaxGiB = 32);
    Decision d = decide(snapshot(List.of(), pods, List.of(a)), memory);
    assertThat(ups(d)).singleElement().satisfies(c -> assertThat(c.to()).isEqualTo(2));
    assertThat(d.verdicts(Verdict.NOT_TRIGGERED)).isNotEmpty().allSatisfy(v ->
        assertThat(v.groupReasons().get(a.id())).contains("max cluster memory"));
  }

  @Test
  void nodeSelectorAndTaintsChooseTheRightSet() {
    NodeGroup plain = group("plain", 0, 10, 0, cap(4, 16), Map.of("tier", "web"), List.of());
    NodeGroup db = group("db", 0, 10, 0, cap(4, 16), Map.of("tier", "db"), List.of());
    NodeGroup tainted = group("dedicated", 0, 10, 0, cap(4, 16), Map.of("tier", "db"),
        List.of(new Taint("dedicated", "db", "NoSchedule")));
    PodInfo wantsDb = pending("db-pod", req(1000, 1024), Map.of("tier", "db"), List.of());
    Decision d = decide(snapshot(List.of(), List.of(wantsDb), List.of(plain, db, tainted)));
    assertThat(ups(d)).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("db"));

    PodInfo tolerates = pending("t-pod", req(1000, 1024), Map.of("tier", "db"),
        List.of(new Toleration("dedicated", "Equal", "db", "NoSchedule")));
    Decision t = decide(snapshot(List.of(), List.of(tolerates), List.of(plain, tainted)));
    assertThat(ups(t)).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("dedicated"));

    Decision none = decide(snapshot(List.of(), List.of(wantsDb), List.of(plain, tainted)));
    assertThat(none.sizeChanges()).isEmpty();
    assertThat(none.verdicts(Verdict.NOT_TRIGGERED)).singleElement().satisfies(v -> {
      assertThat(v.groupReasons().get(plain.id())).contains("node selector");
      assertThat(v.groupReasons().get(tainted.id())).contains("untolerated taint {dedicated=db:NoSchedule}");
    });
  }

  @Test
  void gpuPodsGoOnlyToGpuSetsAndOtherPodsNeverThere() {
    NodeGroup cpu = group("cpu", 0, 10, 0, cap(8, 32));
    NodeGroup gpu = group("gpu", 0, 10, 0, gpuCap(8, 32, 1));
    PodInfo gpuPod = pending("g", new Resources(1000, 1L << 30, 1, 0, 1));
    PodInfo cpuPod = pending("c", req(1000, 1024));
    Decision d = decide(snapshot(List.of(), List.of(gpuPod, cpuPod), List.of(cpu, gpu)));
    assertThat(ups(d)).extracting(SizeChange::name).containsExactlyInAnyOrder("cpu", "gpu");
    assertThat(d.verdicts(Verdict.TRIGGERED_SCALE_UP)).anySatisfy(v -> {
      assertThat(v.pod()).isEqualTo("default/g");
      assertThat(v.group()).isEqualTo(gpu.id());
    }).anySatisfy(v -> {
      assertThat(v.pod()).isEqualTo("default/c");
      assertThat(v.group()).isEqualTo(cpu.id());
    });

    Decision onlyGpu = decide(snapshot(List.of(), List.of(cpuPod), List.of(gpu)));
    assertThat(onlyGpu.sizeChanges()).isEmpty();
    assertThat(onlyGpu.verdicts(Verdict.NOT_TRIGGERED)).singleElement()
        .satisfies(v -> assertThat(v.groupReasons().get(gpu.id())).contains("GPU MachineSet"));
  }

  @Test
  void leastWastePicksTheTighterTemplate() {
    NodeGroup loose = group("loose", 0, 10, 0, cap(16, 64));
    NodeGroup tight = group("tight", 0, 10, 0, cap(4, 16));
    // 4 pods of 1 CPU / 4 GiB: one 4x16 node exactly (waste 0) vs one 16x64 node (waste 1.5).
    Decision d = decide(snapshot(List.of(), pendingPods("p", 4, req(1000, 4096)), List.of(loose, tight)));
    assertThat(ups(d)).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("tight");
      assertThat(c.reason()).contains("least-waste");
    });
    assertThat(d.verdicts(Verdict.TRIGGERED_SCALE_UP)).hasSize(4).allSatisfy(v -> {
      assertThat(v.groupReasons().get(tight.id())).startsWith("chosen: least-waste");
      assertThat(v.groupReasons().get(loose.id())).isEqualTo("could take it; another MachineSet was chosen");
    });
  }

  @Test
  void priorityExpanderPicksTheHighestMatchingPattern() {
    NodeGroup cheap = group("spot-workers", 0, 10, 0, cap(4, 16));
    NodeGroup dear = group("on-demand-workers", 0, 10, 0, cap(4, 16));
    AutoscalerSettings s = S.with(b -> {
      b.expanders = List.of(AutoscalerSettings.ExpanderKind.Priority);
      b.priorities = Map.of(10, List.of(Pattern.compile(".*spot.*")), 1, List.of(Pattern.compile(".*")));
    });
    for (int seed = 0; seed < 5; seed++) {
      Decision d = Autoscaler.decide(snapshot(List.of(), pendingPods("p", 2, req(1000, 1024)), List.of(dear, cheap)),
          AutoscalerState.EMPTY, s, NOW, new Random(seed));
      assertThat(ups(d)).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("spot-workers"));
    }
  }

  @Test
  void aSalvoOverSeveralSetsListsThemInTheExpandersOrder() {
    // Each set can hold one 4-CPU node; five 3-CPU pods need all three: one pass, ranked by priority.
    NodeGroup low = group("low-workers", 0, 1, 0, cap(4, 16));
    NodeGroup high = group("high-workers", 0, 1, 0, cap(4, 16));
    NodeGroup mid = group("mid-workers", 0, 1, 0, cap(4, 16));
    AutoscalerSettings s = S.with(b -> {
      b.expanders = List.of(AutoscalerSettings.ExpanderKind.Priority);
      b.priorities = Map.of(20, List.of(Pattern.compile(".*high.*")), 15, List.of(Pattern.compile(".*mid.*")),
          10, List.of(Pattern.compile(".*low.*")));
    });
    Decision d = decide(snapshot(List.of(), pendingPods("p", 3, req(3000, 1024)), List.of(low, high, mid)), s);

    assertThat(ups(d)).extracting(SizeChange::name).containsExactly("high-workers", "mid-workers", "low-workers");
    assertThat(ups(d)).extracting(c -> c.reason().substring(0, "expander choice 1 of 3".length()))
        .containsExactly("expander choice 1 of 3", "expander choice 2 of 3", "expander choice 3 of 3");
  }

  @Test
  void mostPodsPrefersTheOptionPlacingMorePods() {
    NodeGroup narrow = group("narrow", 0, 1, 0, cap(2, 8));
    NodeGroup wide = group("wide", 0, 1, 0, cap(8, 32));
    AutoscalerSettings s = S.with(b -> b.expanders = List.of(AutoscalerSettings.ExpanderKind.MostPods));
    Decision d = decide(snapshot(List.of(), pendingPods("p", 8, req(1000, 1024)), List.of(narrow, wide)), s);
    assertThat(ups(d).get(0).name()).isEqualTo("wide");
  }

  @Test
  void failedSetIsBackedOffAndAnotherIsUsed() {
    NodeGroup a = Fixtures.withMachines(group("a", 0, 10, 1, cap(4, 16)),
        List.of(new GroupMachine("a-x", null, true, false, NOW.minusSeconds(30))));
    NodeGroup b = group("b", 0, 10, 0, cap(4, 16));
    Decision d = decide(snapshot(List.of(), List.of(pending("p", req(1000, 1024))), List.of(a, b)));

    assertThat(d.sizeChanges()).anySatisfy(c -> {
      assertThat(c.name()).isEqualTo("a");
      assertThat(c.kind()).isEqualTo(Change.REMOVE_FAILED);
      assertThat(c.to()).isZero();
    });
    assertThat(ups(d)).singleElement().satisfies(c -> assertThat(c.name()).isEqualTo("b"));
    assertThat(d.next().backoffs().get(a.id()).until()).isEqualTo(NOW.plus(S.initialBackoff()));
    assertThat(d.groups()).filteredOn(g -> g.name().equals("a")).singleElement()
        .satisfies(g -> assertThat(g.health()).isEqualTo("Backoff"));
  }

  @Test
  void scaleUpNotRegisteredWithinProvisionTimeIsRevertedAndBackedOff() {
    NodeGroup a = group("a", 0, 10, 0, cap(4, 16));
    List<PodInfo> pods = pendingPods("p", 2, req(3000, 1024));
    Decision first = decide(snapshot(List.of(), pods, List.of(a)));
    assertThat(ups(first)).singleElement().satisfies(c -> assertThat(c.to()).isEqualTo(2));

    NodeGroup raised = group("a", 0, 10, 2, cap(4, 16));
    NodeInfo one = node("a-1", raised, cap(4, 16));
    Decision before = Autoscaler.decide(snapshot(List.of(one), pods.subList(1, 2), List.of(raised)), first.next(), S,
        NOW.plus(S.maxNodeProvisionTime()).minusSeconds(1), new Random(1));
    assertThat(before.sizeChanges()).isEmpty();

    Decision after = Autoscaler.decide(snapshot(List.of(one), pods.subList(1, 2), List.of(raised)), before.next(), S,
        NOW.plus(S.maxNodeProvisionTime()), new Random(1));
    assertThat(after.sizeChanges()).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(Change.REVERT_TIMED_OUT);
      assertThat(c.from()).isEqualTo(2);
      assertThat(c.to()).isEqualTo(1);
    });
    assertThat(after.next().backoffs()).containsKey(a.id());
    assertThat(after.next().requests()).doesNotContainKey(a.id());
  }

  @Test
  void balancingSpreadsNodesOverSimilarSets() {
    NodeGroup a = group("zone-a", 0, 10, 0, cap(4, 16), Map.of("topology.kubernetes.io/zone", "a"), List.of());
    NodeGroup b = group("zone-b", 0, 10, 0, cap(4, 16), Map.of("topology.kubernetes.io/zone", "b"), List.of());
    AutoscalerSettings s = S.with(o -> o.balanceSimilarNodeGroups = true);
    Decision d = decide(snapshot(List.of(), pendingPods("p", 4, req(3000, 1024)), List.of(a, b)), s);
    assertThat(ups(d)).extracting(SizeChange::to).containsExactly(2, 2);
  }

  @Test
  void podsBelowThePriorityCutoffAreIgnored() {
    NodeGroup a = group("a", 0, 10, 0, cap(4, 16));
    PodInfo p = pending("low", req(1000, 1024));
    PodInfo low = new PodInfo(p.namespace(), p.name(), p.labels(), p.annotations(), p.requests(), p.nodeSelector(),
        p.requiredAffinity(), p.tolerations(), p.hostPorts(), -100, p.created(), null, true, false, false,
        p.controllerKind(), p.controllerName(), false, List.of());
    Decision d = decide(snapshot(List.of(), List.of(low), List.of(a)));
    assertThat(d.sizeChanges()).isEmpty();
    assertThat(d.verdicts(Verdict.IGNORED)).singleElement()
        .satisfies(v -> assertThat(v.message()).contains("below the expendable-pods cutoff"));
  }
}
