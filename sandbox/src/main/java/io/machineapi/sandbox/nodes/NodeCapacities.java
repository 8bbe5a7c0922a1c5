package io.machineapi.sandbox.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.providers.sim.SimCatalog;
import io.machineapi.spi.InstanceLabels;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides an emulated Node's capacity from its Machine, for any provider. In order: the instance type (label
 * {@value InstanceLabels#INSTANCE_TYPE}, else {@code providerSpec.value.instanceType} (AWS, sim) or {@code flavor}
 * (OpenStack)) looked up in the provider's own catalogue and a table of common AWS and OpenStack types; a vSphere
 * spec's {@code numCPUs}/{@code memoryMiB}; the owning MachineSet's {@code machine.openshift.io/vCPU} and
 * {@code memoryMb} annotations (and {@code maxPods}); else {@link NodeCapacity#FALLBACK}.
 */
public final class NodeCapacities {

  static final String VCPU_ANNOTATION = "machine.openshift.io/vCPU";
  static final String MEMORY_MB_ANNOTATION = "machine.openshift.io/memoryMb";
  static final String MAX_PODS_ANNOTATION = "machine.openshift.io/maxPods";

  /** Common cloud types: EC2 general purpose / compute / memory, OpenStack's classic flavors. */
  private static final Map<String, NodeCapacity> COMMON = Map.ofEntries(
      Map.entry("t3.medium", new NodeCapacity(2, 4096, 17)),
      Map.entry("t3.large", new NodeCapacity(2, 8192, 35)),
      Map.entry("t3.xlarge", new NodeCapacity(4, 16384, 58)),
      Map.entry("m5.large", new NodeCapacity(2, 8192, 29)),
      Map.entry("m5.xlarge", new NodeCapacity(4, 16384, 58)),
      Map.entry("m5.2xlarge", new NodeCapacity(8, 32768, 58)),
      Map.entry("m5.4xlarge", new NodeCapacity(16, 65536, 234)),
      Map.entry("m6i.large", new NodeCapacity(2, 8192, 29)),
      Map.entry("m6i.xlarge", new NodeCapacity(4, 16384, 58)),
      Map.entry("m6i.2xlarge", new NodeCapacity(8, 32768, 58)),
      Map.entry("c5.xlarge", new NodeCapacity(4, 8192, 58)),
      Map.entry("c5.2xlarge", new NodeCapacity(8, 16384, 58)),
      Map.entry("r5.xlarge", new NodeCapacity(4, 32768, 58)),
      Map.entry("r5.2xlarge", new NodeCapacity(8, 65536, 58)),
      Map.entry("m1.small", new NodeCapacity(1, 2048, 110)),
      Map.entry("m1.medium", new NodeCapacity(2, 4096, 110)),
      Map.entry("m1.large", new NodeCapacity(4, 8192, 110)),
      Map.entry("m1.xlarge", new NodeCapacity(8, 16384, 110)));

  private final Map<String, NodeCapacity> types;

  private NodeCapacities(Map<String, NodeCapacity> types) {
    this.types = Map.copyOf(types);
  }

  /** The common-types table only. */
  public static NodeCapacities common() {
    return new NodeCapacities(COMMON);
  }

  /** The common-types table plus the simulated cloud's catalogue. */
  public static NodeCapacities withSimCatalog(SimCatalog catalog) {
    Map<String, NodeCapacity> types = new HashMap<>(COMMON);
    catalog.types().values().forEach(t -> types.put(t.name(), new NodeCapacity(t.cpu(), t.memoryMiB(),
        t.maxPods())));
    return new NodeCapacities(types);
  }

  /**
   * @param machine the Machine the Node is for
   * @param machineSetAnnotations the owning MachineSet's annotations, empty if none; asked for only when the
   *     Machine itself does not tell
   */
  public NodeCapacity resolve(Machine machine, Supplier<Map<String, String>> machineSetAnnotations) {
    return instanceType(machine).map(types::get)
        .or(() -> vSphereSize(machine))
        .or(() -> fromAnnotations(machineSetAnnotations.get()))
        .orElse(NodeCapacity.FALLBACK);
  }

  private static Optional<String> instanceType(Machine machine) {
    Optional<String> label = Optional.ofNullable(machine.getMetadata().getLabels())
        .map(l -> l.get(InstanceLabels.INSTANCE_TYPE)).filter(s -> !s.isBlank());
    return label.or(() -> specText(machine, "instanceType")).or(() -> specText(machine, "flavor"));
  }

  private static Optional<NodeCapacity> vSphereSize(Machine machine) {
    Optional<JsonNode> value = specValue(machine);
    Optional<Integer> cpus = value.map(v -> v.path("numCPUs")).filter(JsonNode::canConvertToInt)
        .map(JsonNode::asInt).filter(n -> n > 0);
    Optional<Long> memory = value.map(v -> v.path("memoryMiB")).filter(JsonNode::isNumber).map(JsonNode::asLong)
        .filter(n -> n > 0);
    return cpus.isPresent() && memory.isPresent()
        ? Optional.of(new NodeCapacity(cpus.get(), memory.get(), NodeCapacity.DEFAULT_MAX_PODS))
        : Optional.empty();
  }

  private static Optional<NodeCapacity> fromAnnotations(Map<String, String> annotations) {
    Optional<Integer> cpu = positive(annotations.get(VCPU_ANNOTATION));
    Optional<Integer> memory = positive(annotations.get(MEMORY_MB_ANNOTATION));
    if (cpu.isEmpty() || memory.isEmpty()) {
      return Optional.empty();
    }
    int pods = positive(annotations.get(MAX_PODS_ANNOTATION)).orElse(NodeCapacity.DEFAULT_MAX_PODS);
    return Optional.of(new NodeCapacity(cpu.get(), memory.get(), pods));
  }

  private static Optional<Integer> positive(String text) {
    try {
      return Optional.ofNullable(text).map(String::trim).map(Integer::parseInt).filter(n -> n > 0);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> specText(Machine machine, String field) {
    return specValue(machine).map(v -> v.path(field)).filter(JsonNode::isTextual).map(JsonNode::asText)
        .filter(s -> !s.isBlank());
  }

  private static Optional<JsonNode> specValue(Machine machine) {
    return Optional.ofNullable(machine.getSpec()).map(s -> s.getProviderSpec()).map(p -> p.getValue());
  }
}
