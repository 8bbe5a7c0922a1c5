package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
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

  @Test
  void orphanPropagationKeepsBothDependentsWithoutTheOwnerReferenceThenDeletesTheOwner() {
    GenericKubernetesResource owner = widget("gc-orphan-owner");
    configMap("gc-orphan-a", ownerRef(owner));
    configMap("gc-orphan-b", ownerRef(owner), ownerRef(widget("gc-orphan-other")));

    widgets().withName("gc-orphan-owner").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(widgets().withName("gc-orphan-owner").get()).isNull());
    server.collectGarbage();
    assertThat(client.configMaps().withName("gc-orphan-a").get().getMetadata().getOwnerReferences()).isEmpty();
    assertThat(client.configMaps().withName("gc-orphan-b").get().getMetadata().getOwnerReferences())
        .extracting(OwnerReference::getName).containsExactly("gc-orphan-other");
    assertThat(client.configMaps().withName("gc-orphan-a").get().getMetadata().getDeletionTimestamp()).isNull();
  }

  @Test
  void orphanPropagationLeavesAnOwnerWithAnotherFinalizerWaitingForIt() {
    GenericKubernetesResource owner = widgets().resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("example.com/v1").withKind("Widget").withNewMetadata().withName("gc-orphan-held")
        .addToFinalizers("example.com/hold").endMetadata().build()).create();
    configMap("gc-orphan-held-a", ownerRef(owner));
    configMap("gc-orphan-held-b", ownerRef(owner));

    widgets().withName("gc-orphan-held").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
        widgets().withName("gc-orphan-held").get().getMetadata().getFinalizers()).containsExactly("example.com/hold"));
    assertThat(widgets().withName("gc-orphan-held").get().getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(client.configMaps().withName("gc-orphan-held-a").get().getMetadata().getOwnerReferences()).isEmpty();
    assertThat(client.configMaps().withName("gc-orphan-held-b").get().getMetadata().getOwnerReferences()).isEmpty();
    widgets().withName("gc-orphan-held").edit(w -> {
      w.getMetadata().setFinalizers(java.util.List.of());
      return w;
    });
    assertThat(widgets().withName("gc-orphan-held").get()).isNull();
  }

  @Test
  void foregroundPropagationDeletesDependentsAndABlockingDependentHoldsTheOwner() {
    GenericKubernetesResource owner = widget("gc-fg-owner");
    OwnerReference blocking = new OwnerReferenceBuilder(ownerRef(owner)).withBlockOwnerDeletion(true).build();
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("gc-fg-blocking")
        .addToFinalizers("example.com/hold").withOwnerReferences(blocking).endMetadata().build()).create();
    configMap("gc-fg-plain", ownerRef(owner));

    widgets().withName("gc-fg-owner").withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();

    GenericKubernetesResource terminating = widgets().withName("gc-fg-owner").get();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(terminating.getMetadata().getFinalizers()).contains("foregroundDeletion");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(client.configMaps().withName("gc-fg-plain").get()).isNull();
      assertThat(client.configMaps().withName("gc-fg-blocking").get().getMetadata().getDeletionTimestamp())
          .isNotNull();
    });
    server.collectGarbage();
    assertThat(widgets().withName("gc-fg-owner").get().getMetadata().getFinalizers())
        .containsExactly("foregroundDeletion");

    client.configMaps().withName("gc-fg-blocking").edit(c -> {
      c.getMetadata().setFinalizers(java.util.List.of());
      return c;
    });
    await().atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(widgets().withName("gc-fg-owner").get()).isNull());
  }

  @Test
  void backgroundPropagationDeletesTheOwnerAtOnceAndBothDependentsAfter() {
    GenericKubernetesResource owner = widget("gc-bg-owner");
    configMap("gc-bg-a", ownerRef(owner));
    configMap("gc-bg-b", ownerRef(owner));

    widgets().withName("gc-bg-owner").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

    assertThat(widgets().withName("gc-bg-owner").get()).isNull();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(client.configMaps().withName("gc-bg-a").get()).isNull();
      assertThat(client.configMaps().withName("gc-bg-b").get()).isNull();
    });
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
