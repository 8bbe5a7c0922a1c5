package io.machineapi.sandbox.nodes;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an emulated Node reports as capacity, and its allocatable after OpenShift's default system reservation
 * (500m CPU, 1 GiB memory).
 *
 * @param cpu CPUs
 * @param memoryMiB memory in MiB
 * @param maxPods pods the Node accepts
 */
public record NodeCapacity(int cpu, long memoryMiB, int maxPods) {

  /** When nothing better is known: 4 CPU / 16 GiB, 110 pods (the kubelet's default). */
  public static final NodeCapacity FALLBACK = new NodeCapacity(4, 16384, 110);

  static final int DEFAULT_MAX_PODS = 110;
  private static final long RESERVED_CPU_MILLIS = 500;
  private static final long RESERVED_MEMORY_MIB = 1024;

  public NodeCapacity {
    if (cpu <= 0 || memoryMiB <= 0 || maxPods <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + cpu + " CPU, " + memoryMiB + " MiB, "
          + maxPods + " pods");
    }
  }

  /** {@code status.capacity}, memory in Ki as a kubelet reports it. */
  public Map<String, Quantity> capacity() {
    Map<String, Quantity> q = new LinkedHashMap<>();
    q.put("cpu", new Quantity(Integer.toString(cpu)));
    q.put("memory", new Quantity(memoryMiB * 1024 + "Ki"));
    q.put("pods", new Quantity(Integer.toString(maxPods)));
    q.put("ephemeral-storage", new Quantity("125293548Ki"));
    return q;
  }

  /** {@code status.allocatable}: capacity minus the system reservation, never below half the capacity. */
  public Map<String, Quantity> allocatable() {
    long cpuMillis = Math.max(cpu * 1000L - RESERVED_CPU_MILLIS, cpu * 500L);
    long memory = Math.max(memoryMiB - RESERVED_MEMORY_MIB, memoryMiB / 2);
    Map<String, Quantity> q = new LinkedHashMap<>();
    q.put("cpu", new Quantity(cpuMillis + "m"));
    q.put("memory", new Quantity(memory * 1024 + "Ki"));
    q.put("pods", new Quantity(Integer.toString(maxPods)));
    q.put("ephemeral-storage", new Quantity("115470533Ki"));
    return q;
  }
}
