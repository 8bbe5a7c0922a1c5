package io.machineapi.controllers.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.api.autoscaling.v1beta1.AutoscalerAnnotations;
import io.machineapi.api.autoscaling.v1beta1.CrossVersionObjectReference;
import io.machineapi.api.autoscaling.v1beta1.MachineAutoscaler;
import io.machineapi.api.autoscaling.v1beta1.MachineAutoscalerSpec;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetSpec;
import io.machineapi.apiserver.AccessRecording;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.apiserver.Faults;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.crds.CustomResourceDefinitions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The MachineAutoscaler controller against the embedded API; each test in its own namespace. */
class MachineAutoscalerIT {
  static EmbeddedApiServer api;
  static KubernetesClient client;
  /** The operator's own client, told apart by its User-Agent so its requests can be recorded. */
  static KubernetesClient operatorClient;
  static AccessRecording operatorRequests;
  static Operator operator;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
    api.installCrds(CustomResourceDefinitions.all());
    client = api.client();
    operatorRequests = api.recordAccess("machineautoscaler-it/");
    operatorClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
        .withUserAgent("machineautoscaler-it/1").build()).build();
    operator = new Operator(o -> o.withKubernetesClient(operatorClient).withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false).withCloseClientOnStop(false));
    operator.register(new MachineAutoscalerReconciler(operatorClient,
        new EventRecorder(operatorClient, Clock.systemUTC()), Clock.systemUTC()));
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (operatorClient != null) {
      operatorClient.close();
    }
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private static String namespace() {
    String ns = "ma-" + UUID.randomUUID().toString().substring(0, 8);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return ns;
  }

  private static MachineSet machineSet(String ns, String name) {
    MachineSet set = new MachineSet();
    set.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    MachineSetSpec spec = new MachineSetSpec();
    spec.setReplicas(0);
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("set", name)).build());
    set.setSpec(spec);
    return client.resources(MachineSet.class).inNamespace(ns).resource(set).create();
  }

  private static MachineAutoscaler autoscaler(String ns, String name, String apiVersion, String kind, String target,
      int min, int max) {
    MachineAutoscaler ma = new MachineAutoscaler();
    ma.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    MachineAutoscalerSpec spec = new MachineAutoscalerSpec();
    spec.setMinReplicas(min);
    spec.setMaxReplicas(max);
    CrossVersionObjectReference ref = new CrossVersionObjectReference();
    ref.setApiVersion(apiVersion);
    ref.setKind(kind);
    ref.setName(target);
    spec.setScaleTargetRef(ref);
    ma.setSpec(spec);
    return ma;
  }

  private static Map<String, String> annotations(String ns, String set) {
    Map<String, String> a = client.resources(MachineSet.class).inNamespace(ns).withName(set).get().getMetadata()
        .getAnnotations();
    return a == null ? Map.of() : a;
  }

  private static Condition ready(String ns, String name) {
    MachineAutoscaler ma = client.resources(MachineAutoscaler.class).inNamespace(ns).withName(name).get();
    if (ma == null || ma.getStatus() == null || ma.getStatus().getConditions() == null) {
      return null;
    }
    return ma.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElse(null);
  }

  @Test
  void annotationsAreSetUpdatedMovedAndRemoved() {
    String ns = namespace();
    machineSet(ns, "workers");
    machineSet(ns, "other");
    client.resources(MachineAutoscaler.class).inNamespace(ns)
        .resource(autoscaler(ns, "workers", "machine.openshift.io/v1beta1", "MachineSet", "workers", 1, 6)).create();

    await().atMost(Duration.ofSeconds(10)).until(() -> "6".equals(annotations(ns, "workers")
        .get(AutoscalerAnnotations.MAX)));
    assertThat(annotations(ns, "workers")).containsEntry(AutoscalerAnnotations.MIN, "1")
        .containsEntry(AutoscalerAnnotations.CAPI_MIN, "1").containsEntry(AutoscalerAnnotations.CAPI_MAX, "6")
        .containsEntry(AutoscalerAnnotations.OWNER, ns + "/workers");
    assertThat(client.resources(MachineAutoscaler.class).inNamespace(ns).withName("workers").get().getMetadata()
        .getFinalizers()).contains(AutoscalerAnnotations.FINALIZER);

    // Updated bounds are written.
    client.resources(MachineAutoscaler.class).inNamespace(ns).withName("workers").edit(ma -> {
      ma.getSpec().setMaxReplicas(9);
      return ma;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> "9".equals(annotations(ns, "workers")
        .get(AutoscalerAnnotations.MAX)));

    // An annotation removed by hand is put back.
    client.resources(MachineSet.class).inNamespace(ns).withName("workers").edit(s -> {
      s.getMetadata().getAnnotations().remove(AutoscalerAnnotations.MIN);
      return s;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(annotations(ns, "workers")
        .get(AutoscalerAnnotations.MIN)));

    // Target change: the old target is released, the new one annotated.
    client.resources(MachineAutoscaler.class).inNamespace(ns).withName("workers").edit(ma -> {
      ma.getSpec().getScaleTargetRef().setName("other");
      return ma;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> "9".equals(annotations(ns, "other")
        .get(AutoscalerAnnotations.MAX)));
    await().atMost(Duration.ofSeconds(10)).until(() -> !annotations(ns, "workers")
        .containsKey(AutoscalerAnnotations.MAX));
    assertThat(annotations(ns, "workers")).doesNotContainKeys(AutoscalerAnnotations.MIN,
        AutoscalerAnnotations.CAPI_MIN, AutoscalerAnnotations.CAPI_MAX, AutoscalerAnnotations.OWNER);

    // Deletion removes the annotations, then the finalizer.
    client.resources(MachineAutoscaler.class).inNamespace(ns).withName("workers").delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(MachineAutoscaler.class).inNamespace(ns)
        .withName("workers").get() == null);
    assertThat(annotations(ns, "other")).doesNotContainKeys(AutoscalerAnnotations.MIN, AutoscalerAnnotations.MAX,
        AutoscalerAnnotations.OWNER);
  }

  @Test
  void unsupportedTargetsInvalidBoundsAndForeignOwnersAreRefusedWithAStatus() {
    String ns = namespace();
    machineSet(ns, "workers");
    client.resources(MachineAutoscaler.class).inNamespace(ns)
        .resource(autoscaler(ns, "capi", "cluster.x-k8s.io/v1beta1", "MachineDeployment", "workers", 1, 3)).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> ready(ns, "capi") != null);
    assertThat(ready(ns, "capi").getStatus()).isEqualTo("False");
    assertThat(ready(ns, "capi").getReason()).isEqualTo("UnsupportedTarget");
    assertThat(ready(ns, "capi").getMessage()).contains("only machine.openshift.io/v1beta1 MachineSet");

    client.resources(MachineAutoscaler.class).inNamespace(ns)
        .resource(autoscaler(ns, "bad", "machine.openshift.io/v1beta1", "MachineSet", "workers", 4, 2)).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> ready(ns, "bad") != null);
    assertThat(ready(ns, "bad").getReason()).isEqualTo("FailedValidation");
    assertThat(ready(ns, "bad").getMessage()).contains("spec.maxReplicas (2) must be >= spec.minReplicas (4)");
    assertThat(annotations(ns, "workers")).doesNotContainKey(AutoscalerAnnotations.MAX);

    client.resources(MachineAutoscaler.class).inNamespace(ns)
        .resource(autoscaler(ns, "first", "machine.openshift.io/v1beta1", "MachineSet", "workers", 0, 2)).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(annotations(ns, "workers")
        .get(AutoscalerAnnotations.MAX)));
    client.resources(MachineAutoscaler.class).inNamespace(ns)
        .resource(autoscaler(ns, "second", "machine.openshift.io/v1beta1", "MachineSet", "workers", 0, 5)).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> ready(ns, "second") != null);
    assertThat(ready(ns, "second").getReason()).isEqualTo("TargetAlreadyOwned");
    assertThat(annotations(ns, "workers")).containsEntry(AutoscalerAnnotations.MAX, "2");
  }

  /**
   * OpenShift's legacy finalizer and this controller's are both removed on deletion, other finalizers are kept, and
   * the controller never reads a MachineAutoscaler by name (its Role grants no {@code get}): the finalizers go in one
   * guarded patch, not through java-operator-sdk's removal, which re-reads the object after a conflict.
   */
  @Test
  void deletionRemovesOurAndTheLegacyFinalizerWithoutReadingTheObject() {
    String ns = namespace();
    machineSet(ns, "legacy");
    MachineAutoscaler ma = autoscaler(ns, "legacy", "machine.openshift.io/v1beta1", "MachineSet", "legacy", 0, 3);
    ma.getMetadata().setFinalizers(List.of(AutoscalerAnnotations.LEGACY_FINALIZER, "example.com/keep"));
    client.resources(MachineAutoscaler.class).inNamespace(ns).resource(ma).create();
    await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(annotations(ns, "legacy")
        .get(AutoscalerAnnotations.MAX)));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(MachineAutoscaler.class).inNamespace(ns)
        .withName("legacy").get().getMetadata().getFinalizers().contains(AutoscalerAnnotations.FINALIZER));

    client.resources(MachineAutoscaler.class).inNamespace(ns).withName("legacy").delete();

    await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(MachineAutoscaler.class).inNamespace(ns)
        .withName("legacy").get().getMetadata().getFinalizers().equals(List.of("example.com/keep")));
    assertThat(annotations(ns, "legacy")).doesNotContainKeys(AutoscalerAnnotations.MAX, AutoscalerAnnotations.OWNER);
    assertThat(operatorRequests.requests()).as("the operator's requests")
        .noneMatch(r -> r.resource().equals("machineautoscalers") && r.verb().equals("get"));
  }

  /**
   * A conflict on the patch that adds the finalizer (another writer got there first) is retried from the informer's
   * copy, never by reading the object: java-operator-sdk's own finalizer handling answers a 409 with a GET, which the
   * operator's Role does not grant.
   */
  @Test
  void aConflictWhileAddingTheFinalizerIsRetriedWithoutReadingTheObject() {
    String ns = namespace();
    machineSet(ns, "contested");
    Faults.Rule conflict = api.faults().fail("PATCH", "/namespaces/" + ns + "/machineautoscalers/contested$", 409,
        "Conflict", "Operation cannot be fulfilled on machineautoscalers.autoscaling.openshift.io \"contested\": the "
            + "object has been modified; please apply your changes to the latest version and try again");
    try {
      client.resources(MachineAutoscaler.class).inNamespace(ns)
          .resource(autoscaler(ns, "contested", "machine.openshift.io/v1beta1", "MachineSet", "contested", 0, 4))
          .create();
      await().atMost(Duration.ofSeconds(10)).until(() -> conflict.hits().get() >= 1);
    } finally {
      api.faults().remove(conflict);
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> "4".equals(annotations(ns, "contested")
        .get(AutoscalerAnnotations.MAX)));
    assertThat(client.resources(MachineAutoscaler.class).inNamespace(ns).withName("contested").get().getMetadata()
        .getFinalizers()).containsExactly(AutoscalerAnnotations.FINALIZER);
    assertThat(operatorRequests.requests()).as("the operator's requests")
        .noneMatch(r -> r.resource().equals("machineautoscalers") && r.verb().equals("get"));
  }
}
