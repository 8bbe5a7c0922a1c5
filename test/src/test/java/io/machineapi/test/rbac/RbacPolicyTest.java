package io.machineapi.test.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.apiserver.RequestAttributes;
import io.machineapi.test.rbac.RbacPolicy.User;
import org.junit.jupiter.api.Test;

class RbacPolicyTest {

  static final User CONTROLLERS = User.serviceAccount("ops", "controllers");
  static final User OTHER = User.serviceAccount("ops", "other");

  static final String CLUSTER_ROLE = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: cluster-reader}
      rules:
      - apiGroups: [machine.openshift.io]
        resources: [machines]
        verbs: [get, list, watch]
      - apiGroups: [""]
        resources: [pods/eviction]
        verbs: [create]
      - apiGroups: [autoscaling.openshift.io]
        resources: [clusterautoscalers]
        resourceNames: [default]
        verbs: [get, list, watch]
      - nonResourceURLs: ["/metrics", "/debug/*"]
        verbs: [get]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: cluster-reader}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-reader}
      subjects:
      - {kind: ServiceAccount, name: controllers, namespace: ops}
      """;

  static final String ROLE = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: writer, namespace: ops}
      rules:
      - apiGroups: [""]
        resources: [events]
        verbs: [create]
      - apiGroups: [machine.openshift.io]
        resources: ["*/status"]
        verbs: [patch]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: writer, namespace: ops}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: writer}
      subjects:
      - {kind: ServiceAccount, name: controllers}
      """;

  static RbacPolicy policy(String... yaml) {
    return RbacPolicy.of(Manifests.parse(String.join("\n---\n", yaml)));
  }

  static RequestAttributes request(String verb, String group, String resource, String subresource, String namespace,
      String name) {
    return RequestAttributes.resource(verb, group, resource, subresource, namespace, name);
  }

  @Test
  void aClusterRoleBindingGrantsEverywhereToItsSubjectOnly() {
    RbacPolicy policy = policy(CLUSTER_ROLE);
    RequestAttributes listAll = request("list", "machine.openshift.io", "machines", "", "", "");
    RequestAttributes getInOps = request("get", "machine.openshift.io", "machines", "", "ops", "m1");

    assertThat(policy.allows(CONTROLLERS, listAll)).isTrue();
    assertThat(policy.allows(CONTROLLERS, getInOps)).isTrue();
    assertThat(policy.allows(OTHER, listAll)).isFalse();
    assertThat(policy.allows(CONTROLLERS, request("delete", "machine.openshift.io", "machines", "", "ops", "m1")))
        .isFalse();
    assertThat(policy.allows(CONTROLLERS, request("get", "other.io", "machines", "", "ops", "m1"))).isFalse();
  }

  @Test
  void aRoleBindingGrantsOnlyInItsNamespaceAndDefaultsTheServiceAccountNamespaceToIt() {
    RbacPolicy policy = policy(ROLE);

    assertThat(policy.allows(CONTROLLERS, request("create", "", "events", "", "ops", ""))).isTrue();
    assertThat(policy.allows(CONTROLLERS, request("create", "", "events", "", "default", ""))).isFalse();
    assertThat(policy.allows(CONTROLLERS, request("create", "", "events", "", "", ""))).isFalse();
    assertThat(policy.allows(User.serviceAccount("elsewhere", "controllers"),
        request("create", "", "events", "", "ops", ""))).isFalse();
  }

  @Test
  void aRoleBindingToAClusterRoleGrantsItsResourceRulesInTheBindingNamespaceOnly() {
    RbacPolicy policy = policy(CLUSTER_ROLE.substring(0, CLUSTER_ROLE.indexOf("---")), """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reader, namespace: ops}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-reader}
        subjects:
        - {kind: Group, name: "system:serviceaccounts:ops"}
        """);

    assertThat(policy.allows(OTHER, request("get", "machine.openshift.io", "machines", "", "ops", "m"))).isTrue();
    assertThat(policy.allows(OTHER, request("list", "machine.openshift.io", "machines", "", "", ""))).isFalse();
    assertThat(policy.allows(OTHER, RequestAttributes.nonResource("get", "/metrics"))).isFalse();
  }

  @Test
  void subresourcesAreGrantedByName() {
    RbacPolicy policy = policy(CLUSTER_ROLE, ROLE);

    assertThat(policy.allows(CONTROLLERS, request("create", "", "pods", "eviction", "ns", "p"))).isTrue();
    assertThat(policy.allows(CONTROLLERS, request("create", "", "pods", "", "ns", ""))).isFalse();
    assertThat(policy.allows(CONTROLLERS, request("get", "machine.openshift.io", "machines", "status", "ops", "m")))
        .isFalse();
    assertThat(policy.allows(CONTROLLERS, request("patch", "machine.openshift.io", "machinesets", "status", "ops",
        "s"))).isTrue();
    assertThat(policy.allows(CONTROLLERS, request("patch", "machine.openshift.io", "machinesets", "", "ops", "s")))
        .isFalse();
  }

  @Test
  void resourceNamesAllowOnlyTheNamedObjects() {
    RbacPolicy policy = policy(CLUSTER_ROLE);

    assertThat(policy.allows(CONTROLLERS, request("watch", "autoscaling.openshift.io", "clusterautoscalers", "", "",
        "default"))).isTrue();
    assertThat(policy.allows(CONTROLLERS, request("get", "autoscaling.openshift.io", "clusterautoscalers", "", "",
        "other"))).isFalse();
    assertThat(policy.allows(CONTROLLERS, request("list", "autoscaling.openshift.io", "clusterautoscalers", "", "",
        ""))).isFalse();
  }

  @Test
  void nonResourceUrlsMatchExactlyOrByPrefixStar() {
    RbacPolicy policy = policy(CLUSTER_ROLE);

    assertThat(policy.allows(CONTROLLERS, RequestAttributes.nonResource("get", "/metrics"))).isTrue();
    assertThat(policy.allows(CONTROLLERS, RequestAttributes.nonResource("get", "/debug/pprof"))).isTrue();
    assertThat(policy.allows(CONTROLLERS, RequestAttributes.nonResource("get", "/metricsx"))).isFalse();
    assertThat(policy.allows(CONTROLLERS, RequestAttributes.nonResource("post", "/metrics"))).isFalse();
  }

  @Test
  void rolesBoundToNobodyCheckedAreListed() {
    RbacPolicy policy = policy(CLUSTER_ROLE, ROLE, """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: orphan, namespace: ops}
        rules: []
        """);

    assertThat(policy.unboundRoles(CONTROLLERS)).containsExactly("Role/ops/orphan");
    assertThat(policy.unboundRoles(OTHER)).containsExactlyInAnyOrder("ClusterRole/cluster-reader",
        "Role/ops/writer", "Role/ops/orphan");
  }
}
