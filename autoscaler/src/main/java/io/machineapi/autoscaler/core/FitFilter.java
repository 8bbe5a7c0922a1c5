package io.machineapi.autoscaler.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pending pods that fit the room left on existing schedulable nodes or on upcoming nodes (requested, not yet
 * Ready) need no new capacity — that is also what stops a second scale-up while one is in flight. Work is per pod
 * shape, not per pod: predicates on labels and taints are evaluated once per (shape, node class), where a node class
 * is the set of nodes with equal labels (hostname left out) and taints; room is consumed by count.
 */
final class FitFilter {
  /** Sizes are compared against 1 core / 1 GiB when there is no single node to compare with. */
  static final Resources REFERENCE = new Resources(1000, 1L << 30, 1, 1L << 30, 1);

  private FitFilter() {}

  /** {@code fitting}: shape → pods that fit; {@code remaining}: shape → how many still need capacity. */
  record Result(Map<PodShape, Long> fitting, Map<PodShape, Long> remaining) {}

  record NodeClass(Map<String, String> labels, List<Taint> taints) {}

  static Result apply(Map<PodShape, Long> counts, List<NodeInfo> nodes, ClusterView view,
      Map<String, Integer> upcoming, Map<String, NodeTemplate> templates) {
    Map<NodeClass, Integer> classIds = new HashMap<>();
    List<NodeClass> classes = new ArrayList<>();
    List<SimNode> sims = new ArrayList<>();
    List<Integer> simClass = new ArrayList<>();
    List<NodeInfo> simInfo = new ArrayList<>();
    for (NodeInfo n : nodes) {
      if (!n.schedulable()) {
        continue;
      }
      Resources free = n.allocatable().minus(view.requested(n.name(), false));
      sims.add(new SimNode(n.name(), n.group(), free, view.hostPorts(n.name())));
      simClass.add(classOf(n.labels(), n.taints(), classIds, classes));
      simInfo.add(n);
    }
    List<NodeStack> stacks = new ArrayList<>();
    Map<String, Integer> groupClass = new HashMap<>();
    for (Map.Entry<String, Integer> e : upcoming.entrySet()) {
      NodeTemplate t = templates.get(e.getKey());
      if (t != null && e.getValue() > 0) {
        stacks.add(new NodeStack(e.getKey(), e.getValue(), new SimNode("upcoming", e.getKey(), t.free(), null)));
        groupClass.put(e.getKey(), classOf(t.labels(), t.taints(), classIds, classes));
      }
    }
    Map<PodShape, Long> fitting = new LinkedHashMap<>();
    Map<PodShape, Long> remaining = new LinkedHashMap<>();
    for (Map.Entry<PodShape, Long> e : Binpacking.order(counts, REFERENCE)) {
      PodShape shape = e.getKey();
      long left = e.getValue();
      boolean perNode = shape.mentions(NodeTemplates.HOSTNAME);
      byte[] ok = new byte[classes.size()];
      for (int i = 0; i < sims.size() && left > 0; i++) {
        SimNode sim = sims.get(i);
        boolean match = perNode
            ? SchedulingPredicates.labelsOrTaintsMismatch(shape, simInfo.get(i).labels(), simInfo.get(i).taints()) == null
            : matches(shape, simClass.get(i), ok, classes);
        if (!match) {
          continue;
        }
        long room = sim.room(shape);
        if (room > 0) {
          long n = Math.min(room, left);
          sim.place(shape, n);
          left -= n;
        }
      }
      if (left > 0) {
        left -= Binpacking.fill(stacks, shape, left, s -> matches(shape, groupClass.get(s.group), ok, classes));
      }
      if (left < e.getValue()) {
        fitting.put(shape, e.getValue() - left);
      }
      if (left > 0) {
        remaining.put(shape, left);
      }
    }
    return new Result(fitting, remaining);
  }

  private static boolean matches(PodShape shape, int classId, byte[] ok, List<NodeClass> classes) {
    if (ok[classId] == 0) {
      NodeClass c = classes.get(classId);
      ok[classId] = SchedulingPredicates.labelsOrTaintsMismatch(shape, c.labels(), c.taints()) == null
          ? (byte) 1 : (byte) 2;
    }
    return ok[classId] == 1;
  }

  private static int classOf(Map<String, String> labels, List<Taint> taints, Map<NodeClass, Integer> ids,
      List<NodeClass> classes) {
    Map<String, String> l = labels;
    if (labels.containsKey(NodeTemplates.HOSTNAME)) {
      l = new HashMap<>(labels);
      l.remove(NodeTemplates.HOSTNAME);
    }
    NodeClass key = new NodeClass(l, taints);
    Integer id = ids.get(key);
    if (id == null) {
      id = classes.size();
      ids.put(key, id);
      classes.add(key);
    }
    return id;
  }
}
