package io.machineapi.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live progress of a sandbox from three informers (Machines, MachineSets, Nodes; no polling of the API): a
 * {@link ProgressSnapshot} about once a second handed to a sink — every second for a terminal status line, or only
 * when it changed for log lines.
 */
public final class SandboxProgress implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxProgress.class);
  private static final Duration TICK = Duration.ofSeconds(1);

  private final SharedIndexInformer<Machine> machines;
  private final SharedIndexInformer<MachineSet> machineSets;
  private final SharedIndexInformer<Node> nodes;
  private final PeriodicPass ticker;

  private SandboxProgress(KubernetesClient client, boolean everySecond, Consumer<ProgressSnapshot> sink) {
    machines = client.resources(Machine.class).inAnyNamespace().inform();
    machineSets = client.resources(MachineSet.class).inAnyNamespace().inform();
    nodes = client.nodes().inform();
    ProgressSnapshot[] last = {null};
    ticker = PeriodicPass.start("sandbox-progress", Duration.ZERO, TICK, () -> {
      ProgressSnapshot now = snapshot();
      if (everySecond || !now.equals(last[0])) {
        last[0] = now;
        sink.accept(now);
      }
    }, LOG);
  }

  /**
   * Starts reporting.
   *
   * @param everySecond true: the sink gets every snapshot (a terminal status line); false: only changed ones
   */
  public static SandboxProgress start(KubernetesClient client, boolean everySecond, Consumer<ProgressSnapshot> sink) {
    return new SandboxProgress(client, everySecond, sink);
  }

  /** The counts right now, from the informer caches. */
  public ProgressSnapshot snapshot() {
    Map<String, Integer> phases = new TreeMap<>();
    for (Machine machine : machines.getStore().list()) {
      String phase = Optional.ofNullable(machine.getStatus()).map(s -> s.getPhase()).filter(p -> !p.isBlank())
          .orElse("no phase");
      phases.merge(phase, 1, Integer::sum);
    }
    List<Node> allNodes = nodes.getStore().list();
    int ready = (int) allNodes.stream().filter(SandboxProgress::ready).count();
    int desired = machineSets.getStore().list().stream()
        .mapToInt(s -> s.getSpec() == null || s.getSpec().getReplicas() == null ? 0 : s.getSpec().getReplicas())
        .sum();
    return new ProgressSnapshot(phases, ready, allNodes.size(), desired);
  }

  private static boolean ready(Node node) {
    return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void close() {
    ticker.close();
    machines.close();
    machineSets.close();
    nodes.close();
  }
}
