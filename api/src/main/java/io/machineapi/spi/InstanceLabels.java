package io.machineapi.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The well-known labels a provider asks the controller to put on the Machine (and, for
 * {@link #interruptible()}, also into {@code spec.metadata.labels} so they reach the Node).
 *
 * @param instanceType instance type / flavor, when known
 * @param region region, when known
 * @param zone zone / availability zone, when known
 * @param interruptible whether the instance is spot / preemptible
 */
public record InstanceLabels(
    Optional<String> instanceType, Optional<String> region, Optional<String> zone, boolean interruptible) {

  public static final String INSTANCE_TYPE = "machine.openshift.io/instance-type";
  public static final String REGION = "machine.openshift.io/region";
  public static final String ZONE = "machine.openshift.io/zone";
  public static final String INTERRUPTIBLE = "machine.openshift.io/interruptible-instance";

  private static final InstanceLabels NONE =
      new InstanceLabels(Optional.empty(), Optional.empty(), Optional.empty(), false);

  public InstanceLabels {
    instanceType = Objects.requireNonNull(instanceType, "instanceType").filter(s -> !s.isBlank());
    region = Objects.requireNonNull(region, "region").filter(s -> !s.isBlank());
    zone = Objects.requireNonNull(zone, "zone").filter(s -> !s.isBlank());
  }

  /** No labels known. */
  public static InstanceLabels none() {
    return NONE;
  }

  /** Labels from possibly-null values of an on-demand instance. */
  public static InstanceLabels of(String instanceType, String region, String zone) {
    return new InstanceLabels(
        Optional.ofNullable(instanceType), Optional.ofNullable(region), Optional.ofNullable(zone), false);
  }

  /** A copy marked as spot / preemptible. */
  public InstanceLabels asInterruptible() {
    return new InstanceLabels(instanceType, region, zone, true);
  }

  /**
   * The Machine labels to set: only the known values; the interruptible label (value empty string, as OpenShift
   * writes it) only for interruptible instances. Labels not listed are left as they are on the Machine.
   */
  public Map<String, String> asMachineLabels() {
    Map<String, String> labels = new LinkedHashMap<>();
    instanceType.ifPresent(v -> labels.put(INSTANCE_TYPE, v));
    region.ifPresent(v -> labels.put(REGION, v));
    zone.ifPresent(v -> labels.put(ZONE, v));
    if (interruptible) {
      labels.put(INTERRUPTIBLE, "");
    }
    return java.util.Collections.unmodifiableMap(labels);
  }
}
