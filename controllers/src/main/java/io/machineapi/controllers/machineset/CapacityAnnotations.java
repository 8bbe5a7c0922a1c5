package io.machineapi.controllers.machineset;

import io.machineapi.spi.InstanceCapacity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The scale-from-zero annotations a MachineSet carries for its instance type, and which of them a pass must change.
 *
 * <p>Who owns what:
 * <ul>
 *   <li>{@code machine.openshift.io/vCPU}, {@code memoryMb}, {@code GPU} and (when the provider knows it)
 *       {@code maxPods} are the platform's, as on OpenShift, where the provider's MachineSet controller writes them:
 *       always set to the instance type's values, so they follow an instance-type change.</li>
 *   <li>{@code capacity.cluster-autoscaler.kubernetes.io/cpu}, {@code memory}, {@code gpu-count}, {@code gpu-type}
 *       and {@code maxPods} are copied from those hints (memory as a quantity in {@code Mi}, gpu-type {@code ""} without
 *       GPUs). Users may set them to override what the autoscaler assumes: a value is replaced only while it is
 *       missing or still equal to the copy of the hints the set carried, so a value a user changed is kept.</li>
 *   <li>In {@code capacity.cluster-autoscaler.kubernetes.io/labels} ({@code k1=v1,k2=v2}) the
 *       {@code kubernetes.io/arch} entry is the platform's and follows the instance type; every other entry is
 *       kept as written.</li>
 * </ul>
 */
final class CapacityAnnotations {
  static final String VCPU = "machine.openshift.io/vCPU";
  static final String MEMORY_MB = "machine.openshift.io/memoryMb";
  static final String GPU = "machine.openshift.io/GPU";
  static final String MAX_PODS = "machine.openshift.io/maxPods";
  static final String CAPACITY = "capacity.cluster-autoscaler.kubernetes.io/";
  static final String CPU = CAPACITY + "cpu";
  static final String MEMORY = CAPACITY + "memory";
  static final String GPU_COUNT = CAPACITY + "gpu-count";
  static final String GPU_TYPE = CAPACITY + "gpu-type";
  static final String CAPACITY_MAX_PODS = CAPACITY + "maxPods";
  static final String LABELS = CAPACITY + "labels";
  static final String ARCH_LABEL = "kubernetes.io/arch";

  private CapacityAnnotations() {}

  /**
   * The annotations to set so that {@code current} describes {@code capacity}: only keys whose value changes.
   * Empty when the set is current.
   */
  static Map<String, String> changes(Map<String, String> current, InstanceCapacity capacity) {
    Map<String, String> annotations = current == null ? Map.of() : current;
    Map<String, String> hints = new LinkedHashMap<>();
    hints.put(VCPU, Integer.toString(capacity.vcpus()));
    hints.put(MEMORY_MB, Long.toString(capacity.memoryMiB()));
    hints.put(GPU, Integer.toString(capacity.gpus()));
    capacity.maxPods().ifPresent(pods -> hints.put(MAX_PODS, Integer.toString(pods)));

    Map<String, String> wanted = new LinkedHashMap<>(hints);
    Map<String, String> copiedBefore = copies(annotations, capacity.gpuResource());
    copies(hints, capacity.gpuResource()).forEach((key, value) -> {
      String now = annotations.get(key);
      if (now == null || now.equals(copiedBefore.get(key))) {
        wanted.put(key, value);
      }
    });
    wanted.put(LABELS, withArchitecture(annotations.get(LABELS), capacity.architecture()));

    Map<String, String> changes = new LinkedHashMap<>();
    wanted.forEach((key, value) -> {
      if (!value.equals(annotations.get(key))) {
        changes.put(key, value);
      }
    });
    return changes;
  }

  /** The autoscaler keys as copies of the hints present in {@code hints}. */
  private static Map<String, String> copies(Map<String, String> hints, String gpuResource) {
    Map<String, String> copies = new LinkedHashMap<>();
    copy(hints, VCPU, CPU, v -> v, copies);
    copy(hints, MEMORY_MB, MEMORY, v -> v + "Mi", copies);
    copy(hints, GPU, GPU_COUNT, v -> v, copies);
    copy(hints, GPU, GPU_TYPE, v -> "0".equals(v) ? "" : gpuResource, copies);
    copy(hints, MAX_PODS, CAPACITY_MAX_PODS, v -> v, copies);
    return copies;
  }

  private static void copy(Map<String, String> hints, String hint, String key,
      java.util.function.UnaryOperator<String> convert, Map<String, String> into) {
    String value = hints.get(hint);
    if (value != null) {
      into.put(key, convert.apply(value.trim()));
    }
  }

  /** {@code labels} ({@code k1=v1,k2=v2}, may be null) with {@code kubernetes.io/arch} set, other entries kept. */
  static String withArchitecture(String labels, String architecture) {
    Map<String, String> written = parse(labels);
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(ARCH_LABEL, Objects.requireNonNull(architecture, "architecture"));
    written.forEach(entries::putIfAbsent);
    if (labels != null && written.equals(entries)) {
      return labels; // current: kept as written (spacing, order), so the set is not patched again
    }
    return entries.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static Map<String, String> parse(String labels) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (String pair : labels == null ? new String[0] : labels.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        entries.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return entries;
  }
}
