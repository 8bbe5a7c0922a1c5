package io.machineapi.sandbox.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.machineapi.sandbox.Sandbox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The workload stand-in against the embedded API, one {@code sync()} at a time (no background loop). */
class WorkloadStandInTest {
  private static Sandbox api;
  private static KubernetesClient client;
  private static WorkloadStandIn workloads;

  @BeforeAll
  static void start() {
    api = Sandbox.startApiOnly(0);
    client = api.client();
    workloads = new WorkloadStandIn(client);
  }

  @AfterAll
  static void stop() {
    client.close();
    api.close();
  }

  @Test
  void aDeploymentGetsOneReplicaSetWhosePodsAreReplacedWhenDeletedAndTrimmedOnScaleDown() {
    client.apps().deployments().inNamespace("default").resource(deployment("web", 3, "nginx")).create();

    workloads.sync();

    List<ReplicaSet> sets = owned("web");
    assertThat(sets).singleElement().satisfies(rs -> {
      String hash = rs.getMetadata().getLabels().get(WorkloadStandIn.HASH_LABEL);
      assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
      assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("app", "web")
          .containsEntry(WorkloadStandIn.HASH_LABEL, hash);
      assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
    });
    List<Pod> pods = pods("web");
    assertThat(pods).hasSize(3).allSatisfy(p -> {
      assertThat(p.getMetadata().getName()).startsWith(sets.get(0).getMetadata().getName() + "-");
      assertThat(WorkloadStandIn.controllerOf(p).getUid()).isEqualTo(sets.get(0).getMetadata().getUid());
    });

    // An evicted (deleted) pod is replaced; Ready pods are counted in both statuses.
    client.pods().inNamespace("default").withName(pods.get(0).getMetadata().getName()).delete();
    markReady(pods.get(1));
    workloads.sync();
    assertThat(pods("web")).hasSize(3);
    workloads.sync();
    ReplicaSet rs = owned("web").get(0);
    assertThat(rs.getStatus().getReplicas()).isEqualTo(3);
    assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(1);
    workloads.sync();
    Deployment d = client.apps().deployments().inNamespace("default").withName("web").get();
    assertThat(d.getStatus().getReplicas()).isEqualTo(3);
    assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(1);

    // Scale down: the not-Ready pods go first.
    client.apps().deployments().inNamespace("default").withName("web").edit(dep -> {
      dep.getSpec().setReplicas(1);
      return dep;
    });
    workloads.sync();
    workloads.sync();
    assertThat(pods("web")).extracting(p -> p.getMetadata().getName())
        .containsExactly(pods.get(1).getMetadata().getName());
  }

  @Test
  void aNewTemplateGetsANewReplicaSetAndTheOldOneIsScaledToZero() {
    client.apps().deployments().inNamespace("default").resource(deployment("api", 2, "api:1")).create();
    workloads.sync();
    String first = owned("api").get(0).getMetadata().getName();

    client.apps().deployments().inNamespace("default").withName("api").edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("api:2");
      return d;
    });
    workloads.sync();
    workloads.sync();

    assertThat(owned("api")).hasSize(2).allSatisfy(rs -> assertThat(rs.getSpec().getReplicas())
        .isEqualTo(rs.getMetadata().getName().equals(first) ? 0 : 2));
    assertThat(pods("api")).hasSize(2).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage())
        .isEqualTo("api:2"));
  }

  @Test
  void theTemplateHashIsStableAndSpelledWithoutVowels() {
    PodTemplateSpec a = deployment("x", 1, "a").getSpec().getTemplate();
    PodTemplateSpec b = deployment("x", 1, "b").getSpec().getTemplate();
    assertThat(WorkloadStandIn.templateHash(a)).isEqualTo(WorkloadStandIn.templateHash(a))
        .isNotEqualTo(WorkloadStandIn.templateHash(b)).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
  }

  private static Deployment deployment(String name, int replicas, String image) {
    PodTemplateSpec template = new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", name))
        .endMetadata().withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().build();
    return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withTemplate(template).endSpec().build();
  }

  private static List<ReplicaSet> owned(String deployment) {
    String uid = client.apps().deployments().inNamespace("default").withName(deployment).get().getMetadata().getUid();
    return client.apps().replicaSets().inNamespace("default").list().getItems().stream()
        .filter(rs -> WorkloadStandIn.controllerOf(rs) != null && uid.equals(WorkloadStandIn.controllerOf(rs).getUid()))
        .toList();
  }

  private static List<Pod> pods(String app) {
    return client.pods().inNamespace("default").withLabel("app", app).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private static void markReady(Pod pod) {
    client.pods().inNamespace("default").withName(pod.getMetadata().getName()).subresource("status").patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\","
            + "\"status\":\"True\"}]}}");
  }
}
