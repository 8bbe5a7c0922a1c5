package io.machineapi.test.rbac;

import static io.machineapi.test.rbac.RbacPolicyTest.CONTROLLERS;
import static io.machineapi.test.rbac.RbacPolicyTest.policy;
import static io.machineapi.test.rbac.RbacPolicyTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.apiserver.RequestAttributes;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacCoverageTest {

  private static final String BINDINGS = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: c}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: c}
      subjects: [{kind: ServiceAccount, name: controllers, namespace: ops}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: r, namespace: ops}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
      subjects: [{kind: ServiceAccount, name: controllers, namespace: ops}]
      """;

  private static final String BASIC_USER = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: basic}
      rules:
      - nonResourceURLs: ["/version"]
        verbs: [get]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: basic}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: basic}
      subjects: [{kind: Group, name: "system:authenticated"}]
      """;

  private static String clusterRole(String rules) {
    return """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: c}
        rules:""" + (rules.isBlank() ? " []\n" : "\n" + rules);
  }

  private static String role(String rules) {
    return """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r, namespace: ops}
        rules:""" + (rules.isBlank() ? " []\n" : "\n" + rules);
  }

  private static RbacCoverage check(RbacPolicy granted, RequestAttributes... recorded) {
    return RbacCoverage.check(granted, policy(BASIC_USER), CONTROLLERS, "ops", List.of(recorded));
  }

  private static final RequestAttributes LIST_MACHINES = request("list", "m.io", "machines", "", "", "");
  private static final RequestAttributes PATCH_STATUS = request("patch", "m.io", "machines", "status", "ops", "m");
  private static final RequestAttributes CREATE_EVENT = request("create", "", "events", "", "ops", "");

  @Test
  void grantsThatMatchTheRecordingExactlyPass() {
    RbacPolicy granted = policy(BINDINGS, clusterRole("""
        - {apiGroups: [m.io], resources: [machines], verbs: [list]}
        """), role("""
        - {apiGroups: [m.io], resources: [machines/status], verbs: [patch]}
        - {apiGroups: [""], resources: [events], verbs: [create]}
        """));

    RbacCoverage coverage = check(granted, LIST_MACHINES, PATCH_STATUS, CREATE_EVENT,
        RequestAttributes.nonResource("get", "/version"));

    assertThat(coverage.exact()).as(coverage.report()).isTrue();
  }

  @Test
  void aRequestNoRuleAllowsIsReported() {
    RbacPolicy granted = policy(BINDINGS, clusterRole("""
        - {apiGroups: [m.io], resources: [machines], verbs: [list]}
        """), role(""));

    RbacCoverage coverage = check(granted, LIST_MACHINES, PATCH_STATUS,
        RequestAttributes.nonResource("get", "/apis"));

    assertThat(coverage.denied()).containsExactly(PATCH_STATUS, RequestAttributes.nonResource("get", "/apis"));
    assertThat(coverage.report()).contains("no rule allows", "patch machines/status.m.io m in namespace ops");
  }

  @Test
  void aGrantNoRequestUsedIsReportedPerVerbAndResource() {
    RbacPolicy granted = policy(BINDINGS, clusterRole("""
        - {apiGroups: [m.io], resources: [machines, machinesets], verbs: [list, delete]}
        """), role(""));

    RbacCoverage coverage = check(granted, LIST_MACHINES);

    assertThat(coverage.unused()).extracting(RbacCoverage.Grant::toString).containsExactlyInAnyOrder(
        "list machinesets.m.io from ClusterRole/c (cluster-wide)",
        "delete machines.m.io from ClusterRole/c (cluster-wide)",
        "delete machinesets.m.io from ClusterRole/c (cluster-wide)");
  }

  @Test
  void aGrantUsedOnlyOutsideItsResourceNamesOrNamespaceIsUnused() {
    RbacPolicy granted = policy(BINDINGS, clusterRole("""
        - {apiGroups: [m.io], resources: [machines], verbs: [list]}
        - {apiGroups: [m.io], resources: [machines/status], resourceNames: [other], verbs: [patch]}
        """), role("""
        - {apiGroups: [""], resources: [events], verbs: [create]}
        """));

    RbacCoverage coverage = check(granted, LIST_MACHINES, PATCH_STATUS,
        request("create", "", "events", "", "default", ""));

    assertThat(coverage.unused()).extracting(RbacCoverage.Grant::resource)
        .containsExactlyInAnyOrder("machines/status", "events");
    assertThat(coverage.denied()).hasSize(2);
  }

  @Test
  void aClusterWideGrantUsedInTheUsersOwnNamespaceOnlyIsTooBroad() {
    RbacPolicy granted = policy(BINDINGS, clusterRole("""
        - {apiGroups: [""], resources: [events], verbs: [create]}
        - {apiGroups: [m.io], resources: [machines], verbs: [list]}
        """), role(""));

    RbacCoverage coverage = check(granted, CREATE_EVENT, LIST_MACHINES);

    assertThat(coverage.tooBroad()).extracting(RbacCoverage.Grant::resource).containsExactly("events");
    assertThat(check(granted, CREATE_EVENT, request("create", "", "events", "", "default", ""), LIST_MACHINES)
        .tooBroad()).isEmpty();
    assertThat(check(granted, request("create", "", "events", "", "default", ""), LIST_MACHINES).tooBroad())
        .as("used in another namespace only: where workloads are, which a Role cannot name beforehand").isEmpty();
  }

  @Test
  void aGrantWhoseEveryUseAnotherAllowsIsRedundant() {
    RbacPolicy granted = policy(BINDINGS, clusterRole("""
        - {apiGroups: [m.io], resources: [machines], verbs: [list, get]}
        - nonResourceURLs: ["/version"]
          verbs: [get]
        """), role("""
        - {apiGroups: [m.io], resources: [machines], verbs: [get]}
        """));

    RbacCoverage coverage = check(granted, LIST_MACHINES, request("get", "m.io", "machines", "", "ops", "m"),
        RequestAttributes.nonResource("get", "/version"));

    assertThat(coverage.redundant()).extracting(RbacCoverage.Grant::toString).containsExactlyInAnyOrder(
        "get machines.m.io from ClusterRole/c (cluster-wide)",
        "get /version from ClusterRole/c (cluster-wide)",
        "get machines.m.io from Role/ops/r in namespace ops");
  }

  @Test
  void wildcardsAndUnboundRolesAreReported() {
    RbacPolicy granted = policy(BINDINGS, clusterRole("""
        - {apiGroups: ["*"], resources: [machines], verbs: [list]}
        """), """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: orphan, namespace: ops}
        rules: []
        """);

    RbacCoverage coverage = check(granted, LIST_MACHINES);

    assertThat(coverage.wildcards()).extracting(RbacCoverage.Grant::apiGroup).containsExactly("*");
    assertThat(coverage.unboundRoles()).containsExactly("Role/ops/orphan");
    assertThat(coverage.exact()).isFalse();
  }
}
