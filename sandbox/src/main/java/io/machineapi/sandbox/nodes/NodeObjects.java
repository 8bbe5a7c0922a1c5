package io.machineapi.sandbox.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Node objects and status payloads the emulator writes, as a kubelet would. */
final class NodeObjects {

  /** Marks a Node as played by the emulator, so it never touches Nodes it did not create. */
  static final String EMULATED_ANNOTATION = "sandbox.machine-api/emulated";
  /** {@code "False"} or {@code "Unknown"} on a Node: report the Ready condition so until removed. */
  static final String READY_ANNOTATION = "sandbox.machine-api/ready";
  /** {@code "true"} on a Machine: never register a Node for it. */
  static final String NO_NODE_ANNOTATION = "sandbox.machine-api/no-node";

  private static final String ROLE_LABEL = "machine.openshift.io/cluster-api-machine-role";

  private NodeObjects() {}

  static Node node(Machine machine, NodeCapacity capacity, Instant now) {
    String name = machine.getMetadata().getName();
    Map<String, String> machineLabels = Optional.ofNullable(machine.getMetadata().getLabels()).orElse(Map.of());
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    copy(machineLabels, "machine.openshift.io/instance-type", labels, "node.kubernetes.io/instance-type");
    copy(machineLabels, "machine.openshift.io/region", labels, "topology.kubernetes.io/region");
    copy(machineLabels, "machine.openshift.io/zone", labels, "topology.kubernetes.io/zone");
    Optional.ofNullable(machineLabels.get(ROLE_LABEL)).filter(r -> !r.isBlank())
        .ifPresent(role -> labels.put("node-role.kubernetes.io/" + role, ""));
    return new NodeBuilder()
        .withNewMetadata().withName(name).withLabels(labels)
        .addToAnnotations(EMULATED_ANNOTATION, "true").endMetadata()
        .withNewSpec().withProviderID(machine.getSpec().getProviderID()).endSpec()
        .withNewStatus()
        .withCapacity(capacity.capacity()).withAllocatable(capacity.allocatable())
        .withAddresses(addresses(machine))
        .withConditions(conditions("True", now, now))
        .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux")
        .withKubeletVersion("v1.32.0-sandbox").withKubeProxyVersion("v1.32.0-sandbox")
        .withContainerRuntimeVersion("sandbox://1.0").withOsImage("machine-api sandbox node emulator")
        .withKernelVersion("6.1.0").withMachineID(machine.getMetadata().getUid())
        .withSystemUUID(machine.getMetadata().getUid()).withBootID(machine.getMetadata().getUid()).endNodeInfo()
        .endStatus()
        .build();
  }

  /** The Ready status a Node should report: its annotation's {@code False}/{@code Unknown}, else {@code True}. */
  static String desiredReady(Node node) {
    String wanted = Optional.ofNullable(node.getMetadata().getAnnotations()).map(a -> a.get(READY_ANNOTATION))
        .orElse("True");
    return "False".equals(wanted) || "Unknown".equals(wanted) ? wanted : "True";
  }

  static Optional<NodeCondition> readyCondition(Node node) {
    return Optional.ofNullable(node.getStatus()).map(s -> s.getConditions()).orElse(List.of()).stream()
        .filter(c -> "Ready".equals(c.getType())).findFirst();
  }

  /** A {@code /status} merge patch: every condition, Ready as {@code ready} since {@code transition}. */
  static Map<String, Object> statusPatch(String ready, Instant transition, Instant now) {
    return Map.of("status", Map.of("conditions", conditions(ready, transition, now)));
  }

  static List<NodeCondition> conditions(String ready, Instant transition, Instant now) {
    String heartbeat = timestamp(now);
    String since = timestamp(transition);
    List<NodeCondition> conditions = new ArrayList<>();
    for (String pressure : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
      conditions.add(new NodeConditionBuilder().withType(pressure).withStatus("False")
          .withReason("KubeletHasSufficient" + pressure.replace("Pressure", ""))
          .withMessage("kubelet has no " + pressure.toLowerCase()).withLastHeartbeatTime(heartbeat)
          .withLastTransitionTime(timestamp(transition.isAfter(now) ? now : transition)).build());
    }
    conditions.add(new NodeConditionBuilder().withType("Ready").withStatus(ready)
        .withReason(switch (ready) {
          case "True" -> "KubeletReady";
          case "False" -> "KubeletNotReady";
          default -> "NodeStatusUnknown";
        })
        .withMessage(switch (ready) {
          case "True" -> "kubelet is posting ready status";
          case "False" -> "sandbox: node reported not ready (annotation " + READY_ANNOTATION + ")";
          default -> "sandbox: kubelet stopped posting node status (annotation " + READY_ANNOTATION + ")";
        })
        .withLastHeartbeatTime(heartbeat).withLastTransitionTime(since).build());
    return conditions;
  }

  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static List<NodeAddress> addresses(Machine machine) {
    return Optional.ofNullable(machine.getStatus()).map(s -> s.getAddresses()).orElse(List.of()).stream()
        .map(a -> new NodeAddress(a.getAddress(), a.getType())).toList();
  }

  private static void copy(Map<String, String> from, String fromKey, Map<String, String> to, String toKey) {
    Optional.ofNullable(from.get(fromKey)).filter(v -> !v.isBlank()).ifPresent(v -> to.put(toKey, v));
  }
}
