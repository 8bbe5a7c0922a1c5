package io.machineapi.autoscaler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes of autoscaled MachineSets are unneeded (utilisation at or below the threshold and every pod that
 * must move fits elsewhere, within PDB budgets, no blocking pod) and which of those are removed now (unneeded long
 * enough, no cooldown, group stays at or above min, cluster minimums kept, parallelism budgets).
 */
final class ScaleDownPlanner {
  private ScaleDownPlanner() {}

  record Result(List<Decision.NodeRemoval> removals, Map<String, Instant> unneededSince,
      Map<String, String> nodeReasons, List<String> notes) {}

  static Result plan(ClusterView view, AutoscalerState state, AutoscalerSettings s, Instant now,
      Map<String, Integer> targets, ClusterLimits limits, boolean scaledUpNow) {
    Map<String, Instant> unneeded = new HashMap<>();
    Map<String, String> reasons = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    if (!s.scaleDownEnabled()) {
      notes.add("scale-down disabled");
      return new Result(List.of(), Map.of(), reasons, notes);
    }
    Map<String, SimNode> destinations = new LinkedHashMap<>();
    Map<String, NodeInfo> nodeInfo = new HashMap<>();
    for (NodeInfo n : view.snapshot.nodes()) {
      nodeInfo.put(n.name(), n);
      if (n.schedulable()) {
        destinations.put(n.name(), new SimNode(n.name(), n.group(),
            n.allocatable().minus(view.requested(n.name(), false)), view.hostPorts(n.name())));
      }
    }
    Map<String, Integer> budget = new HashMap<>();
    for (DisruptionBudget b : view.snapshot.budgets()) {
      budget.put(b.namespace() + "/" + b.name(), b.disruptionsAllowed());
    }
    record Candidate(NodeInfo node, NodeGroup group, double utilisation, List<PodInfo> movable) {}
    List<Candidate> candidates = new ArrayList<>();
    for (NodeGroup g : view.groups.values()) {
      if (!g.autoscaled()) {
        continue;
      }
      double threshold = g.options().utilizationThreshold().orElse(s.scaleDownUtilizationThreshold());
      for (NodeInfo n : view.nodes(g.id())) {
        if (n.deleting() || n.machine() == null) {
          continue;
        }
        if ("true".equals(n.annotations().get(NodeInfo.SCALE_DOWN_DISABLED))) {
          reasons.put(n.name(), "scale-down disabled by annotation " + NodeInfo.SCALE_DOWN_DISABLED);
          continue;
        }
        if (!n.ready()) {
          reasons.put(n.name(), "not Ready (left to the MachineHealthCheck)");
          continue;
        }
        double u = utilisation(n, view, s);
        if (u > threshold) {
          reasons.put(n.name(), String.format("utilisation %.2f above threshold %.2f", u, threshold));
          continue;
        }
        List<PodInfo> movable = new ArrayList<>();
        String blocked = null;
        for (PodInfo p : view.podsByNode.getOrDefault(n.name(), List.of())) {
          Drainability.Result r = Drainability.of(p, view.snapshot.budgets(), s);
          if (r.kind() == Drainability.Kind.BLOCK) {
            blocked = r.reason();
            break;
          }
          if (r.kind() == Drainability.Kind.MOVE) {
            movable.add(p);
          }
        }
        if (blocked != null) {
          reasons.put(n.name(), "not removable: " + blocked);
          continue;
        }
        candidates.add(new Candidate(n, g, u, movable));
      }
    }
    candidates.sort(Comparator.comparingInt((Candidate c) -> c.movable().size())
        .thenComparingDouble(Candidate::utilisation).thenComparing(c -> c.node().name()));
    int pool = (int) Math.max(s.scaleDownCandidatesMin(),
        Math.ceil(s.scaleDownCandidatesRatio() * view.snapshot.nodes().size()));
    int simulated = 0;
    List<Candidate> unneededNodes = new ArrayList<>();
    for (Candidate c : candidates) {
      String name = c.node().name();
      if (!c.movable().isEmpty()) {
        if (simulated >= pool) {
          reasons.put(name, "not simulated this pass (candidate pool of " + pool + " used)");
          continue;
        }
        simulated++;
      }
      String pdb = spendBudget(c.movable(), view.snapshot.budgets(), budget, false);
      if (pdb != null) {
        reasons.put(name, "not removable: " + pdb);
        continue;
      }
      SimNode self = destinations.remove(name);
      String stuck = relocate(c.movable(), destinations, nodeInfo);
      if (stuck != null) {
        if (self != null) {
          destinations.put(name, self);
        }
        reasons.put(name, "not removable: no other node has room for pod " + stuck);
        continue;
      }
      spendBudget(c.movable(), view.snapshot.budgets(), budget, true);
      unneeded.put(name, state.unneededSince().getOrDefault(name, now));
      unneededNodes.add(c);
    }
    String cooldown = cooldown(state, s, now, scaledUpNow);
    List<Decision.NodeRemoval> removals = new ArrayList<>();
    int deletionsInFlight = 0;
    int drainsInFlight = 0;
    for (NodeGroup g : view.groups.values()) {
      for (GroupMachine m : g.machines()) {
        if (m.deleting() && g.autoscaled()) {
          deletionsInFlight++;
          if (m.nodeName() != null) {
            drainsInFlight++;
          }
        }
      }
    }
    Map<String, Integer> chosenPerGroup = new HashMap<>();
    for (Candidate c : unneededNodes) {
      String name = c.node().name();
      Instant since = unneeded.get(name);
      Duration wait = c.group().options().unneededTime().orElse(s.scaleDownUnneededTime());
      Duration waited = Duration.between(since, now);
      String base = String.format("unneeded for %ds of %ds (utilisation %.2f)", waited.toSeconds(),
          wait.toSeconds(), c.utilisation());
      if (waited.compareTo(wait) < 0) {
        reasons.put(name, base);
        continue;
      }
      if (cooldown != null) {
        reasons.put(name, base + "; removal waits: " + cooldown);
        continue;
      }
      int target = targets.get(c.group().id());
      int chosen = chosenPerGroup.getOrDefault(c.group().id(), 0);
      if (target - chosen - 1 < c.group().min()) {
        reasons.put(name, base + "; kept: MachineSet at its min size " + c.group().min());
        continue;
      }
      if (!limits.mayRemove(c.node().allocatable())) {
        reasons.put(name, base + "; kept: cluster minimum cores or memory");
        continue;
      }
      if (deletionsInFlight >= s.maxScaleDownParallelism()) {
        reasons.put(name, base + "; waits: " + s.maxScaleDownParallelism() + " deletions already in flight");
        continue;
      }
      boolean empty = c.movable().isEmpty();
      if (!empty && drainsInFlight >= s.maxDrainParallelism()) {
        reasons.put(name, base + "; waits: " + s.maxDrainParallelism() + " drain(s) already in flight");
        continue;
      }
      deletionsInFlight++;
      if (!empty) {
        drainsInFlight++;
      }
      chosenPerGroup.merge(c.group().id(), 1, Integer::sum);
      limits.release(c.node().allocatable());
      String machine = c.node().machine();
      String machineName = machine.contains("/") ? machine.substring(machine.indexOf('/') + 1) : machine;
      removals.add(new Decision.NodeRemoval(c.group().id(), c.group().namespace(), c.group().name(), name,
          machineName, empty, base + (empty ? ", empty" : ", " + c.movable().size() + " pod(s) to move")));
      reasons.put(name, "removing: " + base);
    }
    if (cooldown != null && !unneededNodes.isEmpty()) {
      notes.add("scale-down waits: " + cooldown);
    }
    return new Result(removals, unneeded, reasons, notes);
  }

