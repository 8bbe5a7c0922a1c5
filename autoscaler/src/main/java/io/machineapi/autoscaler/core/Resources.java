package io.machineapi.autoscaler.core;

/**
 * An amount of the resources the autoscaler packs: CPU in millicores, memory and ephemeral storage in bytes, GPUs and
 * pod slots as counts. A pod's requests always include one pod slot.
 */
public record Resources(long cpuMilli, long memoryBytes, long gpus, long ephemeralBytes, long pods) {
  public static final Resources ZERO = new Resources(0, 0, 0, 0, 0);

  public Resources plus(Resources o) {
    return new Resources(cpuMilli + o.cpuMilli, memoryBytes + o.memoryBytes, gpus + o.gpus,
        ephemeralBytes + o.ephemeralBytes, pods + o.pods);
  }

  public Resources minus(Resources o) {
    return new Resources(cpuMilli - o.cpuMilli, memoryBytes - o.memoryBytes, gpus - o.gpus,
        ephemeralBytes - o.ephemeralBytes, pods - o.pods);
  }

  public Resources times(long n) {
    return new Resources(cpuMilli * n, memoryBytes * n, gpus * n, ephemeralBytes * n, pods * n);
  }

  /** Every dimension of this is at most the other's. */
  public boolean fitsIn(Resources capacity) {
    return cpuMilli <= capacity.cpuMilli && memoryBytes <= capacity.memoryBytes && gpus <= capacity.gpus
        && ephemeralBytes <= capacity.ephemeralBytes && pods <= capacity.pods;
  }

  /** How many copies of {@code request} fit into this amount (Long.MAX_VALUE for an empty request). */
  public long copiesOf(Resources request) {
    long n = Long.MAX_VALUE;
    n = Math.min(n, copies(cpuMilli, request.cpuMilli));
    n = Math.min(n, copies(memoryBytes, request.memoryBytes));
    n = Math.min(n, copies(gpus, request.gpus));
    n = Math.min(n, copies(ephemeralBytes, request.ephemeralBytes));
    n = Math.min(n, copies(pods, request.pods));
    return Math.max(0, n);
  }

  private static long copies(long have, long need) {
    return need <= 0 ? Long.MAX_VALUE : have / need;
  }

  /** The first dimension in which {@code request} exceeds this, for messages ("cpu", "memory", ...), or null. */
  public String firstShortfall(Resources request) {
    if (request.cpuMilli > cpuMilli) {
      return "cpu";
    }
    if (request.memoryBytes > memoryBytes) {
      return "memory";
    }
    if (request.gpus > gpus) {
      return "gpu";
    }
    if (request.ephemeralBytes > ephemeralBytes) {
      return "ephemeral-storage";
    }
    if (request.pods > pods) {
      return "pods";
    }
    return null;
  }

  @Override
  public String toString() {
    return String.format("cpu=%dm memory=%dMi gpu=%d pods=%d", cpuMilli, memoryBytes >> 20, gpus, pods);
  }
}
