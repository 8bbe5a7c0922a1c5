package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class DiscoveryTest extends ApiServerTestBase {

  @Test
  void versionReportsKubernetes132WithGitVersion() {
    var version = client.getKubernetesVersion();
    assertThat(version.getMajor()).isEqualTo("1");
    assertThat(version.getMinor()).isEqualTo("32");
    assertThat(version.getGitVersion()).startsWith("v1.32.");
  }

  @Test
  void coreGroupListsBuiltinResourcesWithSubresources() {
    APIResourceList core = client.getApiResources("v1");
    assertThat(core.getResources()).extracting(APIResource::getName).contains("namespaces", "nodes", "pods",
        "pods/eviction", "pods/status", "nodes/status", "events", "secrets", "configmaps", "services",
        "serviceaccounts", "endpoints");
    APIResource eviction = find(core, "pods/eviction");
    assertThat(eviction.getGroup()).isEqualTo("policy");
    assertThat(eviction.getKind()).isEqualTo("Eviction");
    assertThat(eviction.getVerbs()).containsExactly("create");
    APIResource nodes = find(core, "nodes");
    assertThat(nodes.getNamespaced()).isFalse();
    assertThat(nodes.getShortNames()).containsExactly("no");
    assertThat(get("/api").body().path("versions").get(0).asText()).isEqualTo("v1");
  }

  @Test
  void groupListHasBuiltinGroupsAndEveryInstalledCrdGroup() {
    List<String> groups = client.getApiGroups().getGroups().stream().map(APIGroup::getName).toList();
    assertThat(groups).contains("apps", "policy", "events.k8s.io", "coordination.k8s.io", "apiextensions.k8s.io",
        "autoscaling", "example.com");
    assertThat(get("/apis/example.com").body().path("preferredVersion").path("groupVersion").asText())
        .isEqualTo("example.com/v1");
  }

  @Test
  void crdGroupVersionIsDerivedFromTheStoredCrd() {
    APIResourceList list = client.getApiResources("example.com/v1");
    APIResource widgets = find(list, "widgets");
    assertThat(widgets.getKind()).isEqualTo("Widget");
    assertThat(widgets.getSingularName()).isEqualTo("widget");
    assertThat(widgets.getNamespaced()).isTrue();
    assertThat(widgets.getShortNames()).containsExactly("wd");
    assertThat(widgets.getCategories()).containsExactly("all");
    assertThat(widgets.getVerbs()).contains("get", "list", "watch", "create", "update", "patch", "delete");
    assertThat(find(list, "widgets/status").getKind()).isEqualTo("Widget");
    APIResource scale = find(list, "widgets/scale");
    assertThat(scale.getGroup()).isEqualTo("autoscaling");
    assertThat(scale.getKind()).isEqualTo("Scale");
    APIResource gadgets = find(list, "gadgets");
    assertThat(gadgets.getNamespaced()).isFalse();
    assertThat(list.getResources()).extracting(APIResource::getName).doesNotContain("gadgets/status",
        "gadgets/scale");
  }

  @Test
  void aCrdInstalledLaterAppearsAndDeletingItRemovesItsGroup() {
    CustomResourceDefinition crd = new CustomResourceDefinitionBuilder().withNewMetadata()
        .withName("sprockets.later.example.org").endMetadata().withNewSpec().withGroup("later.example.org")
        .withScope("Namespaced").withNewNames().withKind("Sprocket").withPlural("sprockets").endNames()
        .addNewVersion().withName("v1beta1").withServed(true).withStorage(true).endVersion()
        .addNewVersion().withName("v1").withServed(true).withStorage(false).endVersion().endSpec().build();
    server.installCrds(List.of(crd));
    assertThat(find(client.getApiResources("later.example.org/v1beta1"), "sprockets").getSingularName())
        .isEqualTo("sprocket");
    JsonNode group = get("/apis/later.example.org").body();
    assertThat(group.path("preferredVersion").path("version").asText()).isEqualTo("v1");
    assertThat(StreamSupport.stream(group.path("versions").spliterator(), false).map(v -> v.path("version").asText()))
        .containsExactly("v1", "v1beta1");
    assertThat(get("/apis/example.com/v1").body().path("kind").asText()).isEqualTo("APIResourceList");

    client.apiextensions().v1().customResourceDefinitions().withName("sprockets.later.example.org").delete();
    assertThat(client.getApiGroups().getGroups()).extracting(APIGroup::getName).doesNotContain("later.example.org");
    assertThat(get("/apis/later.example.org/v1").code()).isEqualTo(404);
  }

  @Test
  void aggregatedDiscoveryRequestGetsLegacyJsonSoClientsFallBack() {
    Answer answer = get("/apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");
    assertThat(answer.code()).isEqualTo(200);
    assertThat(answer.contentType()).isEqualTo("application/json");
    assertThat(answer.body().path("kind").asText()).isEqualTo("APIGroupList");
  }

  @Test
  void installedCrdIsEstablished() {
    var crd = client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").get();
    assertThat(crd.getStatus().getConditions()).anySatisfy(c -> {
      assertThat(c.getType()).isEqualTo("Established");
      assertThat(c.getStatus()).isEqualTo("True");
    });
    assertThat(crd.getStatus().getAcceptedNames().getKind()).isEqualTo("Widget");
  }

  private static APIResource find(APIResourceList list, String name) {
    return list.getResources().stream().filter(r -> r.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + list.getGroupVersion()));
  }
}
