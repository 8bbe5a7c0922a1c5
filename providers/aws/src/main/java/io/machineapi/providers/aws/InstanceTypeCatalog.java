package io.machineapi.providers.aws;

import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import software.amazon.awssdk.services.ec2.model.GpuDeviceInfo;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

/**
 * What one instance of an EC2 instance type offers, from {@code DescribeInstanceTypes}, cached per region and
 * instance type for {@value #TTL_HOURS} hours (the catalogue hardly changes; OpenShift's AWS MachineSet controller
 * refreshes its copy daily too). A failed lookup caches nothing, so it is retried on the next call.
 */
final class InstanceTypeCatalog {
  static final int TTL_HOURS = 24;
  /** Bounds the cache: EC2 offers about 1,000 types per region. */
  static final int MAX_ENTRIES = 5_000;

  private record Key(String region, String instanceType) {}

  private final Ec2Calls calls;
  private final LookupCache<Key, InstanceCapacity> cache;

  InstanceTypeCatalog(Ec2Calls calls, Clock clock) {
    this.calls = calls;
    this.cache = new LookupCache<>(clock, Duration.ofHours(TTL_HOURS), MAX_ENTRIES);
  }

  /**
   * @throws InvalidConfigurationException when EC2 does not know the type ({@code InvalidInstanceType})
   */
  InstanceCapacity capacity(AwsClients clients, String instanceType) throws ProviderException {
    return cache.get(new Key(clients.scope().region(), instanceType), () -> {
      // The type is the request's only parameter, and it comes from the spec: an InvalidInstanceType is the spec's.
      List<InstanceTypeInfo> found = calls.run(() -> clients.ec2().describeInstanceTypes(b -> b
          .instanceTypesWithStrings(instanceType)).instanceTypes(), true);
      return found.stream().filter(t -> instanceType.equals(t.instanceTypeAsString())).findFirst()
          .map(InstanceTypeCatalog::capacity)
          .orElseThrow(() -> new InvalidConfigurationException("providerSpec.value.instanceType",
              "EC2 does not offer instance type " + instanceType + " in region " + clients.scope().region()));
    });
  }

  static InstanceCapacity capacity(InstanceTypeInfo info) {
    int vcpus = info.vCpuInfo() == null || info.vCpuInfo().defaultVCpus() == null ? 0
        : info.vCpuInfo().defaultVCpus();
    long memory = info.memoryInfo() == null || info.memoryInfo().sizeInMiB() == null ? 0
        : info.memoryInfo().sizeInMiB();
    List<GpuDeviceInfo> gpus = info.gpuInfo() == null || info.gpuInfo().gpus() == null ? List.of()
        : info.gpuInfo().gpus();
    int gpuCount = gpus.stream().mapToInt(g -> g.count() == null ? 0 : g.count()).sum();
    String gpuResource = gpuCount == 0 ? "" : gpuResource(gpus.get(0).manufacturer());
    return new InstanceCapacity(info.instanceTypeAsString(), vcpus, memory, gpuCount, gpuResource,
        OptionalInt.empty(), architecture(info.processorInfo() == null ? List.of()
            : info.processorInfo().supportedArchitecturesAsStrings()));
  }

  /** EC2's {@code x86_64} is Kubernetes' {@code amd64}; {@code arm64} (Graviton) keeps its name. */
  static String architecture(List<String> supported) {
    if (supported.contains("x86_64")) {
      return InstanceCapacity.AMD64;
    }
    if (supported.contains("arm64")) {
      return InstanceCapacity.ARM64;
    }
    return InstanceCapacity.AMD64;
  }

  /** The device plugin's resource name: {@code nvidia.com/gpu}, {@code amd.com/gpu}, else {@code <maker>.com/gpu}. */
  static String gpuResource(String manufacturer) {
    String maker = manufacturer == null || manufacturer.isBlank() ? "nvidia"
        : manufacturer.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "");
    return maker.isEmpty() ? InstanceCapacity.NVIDIA_GPU : maker + ".com/gpu";
  }
}
