package io.machineapi.autoscaler.core;

import java.util.List;

/**
 * {@code count} identical nodes with the same room left — how the packing keeps thousands of new (or upcoming) nodes
 * of one template as a handful of objects. Placing a shape on a stack fills it uniformly and splits it into at most
 * three stacks (full, one partly filled, untouched).
 */
final class NodeStack {
  final String group;
  long count;
  final SimNode room;

  NodeStack(String group, long count, SimNode room) {
    this.group = group;
    this.count = count;
    this.room = room;
  }

  /**
   * Places up to {@code wanted} pods of {@code shape} on this stack; any split-off stacks are added to {@code out}
   * right after this one's position by the caller.
   *
   * @return how many were placed
   */
  long place(PodShape shape, long wanted, List<NodeStack> splits) {
    long perNode = room.room(shape);
    if (perNode <= 0 || wanted <= 0 || count <= 0) {
      return 0;
    }
    long capacity = perNode > Long.MAX_VALUE / count ? Long.MAX_VALUE : perNode * count;
    if (wanted >= capacity) {
      room.place(shape, perNode);
      return capacity;
    }
    long full = wanted / perNode;
    long rest = wanted % perNode;
    long untouched = count - full - (rest > 0 ? 1 : 0);
    SimNode before = new SimNode(room);
    if (full > 0) {
      count = full;
      room.place(shape, perNode);
      if (rest > 0) {
        SimNode partial = new SimNode(before);
        partial.place(shape, rest);
        splits.add(new NodeStack(group, 1, partial));
      }
    } else {
      count = 1;
      room.place(shape, rest);
    }
    if (untouched > 0) {
      splits.add(new NodeStack(group, untouched, before));
    }
    return wanted;
  }
}
