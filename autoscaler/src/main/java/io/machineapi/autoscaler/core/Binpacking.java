package io.machineapi.autoscaler.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How many new nodes of one template the pending pods need — first-fit decreasing over pod shapes (bigger
 * shapes first), placing pods by count onto stacks of identical nodes instead of one pod at a time. A shape that does
 * not fit an empty node adds no node. {@code nodeLimit} caps the nodes added (group max, cluster limits).
 */
final class Binpacking {
  private Binpacking() {}

  /** What one template would take: nodes added and pods placed per shape. */
  record Estimate(long nodes, Map<PodShape, Long> placed, long podsPlaced, Resources requested) {
    static final Estimate NONE = new Estimate(0, Map.of(), 0, Resources.ZERO);
  }

  /** {@code shapes} must already be in packing order (see {@link #order}). */
  static Estimate estimate(List<Map.Entry<PodShape, Long>> shapes, String group, Resources free, long nodeLimit) {
    List<NodeStack> stacks = new ArrayList<>();
    Map<PodShape, Long> placed = new LinkedHashMap<>();
    long nodes = 0;
    long pods = 0;
    Resources requested = Resources.ZERO;
    for (Map.Entry<PodShape, Long> e : shapes) {
      PodShape shape = e.getKey();
      long left = e.getValue();
      left -= fill(stacks, shape, left);
      if (left > 0 && nodes < nodeLimit) {
        SimNode fresh = new SimNode("new", group, free, null);
        long perNode = fresh.room(shape);
        if (perNode > 0) {
          long full = Math.min(nodeLimit - nodes, left / perNode);
          if (full > 0) {
            SimNode n = new SimNode(fresh);
            n.place(shape, perNode);
            stacks.add(new NodeStack(group, full, n));
            nodes += full;
            left -= full * perNode;
          }
          if (left > 0 && nodes < nodeLimit) {
            SimNode n = new SimNode(fresh);
            n.place(shape, left);
            stacks.add(new NodeStack(group, 1, n));
            nodes++;
            left = 0;
          }
        }
      }
      long done = e.getValue() - left;
      if (done > 0) {
        placed.put(shape, done);
        pods += done;
        requested = requested.plus(shape.requests().times(done));
      }
    }
    return new Estimate(nodes, placed, pods, requested);
  }

  /** Places up to {@code wanted} pods onto the stacks, first fit; returns how many were placed. */
  static long fill(List<NodeStack> stacks, PodShape shape, long wanted) {
    return fill(stacks, shape, wanted, s -> true);
  }

  /** As {@link #fill(List, PodShape, long)}, on the stacks {@code eligible} accepts only. */
  static long fill(List<NodeStack> stacks, PodShape shape, long wanted, Predicate<NodeStack> eligible) {
    long done = 0;
    for (int i = 0; i < stacks.size() && done < wanted; i++) {
      if (!eligible.test(stacks.get(i))) {
        continue;
      }
      List<NodeStack> splits = new ArrayList<>(2);
      done += stacks.get(i).place(shape, wanted - done, splits);
      if (!splits.isEmpty()) {
        stacks.addAll(i + 1, splits);
        i += splits.size();
      }
    }
    return done;
  }

  /** Packing order: higher priority first, then bigger (relative to {@code node}) first, then first seen. */
  static List<Map.Entry<PodShape, Long>> order(Map<PodShape, Long> counts, Resources node) {
    List<Map.Entry<PodShape, Long>> list = new ArrayList<>(counts.entrySet());
    list.sort((a, b) -> {
      int p = Integer.compare(b.getKey().priority(), a.getKey().priority());
      return p != 0 ? p : Double.compare(b.getKey().score(node), a.getKey().score(node));
    });
    return list;
  }
}
