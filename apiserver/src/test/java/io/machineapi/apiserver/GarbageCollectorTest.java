package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GarbageCollectorTest extends ApiServerTestBase {

  @Test
  void dependentsOfADeletedOwnerAreDeletedInCascade() {
    GenericKubernetesResource owner = widget("gc-owner");
    ConfigMap child = configMap("gc-child", ownerRef(owner));
    configMap("gc-grandchild", ownerRef(child));
    configMap("gc-unrelated");

    widgets().withName("gc-owner").delete();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(client.configMaps().withName("gc-child").get()).isNull();
      assertThat(client.configMaps().withName("gc-grandchild").get()).isNull();
    });
    assertThat(client.configMaps().withName("gc-unrelated").get()).isNotNull();
  }

  @Test
  void aDependentWithOneLiveOwnerIsKept() {
    GenericKubernetesResource first = widget("gc-first");
    GenericKubernetesResource second = widget("gc-second");
    configMap("gc-shared", ownerRef(first), ownerRef(second));
    widgets().withName("gc-first").delete();
    assertThat(server.collectGarbage()).isZero();
    assertThat(client.configMaps().withName("gc-shared").get()).isNotNull();

    widgets().withName("gc-second").delete();
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(client.configMaps().withName("gc-shared").get()).isNull());
  }

  @Test
  void finalizersHoldACollectedDependentAndATerminatingOwnerKeepsDependents() {
    GenericKubernetesResource owner = widget("gc-fin-owner");
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("gc-held")
        .addToFinalizers("example.com/hold").withOwnerReferences(ownerRef(owner)).endMetadata().build()).create();
    GenericKubernetesResource terminating = widgets().resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("example.com/v1").withKind("Widget").withNewMetadata().withName("gc-terminating")
        .addToFinalizers("example.com/hold").endMetadata().build()).create();
    configMap("gc-kept", ownerRef(terminating));

    widgets().withName("gc-fin-owner").delete();
    widgets().withName("gc-terminating").delete();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        client.configMaps().withName("gc-held").get().getMetadata().getDeletionTimestamp()).isNotNull());
    server.collectGarbage();
    assertThat(client.configMaps().withName("gc-kept").get()).isNotNull();
    assertThat(client.configMaps().withName("gc-kept").get().getMetadata().getDeletionTimestamp()).isNull();
  }

  private static GenericKubernetesResource widget(String name) {
    return widgets().resource(new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1")
        .withKind("Widget").withNewMetadata().withName(name).endMetadata().build()).create();
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> widgets() {
    return client.genericKubernetesResources("example.com/v1", "Widget").inNamespace("default");
  }

  private static ConfigMap configMap(String name, OwnerReference... owners) {
    return client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .withOwnerReferences(owners).endMetadata().build()).create();
  }

  private static OwnerReference ownerRef(io.fabric8.kubernetes.api.model.HasMetadata owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).build();
  }
}
