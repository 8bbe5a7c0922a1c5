package io.machineapi.apiserver;

import io.machineapi.apiserver.ResourceType.Scale;
import io.machineapi.apiserver.ResourceType.Subresource;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in kinds this server announces in discovery (a fixed table: it stores any kind, but clients such as
 * kubectl only address what discovery lists). Only kinds the operator, its tests and kubectl need are listed.
 */
final class BuiltinResources {

  /** Group/version pairs served even when no kind of them is stored, in discovery order. */
  static final List<String> GROUP_VERSIONS = List.of("v1", "apps/v1", "policy/v1", "events.k8s.io/v1",
      "coordination.k8s.io/v1", "apiextensions.k8s.io/v1", "autoscaling/v1", "batch/v1",
      "rbac.authorization.k8s.io/v1", "admissionregistration.k8s.io/v1");

  private static final Scale REPLICAS = new Scale(".spec.replicas", ".status.replicas", null);
  private static final List<ResourceType> ALL = build();

  private BuiltinResources() {
  }

  static List<ResourceType> all() {
    return ALL;
  }

  private static List<ResourceType> build() {
    List<ResourceType> all = new ArrayList<>();
    Subresource eviction = new Subresource("eviction", "policy", "v1", "Eviction", List.of("create"));
    all.add(type("", "namespaces", "Namespace", false, List.of("ns"), List.of(), true, null));
    all.add(type("", "nodes", "Node", false, List.of("no"), List.of(), true, null));
    all.add(new ResourceType("", "v1", "pods", "pod", "Pod", true, List.of("po"), List.of("all"), true, null,
        List.of(), null, List.of(eviction), false, null));
    all.add(type("", "events", "Event", true, List.of("ev"), List.of(), false, null));
    all.add(type("", "secrets", "Secret", true, List.of(), List.of(), false, null));
    all.add(type("", "configmaps", "ConfigMap", true, List.of("cm"), List.of(), false, null));
    all.add(type("", "services", "Service", true, List.of("svc"), List.of("all"), true, null));
    all.add(type("", "serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(), false, null));
    all.add(type("", "endpoints", "Endpoints", true, List.of("ep"), List.of(), false, null));
    all.add(type("", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), List.of(), true, null));
    all.add(type("", "persistentvolumes", "PersistentVolume", false, List.of("pv"), List.of(), true, null));
    all.add(type("apps", "deployments", "Deployment", true, List.of("deploy"), List.of("all"), true, REPLICAS));
    all.add(type("apps", "replicasets", "ReplicaSet", true, List.of("rs"), List.of("all"), true, REPLICAS));
    all.add(type("apps", "statefulsets", "StatefulSet", true, List.of("sts"), List.of("all"), true, REPLICAS));
    all.add(type("apps", "daemonsets", "DaemonSet", true, List.of("ds"), List.of("all"), true, null));
    all.add(type("policy", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), List.of(), true,
        null));
    all.add(type("events.k8s.io", "events", "Event", true, List.of("ev"), List.of(), false, null));
    all.add(type("coordination.k8s.io", "leases", "Lease", true, List.of(), List.of(), false, null));
    all.add(type("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", false,
        List.of("crd", "crds"), List.of("api-extensions"), true, null));
    all.add(type("autoscaling", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, List.of("hpa"),
        List.of("all"), true, null));
    all.add(type("batch", "jobs", "Job", true, List.of(), List.of("all"), true, null));
    String rbac = "rbac.authorization.k8s.io";
    all.add(type(rbac, "roles", "Role", true, List.of(), List.of(), false, null));
    all.add(type(rbac, "rolebindings", "RoleBinding", true, List.of(), List.of(), false, null));
    all.add(type(rbac, "clusterroles", "ClusterRole", false, List.of(), List.of(), false, null));
    all.add(type(rbac, "clusterrolebindings", "ClusterRoleBinding", false, List.of(), List.of(), false, null));
    String admission = "admissionregistration.k8s.io";
    all.add(type(admission, "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", false, List.of(),
        List.of("api-extensions"), false, null));
    all.add(type(admission, "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", false, List.of(),
        List.of("api-extensions"), false, null));
    return List.copyOf(all);
  }

  private static ResourceType type(String group, String plural, String kind, boolean namespaced,
      List<String> shortNames, List<String> categories, boolean status, Scale scale) {
    return new ResourceType(group, "v1", plural, kind.toLowerCase(java.util.Locale.ROOT), kind, namespaced,
        shortNames, categories, status, scale, List.of(), null, List.of(), false, null);
  }
}
