package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ListFiltersTest extends ApiServerTestBase {

  @BeforeAll
  static void pods() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("lf").endMetadata().build())
        .create();
    pod("p-a", "n1", "Running", "tier", "front");
    pod("p-b", "n1", "Succeeded", "tier", "back");
    pod("p-c", "n2", "Running", "tier", "cache");
    pod("p-d", "n2", "Running", "other", "x");
  }

  @Test
  void setBasedLabelSelectors() {
    assertThat(names(client.pods().inNamespace("lf").withLabelIn("tier", "front", "back").list().getItems()))
        .containsExactlyInAnyOrder("p-a", "p-b");
    assertThat(names(client.pods().inNamespace("lf").withLabelNotIn("tier", "front").list().getItems()))
        .containsExactlyInAnyOrder("p-b", "p-c", "p-d");
    assertThat(names(client.pods().inNamespace("lf").withLabel("tier").list().getItems()))
        .containsExactlyInAnyOrder("p-a", "p-b", "p-c");
    assertThat(names(client.pods().inNamespace("lf").withoutLabel("tier").list().getItems()))
        .containsExactly("p-d");
    assertThat(rawNames("labelSelector=" + encode("tier in (front,cache),tier!=cache"))).containsExactly("p-a");
  }

  @Test
  void fieldSelectorsOnArbitraryFields() {
    assertThat(names(client.pods().inNamespace("lf").withField("spec.nodeName", "n1").list().getItems()))
        .containsExactlyInAnyOrder("p-a", "p-b");
    assertThat(rawNames("fieldSelector=" + encode("spec.nodeName=n1,status.phase!=Succeeded")))
        .containsExactly("p-a");
    assertThat(names(client.pods().inAnyNamespace().withField("metadata.namespace", "lf").list().getItems()))
        .hasSize(4);
    assertThat(rawNames("fieldSelector=metadata.name%3Dp-c")).containsExactly("p-c");
  }

  @Test
  void badSelectorIs400() {
    assertThat(get("/api/v1/namespaces/lf/pods?labelSelector=" + encode("tier in front")).code()).isEqualTo(400);
  }

  private static List<String> rawNames(String query) {
    List<String> names = new ArrayList<>();
    get("/api/v1/namespaces/lf/pods?" + query).body().path("items")
        .forEach(i -> names.add(i.path("metadata").path("name").asText()));
    return names;
  }

  private static List<String> names(List<? extends HasMetadata> items) {
    return items.stream().map(i -> i.getMetadata().getName()).toList();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Pod pod(String name, String node, String phase, String labelKey, String labelValue) {
    return client.pods().inNamespace("lf").resource(new PodBuilder().withNewMetadata().withName(name)
        .addToLabels(labelKey, labelValue).endMetadata().withNewSpec().withNodeName(node).addNewContainer()
        .withName("c").withImage("i").endContainer().endSpec().withNewStatus().withPhase(phase).endStatus()
        .build()).create();
  }
}
