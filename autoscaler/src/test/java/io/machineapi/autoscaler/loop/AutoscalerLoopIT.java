package io.machineapi.autoscaler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.autoscaling.v1.ClusterAutoscalerSpec;
import io.machineapi.api.autoscaling.v1beta1.AutoscalerAnnotations;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetSpec;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.crds.CustomResourceDefinitions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The loop against the embedded API with a 60 s scan interval: after the first pass, only the wake-up on a pod
 * turning unschedulable can explain a {@code /scale} write within seconds. Pods and Nodes come from the informer
 * caches: a pass lists nothing.
 */
class AutoscalerLoopIT {
  private static final String NS = "openshift-machine-api";
  private static final Duration INTERVAL = Duration.ofSeconds(60);

  static EmbeddedApiServer api;
  static KubernetesClient client;
  static AutoscalerLoop loop;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
    api.installCrds(CustomResourceDefinitions.all());
    client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    MachineSet set = new MachineSet();
    set.setMetadata(new ObjectMetaBuilder().withName("workers").withNamespace(NS).withAnnotations(Map.of(
        AutoscalerAnnotations.MIN, "0", AutoscalerAnnotations.MAX, "10",
        "capacity.cluster-autoscaler.kubernetes.io/cpu", "4",
        "capacity.cluster-autoscaler.kubernetes.io/memory", "16Gi")).build());
    MachineSetSpec spec = new MachineSetSpec();
    spec.setReplicas(0);
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("set", "workers")).build());
    set.setSpec(spec);
    client.resources(MachineSet.class).inNamespace(NS).resource(set).create();
    ClusterAutoscaler ca = new ClusterAutoscaler();
    ca.setMetadata(new ObjectMetaBuilder().withName(ClusterAutoscaler.SINGLETON_NAME).build());
    ca.setSpec(new ClusterAutoscalerSpec());
    client.resources(ClusterAutoscaler.class).resource(ca).create();
    loop = new AutoscalerLoop(client, NS, Clock.systemUTC(), INTERVAL).start();
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {loop, client, api}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void aPodTurningUnschedulableIsScaledForWithinSecondsAndPodsTurningSoJoinOneBatch() {
    // The first pass (right after the caches synced) writes the status: from here on the next scan is 60 s away.
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      ClusterAutoscaler ca = client.resources(ClusterAutoscaler.class).withName("default").get();
      return ca.getStatus() != null && ca.getStatus().getNodeGroups() != null;
    });
    long podLists = api.requestStats().count("GET", "pods");
    long nodeLists = api.requestStats().count("GET", "nodes");
    long scales = api.requestStats().count("PUT", "machinesets/scale");

    // A 3-CPU pod on 4-CPU nodes: one node. Created pending, then marked Unschedulable, as kube-scheduler does.
    client.pods().inNamespace("default").resource(pod("first")).create();
    markUnschedulable("first");
    await().atMost(Duration.ofSeconds(5)).until(() -> replicas() == 1);
    assertThat(api.requestStats().count("PUT", "machinesets/scale") - scales).isEqualTo(1);

    // Two more within one batching window: one pass, one /scale write for both (each needs its own node).
    client.pods().inNamespace("default").resource(pod("second")).create();
    client.pods().inNamespace("default").resource(pod("third")).create();
    markUnschedulable("second");
    markUnschedulable("third");
    await().atMost(Duration.ofSeconds(5)).until(() -> replicas() == 3);
    assertThat(api.requestStats().count("PUT", "machinesets/scale") - scales).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(client.resources(ClusterAutoscaler.class)
        .withName("default").get().getStatus().getLastScaleUpGroups()).containsExactly(NS + "/workers 1->3"));

    // The passes read the informer caches: no request for pods or nodes since the first one.
    assertThat(api.requestStats().count("GET", "pods")).isEqualTo(podLists);
    assertThat(api.requestStats().count("GET", "nodes")).isEqualTo(nodeLists);
    // The pods got their Event through the cached reference.
    await().atMost(Duration.ofSeconds(5)).until(() -> client.v1().events().inNamespace("default").list().getItems()
        .stream().anyMatch(e -> "TriggeredScaleUp".equals(e.getReason())
            && "third".equals(e.getInvolvedObject().getName()) && e.getInvolvedObject().getUid() != null));
  }

  @Test
  void aClusterAutoscalerNotNamedDefaultIsToldItIsIgnoredOnceAndChangesNothing() {
    ClusterAutoscaler other = new ClusterAutoscaler();
    other.setMetadata(new ObjectMetaBuilder().withName("mine").build());
    other.setSpec(new ClusterAutoscalerSpec());
    client.resources(ClusterAutoscaler.class).resource(other).create();

    // Within seconds although the next scan is 60 s away: a new ClusterAutoscaler wakes the loop.
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      ClusterAutoscaler read = client.resources(ClusterAutoscaler.class).withName("mine").get();
      assertThat(read.getStatus()).isNotNull();
      assertThat(read.getStatus().getConditions()).singleElement().satisfies(c -> {
        assertThat(c.getType()).isEqualTo("Ignored");
        assertThat(c.getStatus()).isEqualTo("True");
        assertThat(c.getReason()).isEqualTo("NotDefault");
        assertThat(c.getMessage()).contains("only the ClusterAutoscaler named \"default\"");
      });
      assertThat(read.getStatus().getNodeGroups()).isNull();
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> ignoredEvents() == 1);
    String resourceVersion = client.resources(ClusterAutoscaler.class).withName("mine").get().getMetadata()
        .getResourceVersion();

    // Later passes leave it alone: no second status write, no second Event.
    loop.pass();
    loop.pass();
    assertThat(client.resources(ClusterAutoscaler.class).withName("mine").get().getMetadata().getResourceVersion())
        .isEqualTo(resourceVersion);
    assertThat(ignoredEvents()).isEqualTo(1);
    assertThat(client.resources(ClusterAutoscaler.class).withName("default").get().getStatus().getConditions())
        .isNull();
  }

  @Test
  void withEnforceNodeGroupMinSizeASetBelowItsMinimumIsRaisedWithoutAnyPendingPod() {
    MachineSet floor = new MachineSet();
    floor.setMetadata(new ObjectMetaBuilder().withName("floor").withNamespace(NS).withAnnotations(Map.of(
        AutoscalerAnnotations.MIN, "1", AutoscalerAnnotations.MAX, "3")).build());
    MachineSetSpec spec = new MachineSetSpec();
    spec.setReplicas(0);
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("set", "floor")).build());
    floor.setSpec(spec);
    client.resources(MachineSet.class).inNamespace(NS).resource(floor).create();
    loop.pass();
    assertThat(client.resources(MachineSet.class).inNamespace(NS).withName("floor").get().getSpec().getReplicas())
        .as("not enforced by default").isZero();

    // A spec change of the ClusterAutoscaler wakes the loop: no need to wait for the 60 s scan.
    client.resources(ClusterAutoscaler.class).withName(ClusterAutoscaler.SINGLETON_NAME).edit(ca -> {
      ca.getSpec().setEnforceNodeGroupMinSize(io.machineapi.api.autoscaling.v1.EnabledDisabled.Enabled);
      return ca;
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(MachineSet.class).inNamespace(NS)
        .withName("floor").get().getSpec().getReplicas() == 1);
  }

  private static long ignoredEvents() {
    return client.v1().events().inAnyNamespace().list().getItems().stream()
        .filter(e -> "NotDefault".equals(e.getReason()) && "mine".equals(e.getInvolvedObject().getName())
            && "Warning".equals(e.getType()))
        .count();
  }

  private static int replicas() {
    MachineSet s = client.resources(MachineSet.class).inNamespace(NS).withName("workers").get();
    return s.getSpec().getReplicas();
  }

  private static Pod pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("busybox").withNewResources()
        .withRequests(Map.of("cpu", new Quantity("3"), "memory", new Quantity("1Gi"))).endResources().endContainer()
        .endSpec().withNewStatus().withPhase("Pending").endStatus().build();
  }

  private static void markUnschedulable(String name) {
    // A patch without a read first: the GETs counted above are then the autoscaler's alone.
    PatchTargets.of(client, Pod.class, "default", name).subresource("status").patch(
        PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", Map.of("conditions", List.of(
            Map.of("type", "PodScheduled", "status", "False", "reason", "Unschedulable",
                "message", "0/0 nodes are available"))))));
  }
}
