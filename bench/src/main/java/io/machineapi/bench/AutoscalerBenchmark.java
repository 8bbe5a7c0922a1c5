package io.machineapi.bench;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.autoscaling.v1.ClusterAutoscalerSpec;
import io.machineapi.api.autoscaling.v1beta1.AutoscalerAnnotations;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineObjectMeta;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetSpec;
import io.machineapi.api.machine.v1beta1.MachineSpec;
import io.machineapi.api.machine.v1beta1.MachineTemplateSpec;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.apiserver.RequestStats;
import io.machineapi.autoscaler.cluster.ClusterObjects;
import io.machineapi.autoscaler.cluster.SnapshotReader;
import io.machineapi.autoscaler.core.Autoscaler;
import io.machineapi.autoscaler.core.AutoscalerSettings;
import io.machineapi.autoscaler.core.AutoscalerState;
import io.machineapi.autoscaler.core.ClusterSnapshot;
import io.machineapi.autoscaler.core.Decision;
import io.machineapi.autoscaler.core.PodInfo;
import io.machineapi.autoscaler.core.PodShape;
import io.machineapi.autoscaler.core.Resources;
import io.machineapi.autoscaler.loop.AutoscalerLoop;
import io.machineapi.crds.CustomResourceDefinitions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The autoscaler on a seeded cluster of N nodes in S MachineSets (8 instance types × 5 zones × tiers, some tainted,
 * some GPU), most nodes about 60 % used and {@code --underused} percent about 25 % used (below the 0.5 utilisation
 * threshold, so scale-down candidates are simulated), plus P pending pods drawn from at least 50 distinct shapes
 * (requests × node selectors × tolerations). The cluster is made as Kubernetes objects; three tables:
 * <ol>
 *   <li>the pure core: {@code Autoscaler.decide} on the snapshot read from those objects, single-threaded;</li>
 *   <li>the whole loop against the embedded API: the objects created there, {@link AutoscalerLoop} started (its
 *       informers list once), then its passes — reading the snapshot from the informer caches, deciding, acting
 *       through {@code /scale} and writing the status;</li>
 *   <li>pending-to-scale latency: a pod created {@code PodScheduled=False/Unschedulable} in that cluster until the
 *       {@code PUT machinesets/scale} it causes is answered.</li>
 * </ol>
 */
@Command(name = "autoscaler", mixinStandardHelpOptions = true,
    description = "The autoscaler core's decision time, whole passes against the embedded API, and the time from a "
        + "pod turning unschedulable to the /scale write.")
final class AutoscalerBenchmark implements Callable<Integer> {
  private static final long GI = 1L << 30;
  private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  private static final String NS = "openshift-machine-api";

  @Option(names = "--nodes", split = ",", description = "Node counts for the core's decision time (default "
      + "${DEFAULT-VALUE}).", defaultValue = "1000,5000,10000")
  int[] nodeCounts;

  @Option(names = "--pass-nodes", split = ",", description = "Node counts for whole passes against the embedded API "
      + "(default ${DEFAULT-VALUE}; 0 = none).", defaultValue = "1000,5000")
  int[] passNodeCounts;

  @Option(names = "--machinesets", defaultValue = "200")
  int machineSets;

  @Option(names = "--pending", defaultValue = "20000")
  int pending;

  @Option(names = "--underused", defaultValue = "20",
      description = "Percent of nodes about 25 % used, below the scale-down threshold (default ${DEFAULT-VALUE}).")
  int underusedPercent;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--runs", defaultValue = "5", description = "Measured runs per size (after 2 warm-up runs).")
  int runs;

  @Option(names = "--latency-runs", defaultValue = "10", description = "Pods timed from unschedulable to /scale.")
  int latencyRuns;

  @Option(names = "--create-threads", defaultValue = "4", description = "Parallel creates when filling the API.")
  int createThreads;

  record Type(String name, long cores, long memGi, long gpus) {}

  static final List<Type> TYPES = List.of(new Type("m.large", 2, 8, 0), new Type("m.xlarge", 4, 16, 0),
      new Type("m.2xlarge", 8, 32, 0), new Type("c.2xlarge", 8, 16, 0), new Type("r.2xlarge", 8, 64, 0),
      new Type("m.4xlarge", 16, 64, 0), new Type("r.4xlarge", 16, 128, 0), new Type("g.2xlarge", 8, 32, 1));
  static final String[] TIERS = {"web", "batch", "db", "cache", "ml"};
  static final String[] ZONES = {"a", "b", "c", "d", "e"};

