package io.machineapi.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.MachineObjectMeta;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetSpec;
import io.machineapi.api.machine.v1beta1.MachineSpec;
import io.machineapi.api.machine.v1beta1.MachineTemplateSpec;
import io.machineapi.api.machine.v1beta1.ProviderSpec;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.machineapi.apiserver.FieldValidationCost;
import io.machineapi.apiserver.RequestStats;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.providers.sim.SimCallCounts;
import io.machineapi.sandbox.Sandbox;
import io.machineapi.sandbox.SandboxOptions;
import io.machineapi.sandbox.nodes.NodeEmulatorSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scales one MachineSet from 0 to N against the simulated cloud and measures how long until every Machine is
 * Running with a linked Ready Node, what it cost the API server and the cloud, and how that compares with the two
 * floors: the cloud's T_cloud = L (the simulated cloud boots every instance in parallel) and the API's
 * T_api = N·W/R, with R measured by {@link WriteRateProbe} on a store holding N Machines. Then the heap at N Machines
 * and N Nodes, with the API store's share estimated by {@link ApiStoreHeap}.
 */
@Command(name = "lifecycle", mixinStandardHelpOptions = true,
    description = "Scale a MachineSet 0 -> N on the simulated cloud; report time to N Running machines with Ready "
        + "nodes, writes and provider calls per machine, the cloud and API floors and which one binds, and the heap "
        + "at N Machines + N Nodes (whole JVM, API store share, operator side).")
final class LifecycleBenchmark implements Callable<Integer> {
  private static final String NS = Sandbox.MACHINE_API_NAMESPACE;

  @Option(names = "--machines", description = "N, machines to create (default ${DEFAULT-VALUE})")
  int machines = 1000;

  @Option(names = "--boot-seconds", description = "L, boot latency of a simulated instance (default ${DEFAULT-VALUE})")
  int bootSeconds = 2;

  /** C: the operator's default bound on Machine creates in flight ({@code --machineset-max-in-flight}). */
  private final int maxInFlight = ControllerSettings.defaults().machineSetMaxInFlight();

  /**
   * Threads that send the Machine controller's writes: the controllers run on java-operator-sdk's reconcile pool,
   * whose size the sandbox leaves at the SDK's default.
   */
  private final int reconcileThreads = ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER;

  @Option(names = "--timeout-minutes", description = "give up after this long (default ${DEFAULT-VALUE})")
  int timeoutMinutes = 20;

  @Option(names = "--compare-read-patch", description = "also measure the write rate with fabric8's "
      + "withName(n).patch(), which GETs the object before each PATCH (how R was measured before)")
  boolean compareReadPatch;

  @Option(names = "--skip-api-heap", description = "skip the heap split (copying the store into an API of its own "
      + "to estimate its share)")
  boolean skipApiHeap;

  @Override
  public Integer call() throws Exception {
    String loadAtStart = loadAverage();
    System.err.printf("measuring R: %d Machines, then %d patches twice (warm-up, measured)%n", machines,
        WriteRateProbe.writesPerPass(machines));
    WriteRateProbe.Result probe = WriteRateProbe.measure(machineSet(), machines, maxInFlight, reconcileThreads,
        compareReadPatch);
    long heapBefore = HeapPeak.usedAfterGcMiB();
    // Nodes join as soon as the instance runs (no extra kubelet delay): the floor is the cloud's boot time.
    SandboxOptions options = new SandboxOptions(0, bootSeconds, 0, 0, 0, OptionalLong.of(42),
        NodeEmulatorSettings.DEFAULTS.withRegisterDelay(Duration.ZERO), false, Map.of(), true, Set.of());
    // Neither the sandbox nor the watch is closed: the process exits right after the report (Bench.main), and an
    // orderly shutdown of N Machines' informers is slow.
    Sandbox sandbox = Sandbox.start(options);
    KubernetesClient client = sandbox.client();
    client.resources(MachineSet.class).inNamespace(NS).resource(machineSet()).create();
    MachineWatch watch = new MachineWatch(client, NS);
    SimCallCounts before = sandbox.sim().orElseThrow().callCounts();
    HeapPeak.reset();
    RequestStats stats = sandbox.requestStats();
    stats.reset();
    long start = System.nanoTime();
    client.resources(MachineSet.class).inNamespace(NS).withName("bench").scale(machines);
    Duration elapsed = awaitAllRunning(watch, start);
    Run run = new Run(elapsed, stats.writes("machines"), stats.writes("nodes"), stats.snapshot(), before,
        sandbox.sim().orElseThrow().callCounts(), HeapPeak.peakMiB());
    // Queued work (Events written in the background, held status writes) ends before the heap is measured.
    Duration quiet = awaitQuiet(stats);
    report(run, probe);
    System.out.printf("%nAfter that state, until the API had served no write but Node heartbeats for %d s (%.1f s), "
        + "further requests: %s%n", QUIET.toSeconds(), quiet.toMillis() / 1000.0,
        RequestCounts.difference(run.requests(), stats.snapshot()));
    System.out.printf("%nLoad average (1, 5, 15 min) at the start: %s; at the end of the run: %s%n", loadAtStart,
        loadAverage());
    if (elapsed != null) {
      long heapFull = HeapPeak.usedAfterGcMiB();
      System.out.printf("%nHeap after a full GC at %d Machines + %d Nodes: whole JVM %d MiB, of which the "
          + "benchmark's sandbox (API + operator) %d MiB (whole JVM − %d MiB before the sandbox started)%n", machines,
          machines, heapFull, heapFull - heapBefore, heapBefore);
      if (!skipApiHeap) {
        System.err.println("copying the run's objects into an API of its own");
        ApiStoreHeap.Result apiOnly = ApiStoreHeap.measure(ApiStoreHeap.snapshot(client), reconcileThreads);
        reportHeap(heapBefore, heapFull, apiOnly);
      }
    }
    return elapsed == null ? 1 : 0;
  }

