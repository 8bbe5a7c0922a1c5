package io.machineapi.bench;

import io.machineapi.autoscaler.core.Autoscaler;
import io.machineapi.autoscaler.core.AutoscalerSettings;
import io.machineapi.autoscaler.core.AutoscalerState;
import io.machineapi.autoscaler.core.ClusterSnapshot;
import io.machineapi.autoscaler.core.Decision;
import io.machineapi.autoscaler.core.NodeGroup;
import io.machineapi.autoscaler.core.NodeInfo;
import io.machineapi.autoscaler.core.PodInfo;
import io.machineapi.autoscaler.core.PodShape;
import io.machineapi.autoscaler.core.Resources;
import io.machineapi.autoscaler.core.Taint;
import io.machineapi.autoscaler.core.Toleration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Decision time of the pure autoscaler core, single-threaded: a seeded cluster of N nodes in S MachineSets (8
 * instance types × 5 zones × tiers, some tainted, some GPU), each node partly used, plus P pending pods drawn from at
 * least 50 distinct shapes (requests × node selectors × tolerations). Prints a Markdown row per node count.
 */
@Command(name = "autoscaler", mixinStandardHelpOptions = true,
    description = "Decision time of the autoscaler core for a large seeded snapshot.")
final class AutoscalerBenchmark implements Callable<Integer> {
  private static final long GI = 1L << 30;
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

  @Option(names = "--nodes", split = ",", description = "Node counts to measure (default ${DEFAULT-VALUE}).",
      defaultValue = "1000,5000,10000")
  int[] nodeCounts;

  @Option(names = "--machinesets", defaultValue = "200")
  int machineSets;

  @Option(names = "--pending", defaultValue = "20000")
  int pending;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--runs", defaultValue = "5", description = "Measured runs per size (after 2 warm-up runs).")
  int runs;

  record Type(String name, long cores, long memGi, long gpus) {}

  static final List<Type> TYPES = List.of(new Type("m.large", 2, 8, 0), new Type("m.xlarge", 4, 16, 0),
      new Type("m.2xlarge", 8, 32, 0), new Type("c.2xlarge", 8, 16, 0), new Type("r.2xlarge", 8, 64, 0),
      new Type("m.4xlarge", 16, 64, 0), new Type("r.4xlarge", 16, 128, 0), new Type("g.2xlarge", 8, 32, 1));
  static final String[] TIERS = {"web", "batch", "db", "cache", "ml"};
  static final String[] ZONES = {"a", "b", "c", "d", "e"};

