package io.machineapi.providers.sim;

import java.util.Objects;

/**
 * One simulated instance type and the capacity a Node of that type reports.
 *
 * @param name the type name as written in {@code providerSpec.value.instanceType}, e.g. {@code sim.xlarge}
 * @param cpu virtual CPUs
 * @param memoryMiB memory in MiB
 * @param maxPods pods a Node of this type accepts
 * @param gpus GPUs ({@code nvidia.com/gpu}) of a Node of this type
 * @param architecture the CPU architecture as {@code kubernetes.io/arch} names it, e.g. {@code amd64}
 */
public record SimInstanceType(String name, int cpu, long memoryMiB, int maxPods, int gpus, String architecture) {

  public SimInstanceType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(architecture, "architecture");
    if (cpu <= 0 || memoryMiB <= 0 || maxPods <= 0 || gpus < 0 || architecture.isBlank()) {
      throw new IllegalArgumentException("instance type " + name
          + " needs positive cpu, memory and maxPods, no negative GPU count and an architecture");
    }
  }

  /** An {@code amd64} type without GPUs. */
  public SimInstanceType(String name, int cpu, long memoryMiB, int maxPods) {
    this(name, cpu, memoryMiB, maxPods, 0, "amd64");
  }
}
