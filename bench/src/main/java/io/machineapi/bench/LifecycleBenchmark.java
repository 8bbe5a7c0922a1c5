package io.machineapi.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.machineapi.apiserver.RequestStats;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.providers.sim.SimCallCounts;
import io.machineapi.sandbox.Sandbox;
import io.machineapi.sandbox.SandboxOptions;
import io.machineapi.sandbox.nodes.NodeEmulatorSettings;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scales one MachineSet from 0 to N against the simulated cloud and measures how long until every Machine is
 * Running with a linked Ready Node, what it cost the API server and the cloud, and how that compares with the two
 * floors: the cloud's T_cloud = N·L/C and the API's T_api = N·W/R.
 */
@Command(name = "lifecycle", mixinStandardHelpOptions = true,
    description = "Scale a MachineSet 0 -> N on the simulated cloud; report time to N Running machines with Ready "
        + "nodes, writes and provider calls per machine, peak heap, and the cloud and API floors.")
final class LifecycleBenchmark implements Callable<Integer> {
  private static final String NS = "openshift-machine-api";

  @Option(names = "--machines", description = "N, machines to create (default ${DEFAULT-VALUE})")
  int machines = 1000;

  @Option(names = "--boot-seconds", description = "L, boot latency of a simulated instance (default ${DEFAULT-VALUE})")
  int bootSeconds = 2;

  /** C: the operator's default bound on Machine creates in flight ({@code --machineset-max-in-flight}). */
  private final int maxInFlight = ControllerSettings.defaults().machineSetMaxInFlight();

  @Option(names = "--timeout-minutes", description = "give up after this long (default ${DEFAULT-VALUE})")
  int timeoutMinutes = 20;

  @Override
  public Integer call() throws Exception {
    // Nodes join as soon as the instance runs (no extra kubelet delay): the floor is the cloud's boot time.
    SandboxOptions options = new SandboxOptions(0, bootSeconds, 0, 0, 0, OptionalLong.of(42),
        NodeEmulatorSettings.DEFAULTS.withRegisterDelay(Duration.ZERO), false, Map.of());
    // Not closed: the process exits right after the report (Bench.main), which is faster than an orderly shutdown
    // of 1000 Machines' informers and watches.
    Sandbox sandbox = Sandbox.start(options);
    {
      KubernetesClient client = sandbox.client();
      double writeRate = WriteRateProbe.measure(client, 200, 3000, 4);
      client.resources(MachineSet.class).inNamespace(NS).resource(machineSet()).create();
      SimCallCounts before = sandbox.sim().orElseThrow().callCounts();
      HeapPeak.reset();
      sandbox.requestStats().reset();
      long start = System.nanoTime();
      client.resources(MachineSet.class).inNamespace(NS).withName("bench").scale(machines);
      Duration elapsed = awaitAllRunning(client, start);
      SimCallCounts after = sandbox.sim().orElseThrow().callCounts();
      report(sandbox.requestStats(), before, after, writeRate, elapsed);
      return elapsed == null ? 1 : 0;
    }
  }

  private Duration awaitAllRunning(KubernetesClient client, long start) throws InterruptedException {
    long deadline = start + Duration.ofMinutes(timeoutMinutes).toNanos();
    int lastReported = -1;
    while (System.nanoTime() < deadline) {
      int ready = countRunningWithReadyNode(client);
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

  private MachineWatch watch;

  private int countRunningWithReadyNode(KubernetesClient client) {
    if (watch == null) {
      watch = new MachineWatch(client, NS);
    }
    return watch.runningWithReadyNode();
  }

  private void report(RequestStats stats, SimCallCounts before, SimCallCounts after, double writeRate,
      Duration elapsed) {
    double machineWrites = stats.writes("machines");
    double nodeWrites = stats.writes("nodes");
    double writesPerMachine = (machineWrites + nodeWrites) / machines;
    double tCloud = (double) machines * bootSeconds / maxInFlight;
    double tApi = machines * writesPerMachine / writeRate;
    double floor = Math.max(tCloud, tApi);
    double seconds = elapsed == null ? Double.NaN : elapsed.toMillis() / 1000.0;
    System.out.printf("| N | L | C | time to all Running + Ready (s) | floor max(T_cloud, T_api) (s) | ratio (goal <= 1.25) "
        + "| writes/machine (goal <= 10) | provider calls/machine | peak heap (MiB) |%n");
    System.out.printf("|---|---|---|---|---|---|---|---|---|%n");
    System.out.printf("| %d | %d s | %d | %.1f | %.1f (T_cloud %.1f, T_api %.1f) | %.2f | %.2f (Machine %.2f, Node %.2f) "
        + "| %.2f (create %.2f, describe calls %.2f, delete %.2f) | %d |%n",
        machines, bootSeconds, maxInFlight, seconds, floor, tCloud, tApi, seconds / floor, writesPerMachine,
        machineWrites / machines, nodeWrites / machines, (double) (after.total() - before.total()) / machines,
        (double) (after.creates() - before.creates()) / machines,
        (double) (after.describes() - before.describes()) / machines,
        (double) (after.deletes() - before.deletes()) / machines, HeapPeak.peakMiB());
    System.out.printf("%nR (measured write rate of the embedded API) = %.0f writes/s; requests by kind: %s%n",
        writeRate, stats.snapshot());
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
