package io.machineapi.spi;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What one Node of an instance type offers, as a provider's instance-type catalogue knows it
 * ({@link MachineProvider#capacity}). The MachineSet controller writes it onto MachineSets so the cluster autoscaler
 * can scale a group up from zero Machines.
 *
 * @param instanceType the instance type this describes, e.g. {@code m6i.xlarge}
 * @param vcpus virtual CPUs, at least 1
 * @param memoryMiB memory in MiB, at least 1
 * @param gpus GPUs, 0 when none
 * @param gpuResource the extended resource name the GPUs appear under on the Node (e.g. {@code nvidia.com/gpu});
 *     empty when {@code gpus} is 0
 * @param maxPods the pods a Node of this type accepts, when the provider knows it (otherwise the autoscaler
 *     assumes 110)
 * @param architecture the CPU architecture as Kubernetes names it in {@code kubernetes.io/arch} ({@code amd64},
 *     {@code arm64})
 */
public record InstanceCapacity(String instanceType, int vcpus, long memoryMiB, int gpus, String gpuResource,
    OptionalInt maxPods, String architecture) {

  /** The GPU resource name of NVIDIA GPUs, the usual one. */
  public static final String NVIDIA_GPU = "nvidia.com/gpu";
  public static final String AMD64 = "amd64";
  public static final String ARM64 = "arm64";

  public InstanceCapacity {
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(gpuResource, "gpuResource");
    Objects.requireNonNull(maxPods, "maxPods");
    Objects.requireNonNull(architecture, "architecture");
    if (vcpus < 1 || memoryMiB < 1 || gpus < 0) {
      throw new IllegalArgumentException("instance type " + instanceType
          + " needs at least 1 vCPU and 1 MiB of memory and no negative GPU count");
    }
    if (maxPods.isPresent() && maxPods.getAsInt() < 1) {
      throw new IllegalArgumentException("instance type " + instanceType + ": maxPods must be at least 1");
    }
    if (architecture.isBlank()) {
      throw new IllegalArgumentException("instance type " + instanceType + ": architecture is empty");
    }
    if (gpus == 0) {
      gpuResource = "";
    } else if (gpuResource.isBlank()) {
      throw new IllegalArgumentException("instance type " + instanceType + " has GPUs but no GPU resource name");
    }
  }
}
