package io.machineapi.autoscaler.cluster;

import io.fabric8.kubernetes.api.model.Quantity;
import io.machineapi.api.GoDuration;
import io.machineapi.api.autoscaling.v1beta1.AutoscalerAnnotations;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.autoscaler.core.GroupMachine;
import io.machineapi.autoscaler.core.NodeGroup;
import io.machineapi.autoscaler.core.Resources;
import io.machineapi.autoscaler.core.Taint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A MachineSet as a node group: min/max annotations, scale-from-zero capacity annotations, per-set options. */
public final class MachineSetGroups {
  static final String CAPACITY = "capacity.cluster-autoscaler.kubernetes.io/";
  static final String OPTIONS = "machine.openshift.io/autoscaling-options-";

  private MachineSetGroups() {}

  static NodeGroup group(MachineSet s, List<GroupMachine> machines) {
    Map<String, String> a = SnapshotReader.orEmpty(s.getMetadata().getAnnotations());
    String ns = s.getMetadata().getNamespace();
    String name = s.getMetadata().getName();
    List<String> problems = new ArrayList<>();
    int min = integer(a, AutoscalerAnnotations.MIN, AutoscalerAnnotations.CAPI_MIN, problems);
    int max = integer(a, AutoscalerAnnotations.MAX, AutoscalerAnnotations.CAPI_MAX, problems);
    if (problems.isEmpty() && max < min) {
      problems.add("max size " + max + " is below min size " + min);
    }
    Map<String, String> labels = new HashMap<>();
    List<Taint> taints = new ArrayList<>();
    var template = s.getSpec() == null ? null : s.getSpec().getTemplate();
    if (template != null && template.getSpec() != null) {
      if (template.getSpec().getMetadata() != null) {
        labels.putAll(SnapshotReader.orEmpty(template.getSpec().getMetadata().getLabels()));
      }
      for (io.fabric8.kubernetes.api.model.Taint t : SnapshotReader.orEmpty(template.getSpec().getTaints())) {
        taints.add(new Taint(t.getKey(), t.getValue(), t.getEffect()));
      }
    }
    Optional<NodeGroup.ScaleFromZero> zero;
    try {
      zero = scaleFromZero(a);
    } catch (RuntimeException e) {
      problems.add("unreadable scale-from-zero annotation: " + e.getMessage());
      zero = Optional.empty();
    }
    int replicas = s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    return new NodeGroup(NodeGroup.id(ns, name), ns, name, Math.max(0, min), Math.max(0, max), replicas,
        Map.copyOf(labels), List.copyOf(taints), zero, options(a, problems), List.copyOf(machines),
        problems.isEmpty() ? null : String.join("; ", problems));
  }

  private static int integer(Map<String, String> a, String key, String capiKey, List<String> problems) {
    String v = a.getOrDefault(key, a.get(capiKey));
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 0) {
        problems.add(key + " is negative (" + v + ")");
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(key + " is not an integer (\"" + v + "\")");
      return 0;
    }
  }

  /** CPU and memory both known ⇒ a template; the upstream keys win over the machine.openshift.io hints. */
  static Optional<NodeGroup.ScaleFromZero> scaleFromZero(Map<String, String> a) {
    long cpu;
    if (a.containsKey(CAPACITY + "cpu")) {
      cpu = SnapshotReader.milli(new Quantity(a.get(CAPACITY + "cpu")));
    } else if (a.containsKey("machine.openshift.io/vCPU")) {
      cpu = Long.parseLong(a.get("machine.openshift.io/vCPU").trim()) * 1000;
    } else {
      return Optional.empty();
    }
    long memory;
    if (a.containsKey(CAPACITY + "memory")) {
      memory = SnapshotReader.bytes(new Quantity(a.get(CAPACITY + "memory")));
    } else if (a.containsKey("machine.openshift.io/memoryMb")) {
      memory = Long.parseLong(a.get("machine.openshift.io/memoryMb").trim()) << 20;
    } else {
      return Optional.empty();
    }
    long gpus = Long.parseLong(a.getOrDefault(CAPACITY + "gpu-count", a.getOrDefault("machine.openshift.io/GPU", "0"))
        .trim());
    long pods = Long.parseLong(a.getOrDefault(CAPACITY + "maxPods", a.getOrDefault("machine.openshift.io/maxPods",
        "110")).trim());
    long disk = a.containsKey(CAPACITY + "ephemeral-disk")
        ? SnapshotReader.bytes(new Quantity(a.get(CAPACITY + "ephemeral-disk"))) : 100L << 30;
    Map<String, String> labels = new HashMap<>();
    for (String kv : a.getOrDefault(CAPACITY + "labels", "").split(",")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        labels.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
      }
    }
    List<Taint> taints = new ArrayList<>();
    for (String t : a.getOrDefault(CAPACITY + "taints", "").split(",")) {
      t = t.trim();
      int colon = t.lastIndexOf(':');
      if (colon <= 0) {
        continue;
      }
      String kv = t.substring(0, colon);
      int eq = kv.indexOf('=');
      taints.add(new Taint(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1),
          t.substring(colon + 1)));
    }
    return Optional.of(new NodeGroup.ScaleFromZero(new Resources(cpu, memory, gpus, disk, pods), Map.copyOf(labels),
        List.copyOf(taints)));
  }

  private static NodeGroup.GroupOptions options(Map<String, String> a, List<String> problems) {
    try {
      return new NodeGroup.GroupOptions(
          Optional.ofNullable(a.get(OPTIONS + "scaledownutilizationthreshold")).map(Double::parseDouble),
          Optional.ofNullable(a.get(OPTIONS + "scaledownunneededtime")).map(GoDuration::parse),
          Optional.ofNullable(a.get(OPTIONS + "scaledownunreadytime")).map(GoDuration::parse),
          Optional.ofNullable(a.get(OPTIONS + "maxnodeprovisiontime")).map(GoDuration::parse));
    } catch (RuntimeException e) {
      problems.add("unreadable " + OPTIONS + "* annotation: " + e.getMessage());
      return NodeGroup.GroupOptions.NONE;
    }
  }
}
