package io.machineapi.sandbox;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the sandbox shows while it runs: Machines per phase, Nodes Ready of total, and the replicas the MachineSets
 * ask for.
 *
 * @param machinesByPhase Machine count per {@code status.phase} ({@code no phase} before the first status), in
 *     lifecycle order
 * @param nodesReady Nodes whose Ready condition is True
 * @param nodes all Nodes
 * @param desiredReplicas sum of the MachineSets' {@code spec.replicas}
 */
public record ProgressSnapshot(Map<String, Integer> machinesByPhase, int nodesReady, int nodes,
    int desiredReplicas) {

  /** Display order of the phases; anything else follows alphabetically. */
  static final List<String> PHASE_ORDER = List.of("no phase", "Provisioning", "Provisioned", "Running", "Deleting",
      "Failed");

  public ProgressSnapshot {
    machinesByPhase = Map.copyOf(machinesByPhase);
  }

  public int machines() {
    return machinesByPhase.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** {@code machines 3 (Provisioned 1, Running 2) | nodes Ready 2/3 | desired replicas 3}. */
  public String line() {
    String phases = machinesByPhase.entrySet().stream()
        .sorted(Map.Entry.comparingByKey((a, b) -> {
          int ia = rank(a);
          int ib = rank(b);
          return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
        }))
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    return "machines " + machines() + (phases.isEmpty() ? "" : " (" + phases + ")") + " | nodes Ready " + nodesReady
        + "/" + nodes + " | desired replicas " + desiredReplicas;
  }

  private static int rank(String phase) {
    int i = PHASE_ORDER.indexOf(phase);
    return i < 0 ? PHASE_ORDER.size() : i;
  }
}