  /** What the lifecycle run measured, up to the moment every Machine was Running with a Ready Node. */
  private record Run(Duration elapsed, long machineWrites, long nodeWrites, Map<String, Long> requests,
      SimCallCounts before, SimCallCounts after, long peakHeapMiB) {}

  private static final Duration QUIET = Duration.ofSeconds(2);

  /**
   * Waits (at most 5 minutes) until the API has served no write for {@link #QUIET} apart from the Nodes' periodic
   * heartbeats ({@code PATCH nodes/status}, the node emulator's); returns how long it took.
   */
  private static Duration awaitQuiet(RequestStats stats) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + Duration.ofMinutes(5).toNanos();
    Map<String, Long> last = writesButHeartbeats(stats);
    long quietSince = start;
    while (System.nanoTime() - quietSince < QUIET.toNanos() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      Map<String, Long> now = writesButHeartbeats(stats);
      if (!now.equals(last)) {
        last = now;
        quietSince = System.nanoTime();
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static Map<String, Long> writesButHeartbeats(RequestStats stats) {
    Map<String, Long> writes = new TreeMap<>(stats.snapshot());
    writes.keySet().removeIf(kind -> kind.startsWith("GET ") || kind.equals("PATCH nodes/status"));
    return writes;
  }

  private static String loadAverage() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
    return fields[0] + ", " + fields[1] + ", " + fields[2];
  }

  private Duration awaitAllRunning(MachineWatch watch, long start) throws InterruptedException {
    long deadline = start + Duration.ofMinutes(timeoutMinutes).toNanos();
    int lastReported = -1;
    while (System.nanoTime() < deadline) {
      int ready = watch.runningWithReadyNode();
      if (ready != lastReported && (ready % 100 == 0 || ready == machines)) {
        System.err.printf("%6.1f s: %d/%d Running with Ready nodes%n", (System.nanoTime() - start) / 1e9, ready,
            machines);
        lastReported = ready;
      }
      if (ready >= machines) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(250);
    }
    System.err.println("timed out");
    return null;
  }

  private void report(Run run, WriteRateProbe.Result probe) {
    double machineWrites = run.machineWrites();
    double nodeWrites = run.nodeWrites();
    double writesPerMachine = (machineWrites + nodeWrites) / machines;
    SimCallCounts before = run.before();
    SimCallCounts after = run.after();
    double writeRate = probe.patches().rate();
    double tCloud = bootSeconds;
    double tApi = machines * writesPerMachine / writeRate;
    boolean apiBinds = tApi >= tCloud;
    double floor = Math.max(tCloud, tApi);
    double seconds = run.elapsed() == null ? Double.NaN : run.elapsed().toMillis() / 1000.0;
    System.out.printf("| N | L | C | time to all Running + Ready (s) | T_cloud = L (s) | T_api = N·W/R (s) "
        + "| floor that binds | ratio to it (goal <= 1.25) | W, writes/machine (goal <= 10) | provider calls/machine "
        + "| peak heap (MiB) |%n");
    System.out.printf("|---|---|---|---|---|---|---|---|---|---|---|%n");
    System.out.printf("| %d | %d s | %d | %.1f | %.1f | %.1f (R = %.0f writes/s) | %s | %.2f "
        + "| %.2f (Machine %.2f, Node %.2f) | %.2f (create %.2f, describe calls %.2f, delete %.2f) | %d |%n",
        machines, bootSeconds, maxInFlight, seconds, tCloud, tApi, writeRate, apiBinds ? "T_api" : "T_cloud",
        seconds / floor, writesPerMachine, machineWrites / machines, nodeWrites / machines,
        (double) (after.total() - before.total()) / machines,
        (double) (after.creates() - before.creates()) / machines,
        (double) (after.describes() - before.describes()) / machines,
        (double) (after.deletes() - before.deletes()) / machines, run.peakHeapMiB());
    System.out.printf("%nFloors: T_cloud = L = %d s (the simulated cloud boots every instance it is asked for in "
        + "parallel; C bounds the MachineSet's Machine creates, which are API writes and count in T_api); "
        + "T_api = N·W/R = %d × %.2f / %.0f = %.1f s. The floor that binds is %s (%.1f s).%n",
        bootSeconds, machines, writesPerMachine, writeRate, tApi, apiBinds ? "T_api" : "T_cloud", floor);
    System.out.printf("%nR = %.0f writes/s: %d one-request merge patches (PatchTargets, as the Machine controller "
        + "sends them; metadata/spec, then status, of each Machine in turn) from %d threads (the controllers' "
        + "reconcile threads), on an API of its own holding %d Machines of the benchmark's MachineSet; requests: %s%n",
        writeRate, WriteRateProbe.writesPerPass(machines), probe.patchThreads(), machines,
        probe.patches().requests());
    System.out.printf("Before that, creating those %d Machines (the store growing from 0): %.0f creates/s from %d "
        + "threads (C); a first pass of the same patches (warm-up, not counted): %.0f writes/s%n",
        machines, probe.creates().rate(), probe.createThreads(), probe.warmUp().rate());
    FieldValidationCost.Result fv = probe.fieldValidation();
    System.out.printf("The API's fieldValidation pass on those patches (duplicate-field scan of the body, pruning of "
        + "the patched Machine against its CRD's structural schema and of its metadata, before admission prunes it "
        + "again): %.1f µs per patch, of which the structural pruning %.1f µs, against 1/R = %.0f µs of the API's "
        + "one event-loop thread per write (%.1f %%); median of %d rounds over %d patches on one thread after the "
        + "measured pass, copies of the stored Machines, JIT warmed by as many untimed rounds%n",
        fv.wholeMicros(), fv.pruningMicros(), 1e6 / writeRate, 100 * fv.wholeMicros() * writeRate / 1e6, fv.rounds(),
        fv.objects());
    probe.readPatches().ifPresent(p -> System.out.printf("For comparison, the same patches through fabric8's "
        + "withName(n).patch() (a GET before each PATCH): %.0f writes/s; requests: %s%n", p.rate(), p.requests()));
    System.out.printf("%nRequests by kind during the run: %s%n", run.requests());
  }

  private void reportHeap(long before, long full, ApiStoreHeap.Result apiOnly) {
    long sandbox = full - before;
    long api = apiOnly.usedAfterGcMiB() - full;
    System.out.printf("%nThe heap split (MiB):%n%n");
    System.out.printf("| whole JVM | the benchmark's sandbox (API + operator) | API store share (a copy in an API "
        + "of its own) | operator side (sandbox − API store) |%n|---|---|---|---|%n| %d | %d | %d | %d |%n",
        full, sandbox, api, sandbox - api);
    System.out.printf("%nSandbox = whole JVM (%d) − JVM before the sandbox started (%d). API store share = whole JVM "
        + "with a second API holding copies of %s (%d) − whole JVM without it (%d), the sandbox idle meanwhile; it "
        + "leaves out what serving the controllers' watches costs the API. Operator side = controllers, their "
        + "informers and java-operator-sdk, plus the simulated cloud, node emulator and scheduler stand-in that run "
        + "with them in the sandbox.%n", full, before, apiOnly.objects(), apiOnly.usedAfterGcMiB(), full);
  }

  private MachineSet machineSet() {
    ObjectNode value = Serialization.jsonMapper().createObjectNode()
        .put("apiVersion", "machine.sandbox.machine-api.io/v1alpha1").put("kind", "SimMachineProviderSpec")
        .put("bootSeconds", bootSeconds);
    MachineSpec machineSpec = new MachineSpec();
    machineSpec.setProviderSpec(new ProviderSpec(value));
    Map<String, String> labels = Map.of("machine.openshift.io/cluster-api-cluster", "bench",
        "machine.openshift.io/cluster-api-machineset", "bench");
    MachineObjectMeta templateMeta = new MachineObjectMeta();
    templateMeta.setLabels(labels);
    MachineTemplateSpec template = new MachineTemplateSpec();
    template.setMetadata(templateMeta);
    template.setSpec(machineSpec);
    MachineSetSpec spec = new MachineSetSpec();
    spec.setReplicas(0);
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(labels).build());
    spec.setTemplate(template);
    MachineSet set = new MachineSet();
    set.setMetadata(new ObjectMetaBuilder().withName("bench").withNamespace(NS).withLabels(labels).build());
    set.setSpec(spec);
    return set;
  }
}
