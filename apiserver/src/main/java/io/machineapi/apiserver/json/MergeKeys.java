package io.machineapi.apiserver.json;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code patchStrategy:"merge"} / {@code patchMergeKey} struct tags of the built-in Kubernetes types
 * (k8s.io/api core/v1, apps/v1, batch/v1, policy/v1 and metav1.ObjectMeta) that strategic merge patch consults.
 *
 * <p>Paths are field names from the object root; list elements add no segment (so the ports of any Pod
 * container are {@code spec.containers.ports}). A list that is not listed here has no patch strategy and is
 * replaced as a whole, which is also what Kubernetes does for, e.g., {@code NodeSpec.taints},
 * {@code PodSpec.tolerations} and {@code PodStatus.containerStatuses}. Only merge lists are tabled: on the
 * apply side, {@code retainKeys} strategies make no difference and no core map uses {@code replace}.
 */
final class MergeKeys {

  /** Marker for a merge list of primitives (finalizers, podCIDRs): union, no key. */
  static final String PRIMITIVE = "";

  private static final Map<String, Map<String, String>> BY_KIND = new HashMap<>();

  static {
    Map<String, String> node = kind("Node");
    node.put("spec.podCIDRs", PRIMITIVE);
    node.put("status.conditions", "type");
    node.put("status.addresses", "type");

    Map<String, String> pod = kind("Pod");
    podSpec(pod, "spec");
    pod.put("status.conditions", "type");
    pod.put("status.podIPs", "ip");
    pod.put("status.hostIPs", "ip");
    pod.put("status.resourceClaimStatuses", "name");

    podTemplate(kind("PodTemplate"), "template");
    for (String workload : List.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")) {
      Map<String, String> table = kind(workload);
      podTemplate(table, "spec.template");
      table.put("status.conditions", "type");
    }
    Map<String, String> job = kind("Job");
    podTemplate(job, "spec.template");
    job.put("status.conditions", "type");
    podTemplate(kind("CronJob"), "spec.jobTemplate.spec.template");
    Map<String, String> replicationController = kind("ReplicationController");
    podTemplate(replicationController, "spec.template");
    replicationController.put("status.conditions", "type");

    Map<String, String> service = kind("Service");
    service.put("spec.ports", "port");
    service.put("status.conditions", "type");
    kind("PodDisruptionBudget").put("status.conditions", "type");

    // Kinds whose only merge lists are the ObjectMeta ones.
    for (String plain : List.of("Namespace", "ConfigMap", "Secret", "ServiceAccount", "Event", "Endpoints",
        "Lease", "PersistentVolume", "PersistentVolumeClaim", "LimitRange", "ResourceQuota")) {
      kind(plain);
    }
  }

  private MergeKeys() {
  }

  /** @return whether strategic merge patch knows the kind's field tags */
  static boolean knows(String kind) {
    return BY_KIND.containsKey(kind);
  }

  /** @return the kinds with a table, for documentation and tests */
  static Set<String> kinds() {
    return Set.copyOf(BY_KIND.keySet());
  }

  /**
   * Looks up the merge key of a list field.
   *
   * @param kind the object's kind ({@code Pod}); unknown kinds have no merge lists
   * @param path dotted field path from the root, list elements omitted
   * @return the merge key ({@link #PRIMITIVE} for primitive merge lists), or empty if the list is replaced
   */
  static Optional<String> mergeKey(String kind, String path) {
    Map<String, String> table = BY_KIND.get(kind);
    return table == null ? Optional.empty() : Optional.ofNullable(table.get(path));
  }

  private static Map<String, String> kind(String kind) {
    Map<String, String> table = new HashMap<>();
    objectMeta(table, "metadata");
    BY_KIND.put(kind, table);
    return table;
  }

  private static void objectMeta(Map<String, String> table, String prefix) {
    table.put(prefix + ".finalizers", PRIMITIVE);
    table.put(prefix + ".ownerReferences", "uid");
  }

  private static void podTemplate(Map<String, String> table, String prefix) {
    objectMeta(table, prefix + ".metadata");
    podSpec(table, prefix + ".spec");
  }

  private static void podSpec(Map<String, String> table, String prefix) {
    for (String containers : List.of("containers", "initContainers", "ephemeralContainers")) {
      String list = prefix + "." + containers;
      table.put(list, "name");
      table.put(list + ".ports", "containerPort");
      table.put(list + ".env", "name");
      table.put(list + ".volumeMounts", "mountPath");
      table.put(list + ".volumeDevices", "devicePath");
    }
    table.put(prefix + ".volumes", "name");
    table.put(prefix + ".imagePullSecrets", "name");
    table.put(prefix + ".hostAliases", "ip");
    table.put(prefix + ".topologySpreadConstraints", "topologyKey");
    table.put(prefix + ".schedulingGates", "name");
    table.put(prefix + ".resourceClaims", "name");
  }
}
