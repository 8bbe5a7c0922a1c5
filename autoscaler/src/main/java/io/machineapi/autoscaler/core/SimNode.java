package io.machineapi.autoscaler.core;

import java.util.HashSet;
import java.util.Set;

/** A node inside one simulation: what is left of its room as pods are placed (mutable, simulation-local). */
final class SimNode {
  final String name;
  final String group;
  long cpu;
  long memory;
  long gpus;
  long ephemeral;
  long pods;
  Set<Integer> usedPorts;

  SimNode(String name, String group, Resources free, Set<Integer> usedPorts) {
    this.name = name;
    this.group = group;
    this.cpu = free.cpuMilli();
    this.memory = free.memoryBytes();
    this.gpus = free.gpus();
    this.ephemeral = free.ephemeralBytes();
    this.pods = free.pods();
    this.usedPorts = usedPorts;
  }

  SimNode(SimNode o) {
    this.name = o.name;
    this.group = o.group;
    restoreFrom(o);
    this.usedPorts = o.usedPorts == null ? null : new HashSet<>(o.usedPorts);
  }

  /** Takes over the room (not the identity) of {@code o}. */
  void restoreFrom(SimNode o) {
    this.cpu = o.cpu;
    this.memory = o.memory;
    this.gpus = o.gpus;
    this.ephemeral = o.ephemeral;
    this.pods = o.pods;
    this.usedPorts = o.usedPorts;
  }

  /** How many pods of this shape still fit. */
  long room(PodShape shape) {
    Resources r = shape.requests();
    long n = Long.MAX_VALUE;
    n = Math.min(n, div(cpu, r.cpuMilli()));
    n = Math.min(n, div(memory, r.memoryBytes()));
    n = Math.min(n, div(gpus, r.gpus()));
    n = Math.min(n, div(ephemeral, r.ephemeralBytes()));
    n = Math.min(n, div(pods, r.pods()));
    if (!shape.hostPorts().isEmpty()) {
      if (usedPorts != null) {
        for (Integer p : shape.hostPorts()) {
          if (usedPorts.contains(p)) {
            return 0;
          }
        }
      }
      n = Math.min(n, 1);
    }
    return Math.max(0, n);
  }

  void place(PodShape shape, long count) {
    Resources r = shape.requests();
    cpu -= r.cpuMilli() * count;
    memory -= r.memoryBytes() * count;
    gpus -= r.gpus() * count;
    ephemeral -= r.ephemeralBytes() * count;
    pods -= r.pods() * count;
    if (!shape.hostPorts().isEmpty() && count > 0) {
      if (usedPorts == null) {
        usedPorts = new HashSet<>();
      }
      usedPorts.addAll(shape.hostPorts());
    }
  }

  private static long div(long have, long need) {
    return need <= 0 ? Long.MAX_VALUE : have / need;
  }
}