  @Override
  public Integer call() {
    System.out.println("| nodes | MachineSets | pending pods | pod shapes | decision ms (median) | min | max | "
        + "scale-ups | nodes added | pods placed | heap after (MiB) |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : nodeCounts) {
      ClusterSnapshot snap = snapshot(n, machineSets, pending, new Random(seed));
      long shapes = PodShape.group(snap.pods().stream().filter(PodInfo::unschedulable).toList()).size();
      AutoscalerSettings s = AutoscalerSettings.defaults();
      Decision d = null;
      for (int i = 0; i < 2; i++) {
        d = Autoscaler.decide(snap, AutoscalerState.EMPTY, s, NOW, new Random(seed));
      }
      long[] ms = new long[runs];
      for (int i = 0; i < runs; i++) {
        long t0 = System.nanoTime();
        d = Autoscaler.decide(snap, AutoscalerState.EMPTY, s, NOW, new Random(seed));
        ms[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      Arrays.sort(ms);
      long added = d.sizeChanges().stream().mapToLong(c -> c.to() - c.from()).sum();
      long placed = d.pods().stream().filter(v -> v.verdict() == Decision.Verdict.TRIGGERED_SCALE_UP).count();
      Runtime rt = Runtime.getRuntime();
      System.out.printf("| %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |%n", n, machineSets, pending, shapes,
          ms[ms.length / 2], ms[0], ms[ms.length - 1], d.sizeChanges().size(), added, placed,
          (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
    return 0;
  }

  /** Seeded cluster: every MachineSet has some nodes, each node about half used; pending pods from the shapes. */
  static ClusterSnapshot snapshot(int nodeCount, int setCount, int pendingCount, Random r) {
    List<NodeGroup> groups = new ArrayList<>();
    List<Type> groupType = new ArrayList<>();
    for (int i = 0; i < setCount; i++) {
      Type t = TYPES.get(i % TYPES.size());
      String tier = TIERS[(i / TYPES.size()) % TIERS.length];
      String zone = ZONES[(i / (TYPES.size() * TIERS.length)) % ZONES.length];
      Map<String, String> labels = Map.of("tier", tier, "topology.kubernetes.io/zone", zone,
          "node.kubernetes.io/instance-type", t.name());
      List<Taint> taints = t.gpus() > 0 ? List.of(new Taint("nvidia.com/gpu", "present", "NoSchedule"))
          : "db".equals(tier) ? List.of(new Taint("dedicated", "db", "NoSchedule")) : List.of();
      String name = "set-" + i + "-" + t.name() + "-" + tier + "-" + zone;
      Resources cap = new Resources(t.cores() * 1000, t.memGi() * GI, t.gpus(), 100 * GI, 110);
      int target = Math.max(1, nodeCount / setCount);
      groups.add(new NodeGroup(NodeGroup.id("openshift-machine-api", name), "openshift-machine-api", name, 0,
          target + 50, target, labels, taints, Optional.of(new NodeGroup.ScaleFromZero(cap, Map.of(), List.of())),
          NodeGroup.GroupOptions.NONE, List.of(), null));
      groupType.add(t);
    }
    List<NodeInfo> nodes = new ArrayList<>();
    List<PodInfo> pods = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      int gi = i % setCount;
      NodeGroup g = groups.get(gi);
      Type t = groupType.get(gi);
      String name = g.name() + "-n" + i;
      Map<String, String> labels = new HashMap<>(g.templateLabels());
      labels.put("kubernetes.io/hostname", name);
      nodes.add(new NodeInfo(name, labels, Map.of(), g.templateTaints(),
          new Resources(t.cores() * 1000, t.memGi() * GI, t.gpus(), 100 * GI, 110), true, NOW.minusSeconds(3600),
          false, false, NOW.minusSeconds(7200), g.id(), "openshift-machine-api/" + name));
      // About half of the CPU used by running pods (so most pending pods do not fit, and scale-down finds nothing).
      long used = 0;
      int k = 0;
      while (used < t.cores() * 600) {
        long cpu = 250L * (1 + r.nextInt(4));
        pods.add(new PodInfo("load", name + "-p" + k++, Map.of("app", "load"), Map.of(),
            new Resources(cpu, cpu << 21, 0, 0, 1), Map.of(), List.of(), tolerationsFor(g), Set.of(), 0,
            NOW.minusSeconds(3600), name, false, false, false, "ReplicaSet", "load", false, List.of()));
        used += cpu;
      }
    }
    List<PodShapeSpec> shapes = shapes();
    for (int i = 0; i < pendingCount; i++) {
      PodShapeSpec s = shapes.get(r.nextInt(shapes.size()));
      pods.add(new PodInfo("apps", "pending-" + i, Map.of("app", "a" + (i % 97)), Map.of(), s.requests(),
          s.selector(), List.of(), s.tolerations(), Set.of(), 0, NOW.minusSeconds(30), null, true, false, false,
          "ReplicaSet", "a" + (i % 97), false, List.of()));
    }
    return new ClusterSnapshot(nodes, pods, List.of(), groups);
  }

  private static List<Toleration> tolerationsFor(NodeGroup g) {
    return g.templateTaints().stream().map(t -> new Toleration(t.key(), "Exists", null, t.effect())).toList();
  }

  record PodShapeSpec(Resources requests, Map<String, String> selector, List<Toleration> tolerations) {}

  /** 6 request sizes × (no selector, 5 tiers, a zone) × tolerations where needed, plus GPU pods: 60+ shapes. */
  static List<PodShapeSpec> shapes() {
    long[][] sizes = {{100, 128}, {250, 512}, {500, 1024}, {1000, 2048}, {2000, 8192}, {4000, 4096}};
    List<Map<String, String>> selectors = new ArrayList<>();
    selectors.add(Map.of());
    for (String tier : TIERS) {
      selectors.add(Map.of("tier", tier));
    }
    selectors.add(Map.of("topology.kubernetes.io/zone", "c"));
    selectors.add(Map.of("tier", "web", "topology.kubernetes.io/zone", "a"));
    List<PodShapeSpec> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (long[] size : sizes) {
      for (Map<String, String> sel : selectors) {
        List<Toleration> tol = "db".equals(sel.get("tier"))
            ? List.of(new Toleration("dedicated", "Equal", "db", "NoSchedule")) : List.of();
        if (seen.add(size[0] + "/" + sel)) {
          out.add(new PodShapeSpec(new Resources(size[0], size[1] << 20, 0, 0, 1), sel, tol));
        }
      }
    }
    List<Toleration> gpuTol = List.of(new Toleration("nvidia.com/gpu", "Exists", null, "NoSchedule"));
    out.add(new PodShapeSpec(new Resources(2000, 8L << 30, 1, 0, 1), Map.of("tier", "ml"), gpuTol));
    out.add(new PodShapeSpec(new Resources(4000, 16L << 30, 1, 0, 1), Map.of(), gpuTol));
    return out;
  }
}