  static double utilisation(NodeInfo n, ClusterView view, AutoscalerSettings s) {
    Resources used = view.requested(n.name(), s.ignoreDaemonSetsUtilization());
    double cpu = n.allocatable().cpuMilli() == 0 ? 0 : (double) used.cpuMilli() / n.allocatable().cpuMilli();
    double mem = n.allocatable().memoryBytes() == 0 ? 0
        : (double) used.memoryBytes() / n.allocatable().memoryBytes();
    return Math.max(cpu, mem);
  }

  private static String cooldown(AutoscalerState state, AutoscalerSettings s, Instant now, boolean scaledUpNow) {
    if (scaledUpNow) {
      return "a scale-up happened in this pass";
    }
    if (now.isBefore(state.lastScaleUp().plus(s.scaleDownDelayAfterAdd()))) {
      return "scale-down-delay-after-add (" + s.scaleDownDelayAfterAdd().toSeconds() + "s) since the last scale-up";
    }
    if (now.isBefore(state.lastScaleDownFailure().plus(s.scaleDownDelayAfterFailure()))) {
      return "scale-down-delay-after-failure since the last failed scale-down";
    }
    if (now.isBefore(state.lastScaleDown().plus(s.scaleDownDelayAfterDelete()))) {
      return "scale-down-delay-after-delete since the last scale-down";
    }
    return null;
  }

  /** Checks (and with {@code spend}, takes) the PDB budget the pods need; returns the PDB that refuses, or null. */
  private static String spendBudget(List<PodInfo> pods, List<DisruptionBudget> budgets, Map<String, Integer> left,
      boolean spend) {
    Map<String, Integer> need = new HashMap<>();
    for (PodInfo p : pods) {
      for (DisruptionBudget b : budgets) {
        if (b.covers(p)) {
          need.merge(b.namespace() + "/" + b.name(), 1, Integer::sum);
        }
      }
    }
    for (Map.Entry<String, Integer> e : need.entrySet()) {
      if (left.getOrDefault(e.getKey(), 0) < e.getValue()) {
        return "PodDisruptionBudget " + e.getKey() + " allows " + left.getOrDefault(e.getKey(), 0)
            + " more disruption(s), " + e.getValue() + " needed";
      }
    }
    if (spend) {
      need.forEach((k, v) -> left.merge(k, -v, Integer::sum));
    }
    return null;
  }

  /** Places every pod on some destination (first fit); on failure undoes and names the pod that found no room. */
  private static String relocate(List<PodInfo> pods, Map<String, SimNode> destinations, Map<String, NodeInfo> info) {
    record Placed(SimNode node, SimNode before) {}
    List<Placed> undo = new ArrayList<>();
    for (PodInfo p : pods) {
      PodShape shape = PodShape.of(p);
      SimNode target = null;
      for (SimNode d : destinations.values()) {
        NodeInfo n = info.get(d.name);
        if (d.room(shape) > 0 && SchedulingPredicates.labelsOrTaintsMismatch(shape, n.labels(), n.taints()) == null) {
          target = d;
          break;
        }
      }
      if (target == null) {
        for (int i = undo.size() - 1; i >= 0; i--) {
          undo.get(i).node().restoreFrom(undo.get(i).before());
        }
        return p.key();
      }
      undo.add(new Placed(target, new SimNode(target)));
      target.place(shape, 1);
    }
    return null;
  }
}