  @Override
  public Integer call() throws Exception {
    core();
    if (Arrays.stream(passNodeCounts).anyMatch(n -> n > 0)) {
      wholePass();
    }
    return 0;
  }

  private void core() {
    if (Arrays.stream(nodeCounts).noneMatch(n -> n > 0)) {
      return;
    }
    System.out.println("| nodes | MachineSets | pending pods | pod shapes | decision ms (median) | min | max | "
        + "scale-down off: ms (median) | scale-ups | nodes added | pods placed | nodes under threshold | "
        + "unneeded after simulation | heap after (MiB) |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int n : nodeCounts) {
      if (n <= 0) {
        continue;
      }
      ClusterSnapshot snap = SnapshotReader.read(cluster(n, new Random(seed)));
      long shapes = PodShape.group(snap.pods().stream().filter(PodInfo::unschedulable).toList()).size();
      AutoscalerSettings s = AutoscalerSettings.defaults();
      long[] ms = decideMillis(snap, s);
      long[] noScaleDown = decideMillis(snap, s.with(b -> b.scaleDownEnabled = false));
      Decision d = Autoscaler.decide(snap, AutoscalerState.EMPTY, s, NOW, new Random(seed));
      Runtime rt = Runtime.getRuntime();
      System.out.printf("| %,d | %d | %,d | %d | %d | %d | %d | %d | %d | %,d | %,d | %,d | %,d | %d |%n", n,
          machineSets, pending, shapes, ms[ms.length / 2], ms[0], ms[ms.length - 1],
          noScaleDown[noScaleDown.length / 2], d.sizeChanges().size(), added(d), placed(d), underThreshold(d),
          d.next().unneededSince().size(), (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
  }

  /** {@code decide} single-threaded: 2 warm-up runs, then {@code runs} timed; sorted milliseconds. */
  private long[] decideMillis(ClusterSnapshot snap, AutoscalerSettings s) {
    for (int i = 0; i < 2; i++) {
      Autoscaler.decide(snap, AutoscalerState.EMPTY, s, NOW, new Random(seed));
    }
    long[] ms = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      Autoscaler.decide(snap, AutoscalerState.EMPTY, s, NOW, new Random(seed));
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static long added(Decision d) {
    return d.sizeChanges().stream().mapToLong(c -> c.to() - c.from()).sum();
  }

  private static long placed(Decision d) {
    return d.pods().stream().filter(v -> v.verdict() == Decision.Verdict.TRIGGERED_SCALE_UP).count();
  }

  /** Nodes the scale-down planner took as candidates (every node it did not skip for its utilisation). */
  private static long underThreshold(Decision d) {
    return d.nodeReasons().values().stream().filter(r -> !r.startsWith("utilisation")).count()
        + d.next().unneededSince().keySet().stream().filter(k -> !d.nodeReasons().containsKey(k)).count();
  }

  private void wholePass() throws Exception {
    System.out.println();
    System.out.println("| nodes | pods in the API | fill s | caches synced s | first pass: read ms | decide ms | "
        + "act ms | /scale writes | Events | settling passes | steady pass: read ms (median) | decide ms | act ms | "
        + "GETs per pass | /scale GET+PUT ms (median) | pending→/scale ms (median) | min | max | "
        + "heap after (MiB) |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        + "---:|");
    for (int n : passNodeCounts) {
      if (n <= 0) {
        continue;
      }
      EmbeddedApiServer api = EmbeddedApiServer.start(0);
      KubernetesClient client = api.client();
      try {
        api.installCrds(CustomResourceDefinitions.all());
        long f0 = System.nanoTime();
        ClusterObjects objects = cluster(n, new Random(seed));
        String c0name = objects.machineSets().get(0).getMetadata().getName();
        int pods = fill(client, objects);
        objects = null;
        double fillSeconds = (System.nanoTime() - f0) / 1e9;
        RequestStats stats = api.requestStats();
        long s0 = System.nanoTime();
        try (AutoscalerLoop loop = new AutoscalerLoop(client, NS, Clock.systemUTC(), Duration.ofHours(1)).start()) {
          // The first pass runs as soon as the informers have listed: every pending pod, every /scale write.
          AutoscalerLoop.Pass first = until(loop::lastPass, Duration.ofMinutes(10));
          double syncSeconds = (System.nanoTime() - s0) / 1e9 - seconds(first.read(), first.decide(), first.act());
          long scaleWrites = stats.count("PUT", "machinesets/scale");
          long events = settled(() -> stats.count("POST", "events"));
          // Steady passes: same cluster, the scale-ups in flight. A few passes may still add nodes (the fit on
          // upcoming nodes is estimated differently from the scale-up's binpacking); they run first, untimed.
          int settling = 0;
          while (settling < 10 && !loop.pass().decision().sizeChanges().isEmpty()) {
            settling++;
          }
          long gets = gets(stats);
          long[][] steady = new long[3][runs];
          for (int i = 0; i < runs; i++) {
            AutoscalerLoop.Pass p = loop.pass();
            steady[0][i] = p.read().toMillis();
            steady[1][i] = p.decide().toMillis();
            steady[2][i] = p.act().toMillis();
          }
          double getsPerPass = (gets(stats) - gets) / (double) runs;
          long rtt = scaleRoundTrip(client, c0name);
          long[] latency = latency(client);
          for (long[] a : steady) {
            Arrays.sort(a);
          }
          Runtime rt = Runtime.getRuntime();
          System.out.printf("| %,d | %,d | %.0f | %.1f | %d | %d | %d | %d | %,d | %d | %d | %d | %d | %.1f | %d | %d "
              + "| %d | %d | %d |%n", n, pods, fillSeconds, syncSeconds, first.read().toMillis(),
              first.decide().toMillis(), first.act().toMillis(), scaleWrites, events, settling,
              steady[0][runs / 2], steady[1][runs / 2],
              steady[2][runs / 2], getsPerPass, rtt,
              latency[latency.length / 2], latency[0], latency[latency.length - 1],
              (rt.totalMemory() - rt.freeMemory()) >> 20);
        }
      } finally {
        // The loop's Event writer may still be sending what the first pass queued: let it finish first.
        settled(() -> api.requestStats().count("POST", "events"));
        closeQuietly(client);
        closeQuietly(api);
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("close: " + e);
    }
  }

  /**
   * The floor of one scale change: a {@code /scale} GET and a PUT of the same replicas (what {@code ScaleActuator}
   * sends), 20 times on one MachineSet; the median in milliseconds.
   */
  private static long scaleRoundTrip(KubernetesClient client, String set) {
    long[] ms = new long[20];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      var scale = client.resources(MachineSet.class).inNamespace(NS).withName(set).scale();
      client.resources(MachineSet.class).inNamespace(NS).withName(set).scale(scale);
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  private static long gets(RequestStats stats) {
    return stats.snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("GET "))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** Waits until {@code count} has not moved for 2 s (at most 10 min); returns it. */
  private static long settled(java.util.function.LongSupplier count) {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    long last = -1;
    long now = count.getAsLong();
    while (now != last && System.nanoTime() < deadline) {
      last = now;
      LockSupport.parkNanos(2_000_000_000L);
      now = count.getAsLong();
    }
    return now;
  }

  private static double seconds(Duration... parts) {
    return Arrays.stream(parts).mapToLong(Duration::toNanos).sum() / 1e9;
  }

  /**
   * Pods that each need a new node of MachineSet {@code latency} (empty, max 1000): one at a time, created already
   * {@code PodScheduled=False/Unschedulable}, timed until a watch on that MachineSet sees the replicas the pod asked
   * for (so the time includes the watch delivery of the change, a few milliseconds).
   */
  private long[] latency(KubernetesClient client) {
    AtomicInteger replicas = new AtomicInteger();
    AtomicLong seenAt = new AtomicLong();
    long[] ms = new long[latencyRuns];
    try (Watch watch = client.resources(MachineSet.class).inNamespace(NS).withName("latency")
        .watch(new Watcher<>() {
          @Override
          public void eventReceived(Action action, MachineSet set) {
            long now = System.nanoTime();
            Integer r = set.getSpec() == null ? null : set.getSpec().getReplicas();
            if (r != null && r > replicas.get()) {
              seenAt.set(now);
              replicas.set(r);
            }
          }

          @Override
          public void onClose(WatcherException cause) {
            // the benchmark fails below if no change is seen
          }
        })) {
      for (int i = 0; i < latencyRuns; i++) {
        int want = i + 1;
        long t0 = System.nanoTime();
        client.pods().inNamespace("apps").resource(pendingPod("latency-" + i,
            new Resources(7000, 2 * GI, 0, 0, 1), Map.of("bench", "latency"), List.of(new TolerationBuilder()
                .withKey("bench").withOperator("Exists").withEffect("NoSchedule").build()))).create();
        until(() -> replicas.get() >= want ? Boolean.TRUE : null, Duration.ofSeconds(60));
        ms[i] = (seenAt.get() - t0) / 1_000_000;
      }
    }
    Arrays.sort(ms);
    return ms;
  }

  /** Polls every millisecond until {@code value} is non-null. */
  private static <T> T until(java.util.function.Supplier<T> value, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      T v = value.get();
      if (v != null) {
        return v;
      }
      LockSupport.parkNanos(1_000_000);
    }
    throw new IllegalStateException("not reached within " + timeout);
  }

  /** Creates the cluster's objects in the API (MachineSets first, for the Machines' owner uids); returns the pods. */
  private int fill(KubernetesClient client, ClusterObjects c) throws InterruptedException {
    for (String ns : List.of(NS, "load", "apps")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    client.resources(ClusterAutoscaler.class).resource(c.defaultAutoscaler()).create();
    // The running pods' controller must exist, or the API's garbage collector deletes them as orphans.
    String rsUid = client.apps().replicaSets().inNamespace("load").resource(new ReplicaSetBuilder().withNewMetadata()
        .withName("load").withNamespace("load").endMetadata().withNewSpec().withNewSelector()
        .withMatchLabels(Map.of("app", "load")).endSelector().endSpec().build()).create().getMetadata().getUid();
    Map<String, String> uids = new HashMap<>();
    for (MachineSet s : c.machineSets()) {
      String generated = s.getMetadata().getUid();
      uids.put(generated, client.resources(MachineSet.class).inNamespace(NS).resource(s).create().getMetadata()
          .getUid());
    }
    client.resources(MachineSet.class).inNamespace(NS).resource(latencySet()).create();
    ExecutorService pool = Executors.newFixedThreadPool(createThreads);
    try {
      List<Callable<Object>> creates = new ArrayList<>();
      for (Machine m : c.machines()) {
        m.getMetadata().getOwnerReferences().forEach(r -> r.setUid(uids.get(r.getUid())));
        creates.add(() -> client.resources(Machine.class).inNamespace(NS).resource(m).create());
      }
      for (Node node : c.nodes()) {
        creates.add(() -> client.nodes().resource(node).create());
      }
      for (Pod p : c.pods()) {
        p.getMetadata().getOwnerReferences().forEach(r -> r.setUid(rsUid));
        creates.add(() -> client.pods().inNamespace(p.getMetadata().getNamespace()).resource(p).create());
      }
      AtomicInteger done = new AtomicInteger();
      long t0 = System.nanoTime();
      List<Callable<Object>> counted = creates.stream().<Callable<Object>>map(create -> () -> {
        Object o = create.call();
        if (done.incrementAndGet() % 10_000 == 0) {
          System.err.printf("created %,d of %,d objects (%.0f s)%n", done.get(), creates.size(),
              (System.nanoTime() - t0) / 1e9);
        }
        return o;
      }).toList();
      for (var f : pool.invokeAll(counted)) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("creating the cluster failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return c.pods().size();
  }

  /**
   * An empty autoscaled MachineSet for the latency pods: 8 CPU nodes labelled {@code bench=latency} and tainted
   * {@code bench=latency:NoSchedule}, so no other pending pod makes it grow.
   */
  private static MachineSet latencySet() {
    MachineSet s = machineSet("latency", Map.of("bench", "latency"), List.of(taint("bench", "latency")),
        new Type("m.2xlarge", 8, 32, 0), 0, 1000);
    s.getMetadata().setUid(null);
    return s;
  }

  /**
   * The seeded cluster as Kubernetes objects: every MachineSet has some nodes, each with its Machine; most nodes
   * about 60 % used, {@code --underused} percent about 25 %; pending pods from the shapes; ClusterAutoscaler
   * {@code default} with the defaults.
   */
  ClusterObjects cluster(int nodeCount, Random r) {
    List<MachineSet> sets = new ArrayList<>();
    List<Type> setType = new ArrayList<>();
    List<List<Taint>> setTaints = new ArrayList<>();
    List<Map<String, String>> setLabels = new ArrayList<>();
    int target = Math.max(1, nodeCount / machineSets);
    for (int i = 0; i < machineSets; i++) {
      Type t = TYPES.get(i % TYPES.size());
      String tier = TIERS[(i / TYPES.size()) % TIERS.length];
      String zone = ZONES[(i / (TYPES.size() * TIERS.length)) % ZONES.length];
      Map<String, String> labels = Map.of("tier", tier, "topology.kubernetes.io/zone", zone,
          "node.kubernetes.io/instance-type", t.name());
      List<Taint> taints = t.gpus() > 0 ? List.of(taint("nvidia.com/gpu", "present"))
          : "db".equals(tier) ? List.of(taint("dedicated", "db")) : List.of();
      sets.add(machineSet("set-" + i + "-" + t.name() + "-" + tier + "-" + zone, labels, taints, t, target,
          target + 50));
      setType.add(t);
      setTaints.add(taints);
      setLabels.add(labels);
    }
    List<Node> nodes = new ArrayList<>();
    List<Machine> machines = new ArrayList<>();
    List<Pod> pods = new ArrayList<>();
    String ready = NOW.minusSeconds(3600).toString();
    for (int i = 0; i < nodeCount; i++) {
      int gi = i % machineSets;
      MachineSet set = sets.get(gi);
      Type t = setType.get(gi);
      String name = set.getMetadata().getName() + "-n" + i;
      Map<String, String> labels = new HashMap<>(setLabels.get(gi));
      labels.put("kubernetes.io/hostname", name);
      Map<String, Quantity> capacity = Map.of("cpu", new Quantity(String.valueOf(t.cores())),
          "memory", new Quantity(t.memGi() + "Gi"), "nvidia.com/gpu", new Quantity(String.valueOf(t.gpus())),
          "ephemeral-storage", new Quantity("100Gi"), "pods", new Quantity("110"));
      nodes.add(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels)
          .withCreationTimestamp(NOW.minusSeconds(7200).toString())
          .withAnnotations(Map.of("machine.openshift.io/machine", NS + "/" + name)).endMetadata()
          .withNewSpec().withTaints(setTaints.get(gi)).endSpec()
          .withNewStatus().withAllocatable(capacity).withCapacity(capacity)
          .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(ready).endCondition()
          .endStatus().build());
      Machine m = new Machine();
      m.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS)
          .withCreationTimestamp(NOW.minusSeconds(7200).toString())
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("machine.openshift.io/v1beta1")
              .withKind("MachineSet").withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
              .withController(true).build()).build());
      machines.add(m);
      List<Toleration> tolerations = setTaints.get(gi).stream()
          .map(x -> new TolerationBuilder().withKey(x.getKey()).withOperator("Exists").withEffect(x.getEffect())
              .build()).toList();
      // About 60 % of the CPU used by running pods; the under-used nodes about 25 % (scale-down candidates).
      long share = r.nextInt(100) < underusedPercent ? 250 : 600;
      long used = 0;
      int k = 0;
      while (used < t.cores() * share) {
        long cpu = 250L * (1 + r.nextInt(4));
        pods.add(new PodBuilder().withNewMetadata().withNamespace("load").withName(name + "-p" + k++)
            .withLabels(Map.of("app", "load")).withCreationTimestamp(NOW.minusSeconds(3600).toString())
            .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("load")
            .withUid("rs-load").withController(true).endOwnerReference().endMetadata()
            .withNewSpec().withNodeName(name).withTolerations(tolerations).addNewContainer().withName("c")
            .withImage("load").withNewResources().withRequests(Map.of("cpu", new Quantity(cpu + "m"),
                "memory", new Quantity((cpu << 21) + ""))).endResources().endContainer().endSpec()
            .withNewStatus().withPhase("Running").endStatus().build());
        used += cpu;
      }
    }
    List<PodShapeSpec> shapes = shapes();
    for (int i = 0; i < pending; i++) {
      PodShapeSpec s = shapes.get(r.nextInt(shapes.size()));
      pods.add(pendingPod("pending-" + i, s.requests(), s.selector(), s.tolerations()));
    }
    ClusterAutoscaler ca = new ClusterAutoscaler();
    ca.setMetadata(new ObjectMetaBuilder().withName(ClusterAutoscaler.SINGLETON_NAME).build());
    ca.setSpec(new ClusterAutoscalerSpec());
    return new ClusterObjects(nodes, pods, List.of(), sets, machines, List.of(ca), null);
  }

  private static Taint taint(String key, String value) {
    return new TaintBuilder().withKey(key).withValue(value).withEffect("NoSchedule").build();
  }

  private static MachineSet machineSet(String name, Map<String, String> labels, List<Taint> taints, Type t,
      int replicas, int max) {
    MachineSet set = new MachineSet();
    set.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withUid("uid-" + name)
        .withAnnotations(Map.of(AutoscalerAnnotations.MIN, "0", AutoscalerAnnotations.MAX, String.valueOf(max),
            "capacity.cluster-autoscaler.kubernetes.io/cpu", String.valueOf(t.cores()),
            "capacity.cluster-autoscaler.kubernetes.io/memory", t.memGi() + "Gi",
            "capacity.cluster-autoscaler.kubernetes.io/gpu-count", String.valueOf(t.gpus())))
        .build());
    MachineSetSpec spec = new MachineSetSpec();
    spec.setReplicas(replicas);
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("machineset", name)).build());
    MachineTemplateSpec template = new MachineTemplateSpec();
    MachineObjectMeta templateMeta = new MachineObjectMeta();
    templateMeta.setLabels(Map.of("machineset", name));
    template.setMetadata(templateMeta);
    MachineSpec machineSpec = new MachineSpec();
    MachineObjectMeta nodeMeta = new MachineObjectMeta();
    nodeMeta.setLabels(labels);
    machineSpec.setMetadata(nodeMeta);
    machineSpec.setTaints(taints.isEmpty() ? null : taints);
    template.setSpec(machineSpec);
    spec.setTemplate(template);
    set.setSpec(spec);
    return set;
  }

  private static Pod pendingPod(String name, Resources requests, Map<String, String> selector,
      List<Toleration> tolerations) {
    Map<String, Quantity> req = new HashMap<>();
    req.put("cpu", new Quantity(requests.cpuMilli() + "m"));
    req.put("memory", new Quantity(String.valueOf(requests.memoryBytes())));
    if (requests.gpus() > 0) {
      req.put("nvidia.com/gpu", new Quantity(String.valueOf(requests.gpus())));
    }
    return new PodBuilder().withNewMetadata().withNamespace("apps").withName(name)
        .withLabels(Map.of("app", "a" + Math.floorMod(name.hashCode(), 97)))
        .withCreationTimestamp(NOW.minusSeconds(30).toString()).endMetadata()
        .withNewSpec().withNodeSelector(selector.isEmpty() ? null : selector).withTolerations(tolerations)
        .addNewContainer().withName("c").withImage("app").withNewResources().withRequests(req).endResources()
        .endContainer().endSpec()
        .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
        .withReason("Unschedulable").withMessage("0/0 nodes are available").endCondition().endStatus().build();
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
        List<Toleration> tol = "db".equals(sel.get("tier")) ? List.of(new TolerationBuilder().withKey("dedicated")
            .withOperator("Equal").withValue("db").withEffect("NoSchedule").build()) : List.of();
        if (seen.add(size[0] + "/" + sel)) {
          out.add(new PodShapeSpec(new Resources(size[0], size[1] << 20, 0, 0, 1), sel, tol));
        }
      }
    }
    List<Toleration> gpuTol = List.of(new TolerationBuilder().withKey("nvidia.com/gpu").withOperator("Exists")
        .withEffect("NoSchedule").build());
    out.add(new PodShapeSpec(new Resources(2000, 8L << 30, 1, 0, 1), Map.of("tier", "ml"), gpuTol));
    out.add(new PodShapeSpec(new Resources(4000, 16L << 30, 1, 0, 1), Map.of(), gpuTol));
    return out;
  }
}
