package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestAttributesTest {

  private static RequestAttributes of(String method, String path) {
    return of(method, path, Map.of());
  }

  private static RequestAttributes of(String method, String path, Map<String, String> query) {
    return RequestAttributes.of(method, path, query);
  }

  @Test
  void collectionReadsAreListOrWatch() {
    assertThat(of("GET", "/apis/machine.openshift.io/v1beta1/namespaces/ns/machines")).isEqualTo(
        RequestAttributes.resource("list", "machine.openshift.io", "machines", "", "ns", ""));
    assertThat(of("GET", "/api/v1/nodes", Map.of("watch", "true"))).isEqualTo(
        RequestAttributes.resource("watch", "", "nodes", "", "", ""));
    assertThat(of("GET", "/api/v1/nodes", Map.of("watch", "1")).verb()).isEqualTo("watch");
    assertThat(of("GET", "/api/v1/watch/nodes")).isEqualTo(
        RequestAttributes.resource("watch", "", "nodes", "", "", ""));
  }

  @Test
  void aFieldSelectorOnTheNameNamesTheObject() {
    assertThat(of("GET", "/apis/coordination.k8s.io/v1/namespaces/ns/leases",
        Map.of("watch", "true", "fieldSelector", "metadata.name=lock"))).isEqualTo(
        RequestAttributes.resource("watch", "coordination.k8s.io", "leases", "", "ns", "lock"));
    assertThat(of("GET", "/api/v1/pods", Map.of("fieldSelector", "spec.nodeName=n1,metadata.name==p")).name())
        .isEqualTo("p");
    assertThat(of("GET", "/api/v1/pods", Map.of("fieldSelector", "spec.nodeName=n1")).name()).isEmpty();
  }

  @Test
  void writesAreNamedAfterTheirMethod() {
    assertThat(of("POST", "/api/v1/namespaces/ns/events")).isEqualTo(
        RequestAttributes.resource("create", "", "events", "", "ns", ""));
    assertThat(of("PUT", "/apis/coordination.k8s.io/v1/namespaces/ns/leases/lock").verb()).isEqualTo("update");
    assertThat(of("PATCH", "/apis/machine.openshift.io/v1beta1/namespaces/ns/machines/m/status")).isEqualTo(
        RequestAttributes.resource("patch", "machine.openshift.io", "machines", "status", "ns", "m"));
    assertThat(of("DELETE", "/api/v1/nodes/n1")).isEqualTo(
        RequestAttributes.resource("delete", "", "nodes", "", "", "n1"));
    assertThat(of("DELETE", "/api/v1/namespaces/ns/pods").verb()).isEqualTo("deletecollection");
    assertThat(of("POST", "/api/v1/namespaces/ns/pods/p/eviction")).isEqualTo(
        RequestAttributes.resource("create", "", "pods", "eviction", "ns", "p"));
  }

  @Test
  void aNamespaceObjectIsInItsOwnNamespace() {
    assertThat(of("GET", "/api/v1/namespaces/ns")).isEqualTo(
        RequestAttributes.resource("get", "", "namespaces", "", "ns", "ns"));
    assertThat(of("PUT", "/api/v1/namespaces/ns/finalize")).isEqualTo(
        RequestAttributes.resource("update", "", "namespaces", "finalize", "ns", "ns"));
    assertThat(of("GET", "/api/v1/namespaces")).isEqualTo(
        RequestAttributes.resource("list", "", "namespaces", "", "", ""));
  }

  @Test
  void discoveryAndVersionAreNonResourceRequests() {
    assertThat(of("GET", "/version")).isEqualTo(RequestAttributes.nonResource("get", "/version"));
    assertThat(of("GET", "/apis/machine.openshift.io/v1beta1")).isEqualTo(
        RequestAttributes.nonResource("get", "/apis/machine.openshift.io/v1beta1"));
    assertThat(of("GET", "/api/v1").resourceRequest()).isFalse();
    assertThat(of("GET", "/api/v1/pods").resourceRequest()).isTrue();
  }

  @Test
  void combinedResourceJoinsTheSubresource() {
    assertThat(of("PUT", "/apis/apps/v1/namespaces/ns/deployments/d/scale").combinedResource())
        .isEqualTo("deployments/scale");
    assertThat(of("GET", "/apis/apps/v1/namespaces/ns/deployments/d").combinedResource()).isEqualTo("deployments");
  }
}
