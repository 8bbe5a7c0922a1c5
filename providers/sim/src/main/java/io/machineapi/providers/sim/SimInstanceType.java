package io.machineapi.providers.sim;

import java.util.Objects;

/**
 * One simulated instance type and the capacity a Node of that type reports.
 *
 * @param name the type name as written in {@code providerSpec.value.instanceType}, e.g. {@code sim.xlarge}
 * @param cpu virtual CPUs
 * @param memoryMiB memory in MiB
 * @param maxPods pods a Node of this type accepts
 */
public record SimInstanceType(String name, int cpu, long memoryMiB, int maxPods) {

  public SimInstanceType {
    Objects.requireNonNull(name, "name");
    if (cpu <= 0 || memoryMiB <= 0 || maxPods <= 0) {
      throw new IllegalArgumentException("instance type " + name + " needs positive cpu, memory and maxPods");
    }
  }
}
