package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionTest extends ApiServerTestBase {

  private static final String EVICTION = """
      {"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"%s","namespace":"%s"}}""";

  @Test
  void evictingAMissingPodIs404AndStoresNothing() {
    namespace("ev-missing");
    Answer answer = evict("ev-missing", "ghost");
    assertThat(answer.code()).isEqualTo(404);
    assertThat(get("/api/v1/namespaces/ev-missing/pods").body().path("items")).isEmpty();
    assertThat(client.pods().inNamespace("ev-missing").list().getItems()).isEmpty();
  }

  @Test
  void evictionWithoutBudgetDeletesThePod() {
    namespace("ev-free");
    pod("ev-free", "p1", "app", "free", true);
    Answer answer = evict("ev-free", "p1");
    assertThat(answer.code()).isEqualTo(201);
    assertThat(answer.body().path("status").asText()).isEqualTo("Success");
    assertThat(client.pods().inNamespace("ev-free").withName("p1").get()).isNull();
  }

  @Test
  void budgetBlocksWhenDisruptionsWouldGoBelowZero() {
    namespace("ev-pdb");
    pod("ev-pdb", "a", "app", "db", true);
    pod("ev-pdb", "b", "app", "db", true);
    pod("ev-pdb", "other", "app", "web", true);
    pdb("ev-pdb", "db-pdb", "db", new IntOrString(2), null);
    Answer blocked = evict("ev-pdb", "a");
    assertThat(blocked.code()).isEqualTo(429);
    JsonNode status = blocked.body();
    assertThat(status.path("message").asText()).isEqualTo(
        "Cannot evict pod as it would violate the pod's disruption budget.");
    assertThat(status.path("details").path("causes").get(0).path("reason").asText()).isEqualTo("DisruptionBudget");
    assertThat(client.pods().inNamespace("ev-pdb").withName("a").get()).isNotNull();
    // A pod the budget does not select is not protected.
    assertThat(evict("ev-pdb", "other").code()).isEqualTo(201);
  }

  @Test
  void percentagesRoundUpLikeARealServer() {
    namespace("ev-pct");
    pod("ev-pct", "a", "app", "pct", true);
    pod("ev-pct", "b", "app", "pct", true);
    pod("ev-pct", "sick", "app", "pct", false);
    // minAvailable 50% of 3 pods rounds up to 2 desired; 2 healthy → no disruption allowed.
    pdb("ev-pct", "pct", "pct", new IntOrString("50%"), null);
    assertThat(evict("ev-pct", "a").code()).isEqualTo(429);

    namespace("ev-max");
    pod("ev-max", "a", "app", "max", true);
    pod("ev-max", "b", "app", "max", true);
    pod("ev-max", "sick", "app", "max", false);
    // maxUnavailable 34% of 3 rounds up to 2 → 1 desired healthy; 2 healthy → one disruption allowed.
    pdb("ev-max", "max", "max", null, new IntOrString("34%"));
    assertThat(evict("ev-max", "a").code()).isEqualTo(201);
    // Now 2 pods, 1 healthy; 34% of 2 rounds up to 1 → 1 desired → no disruption left.
    assertThat(evict("ev-max", "b").code()).isEqualTo(429);
  }

  @Test
  void unreadyPodMayBeEvictedWhileTheBudgetIsMet() {
    namespace("ev-unready");
    pod("ev-unready", "ready1", "app", "u", true);
    pod("ev-unready", "ready2", "app", "u", true);
    pod("ev-unready", "sick", "app", "u", false);
    pdb("ev-unready", "u", "u", new IntOrString(2), null);
    assertThat(evict("ev-unready", "ready1").code()).isEqualTo(429);
    assertThat(evict("ev-unready", "sick").code()).isEqualTo(201);
  }

  @Test
  void finalizersHoldTheEvictedPod() {
    namespace("ev-fin");
    client.pods().inNamespace("ev-fin").resource(new PodBuilder().withNewMetadata().withName("held")
        .addToFinalizers("example.com/hold").endMetadata().withNewSpec().addNewContainer().withName("c")
        .withImage("i").endContainer().endSpec().build()).create();
    assertThat(evict("ev-fin", "held").code()).isEqualTo(201);
    Pod pod = client.pods().inNamespace("ev-fin").withName("held").get();
    assertThat(pod.getMetadata().getDeletionTimestamp()).isNotNull();
  }

  @Test
  void fabric8EvictReportsTheOutcome() {
    namespace("ev-f8");
    pod("ev-f8", "x", "app", "f8", true);
    pdb("ev-f8", "f8", "f8", new IntOrString(1), null);
    assertThat(client.pods().inNamespace("ev-f8").withName("x").evict()).isFalse();
    pod("ev-f8", "y", "app", "f8", true);
    assertThat(client.pods().inNamespace("ev-f8").withName("x").evict()).isTrue();
  }

  @Test
  void budgetStatusIsCurrentWhenRead() {
    namespace("ev-status");
    pod("ev-status", "a", "app", "s", true);
    pod("ev-status", "b", "app", "s", true);
    pod("ev-status", "c", "app", "s", false);
    pdb("ev-status", "s", "s", new IntOrString(1), null);
    var status = client.policy().v1().podDisruptionBudget().inNamespace("ev-status").withName("s").get().getStatus();
    assertThat(status.getExpectedPods()).isEqualTo(3);
    assertThat(status.getCurrentHealthy()).isEqualTo(2);
    assertThat(status.getDesiredHealthy()).isEqualTo(1);
    assertThat(status.getDisruptionsAllowed()).isEqualTo(1);
    evict("ev-status", "a");
    var listed = client.policy().v1().podDisruptionBudget().inNamespace("ev-status").list().getItems().get(0);
    assertThat(listed.getStatus().getDisruptionsAllowed()).isZero();
  }

  @Test
  void backToBackEvictionsUnderMaxUnavailableOneAcceptOnlyOneUntilTheReplacementIsReady() {
    namespace("ev-rs20");
    String rsUid = replicaSet("ev-rs20", "web", 20);
    for (int i = 0; i < 20; i++) {
      ownedPod("ev-rs20", "web-" + i, "web", "ReplicaSet", "web", rsUid, true);
    }
    pdb("ev-rs20", "web", "web", null, new IntOrString(1));

    List<Integer> codes = List.of(evict("ev-rs20", "web-0").code(), evict("ev-rs20", "web-1").code(),
        evict("ev-rs20", "web-2").code());

    assertThat(codes).containsExactly(201, 429, 429);
    Answer refused = evict("ev-rs20", "web-3");
    assertThat(refused.body().path("details").path("causes").get(0).path("message").asText())
        .isEqualTo("The disruption budget web needs 19 healthy pods and has 19 currently");
    var status = client.policy().v1().podDisruptionBudget().inNamespace("ev-rs20").withName("web").get().getStatus();
    assertThat(status.getExpectedPods()).as("the ReplicaSet's replicas, not the pods left").isEqualTo(20);
    assertThat(status.getDisruptionsAllowed()).isZero();

    // The ReplicaSet's replacement is created unready: still nothing to spare.
    ownedPod("ev-rs20", "web-20", "web", "ReplicaSet", "web", rsUid, false);
    assertThat(evict("ev-rs20", "web-1").code()).isEqualTo(429);
    // Once it is Ready, one more eviction goes through, and only one.
    client.pods().inNamespace("ev-rs20").withName("web-20").editStatus(p -> {
      p.getStatus().getConditions().get(0).setStatus("True");
      return p;
    });
    assertThat(evict("ev-rs20", "web-1").code()).isEqualTo(201);
    assertThat(evict("ev-rs20", "web-2").code()).isEqualTo(429);
  }

  private static Answer evict(String namespace, String pod) {
    return send("POST", "/api/v1/namespaces/" + namespace + "/pods/" + pod + "/eviction", "application/json",
        EVICTION.formatted(pod, namespace));
  }

  /** A ReplicaSet of {@code replicas} selecting {@code app=<name>}; returns its uid. */
  static String replicaSet(String namespace, String name, int replicas) {
    return client.apps().replicaSets().inNamespace(namespace).resource(new ReplicaSetBuilder().withNewMetadata()
        .withName(name).endMetadata().withNewSpec().withReplicas(replicas).withNewSelector()
        .addToMatchLabels("app", name).endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name)
        .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec()
        .endTemplate().endSpec().build()).create().getMetadata().getUid();
  }

  /** A Running pod labelled {@code app=<app>} whose controller is {@code kind/owner}. */
  static void ownedPod(String namespace, String name, String app, String kind, String owner, String ownerUid,
      boolean ready) {
    client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
        .addToLabels("app", app).addNewOwnerReference().withApiVersion("apps/v1").withKind(kind).withName(owner)
        .withUid(ownerUid).withController(true).endOwnerReference().endMetadata().withNewSpec().addNewContainer()
        .withName("c").withImage("i").endContainer().endSpec().withNewStatus().withPhase("Running")
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus()
        .build()).create();
  }

  private static void namespace(String name) {
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName(name).endMetadata().build()).create();
  }

  static void pod(String namespace, String name, String labelKey, String labelValue, boolean ready) {
    client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
        .addToLabels(labelKey, labelValue).endMetadata().withNewSpec().addNewContainer().withName("c")
        .withImage("i").endContainer().endSpec().withNewStatus().withPhase("Running").addNewCondition()
        .withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build()).create();
  }

  private static void pdb(String namespace, String name, String app, IntOrString minAvailable,
      IntOrString maxUnavailable) {
    client.policy().v1().podDisruptionBudget().inNamespace(namespace).resource(new PodDisruptionBudgetBuilder()
        .withNewMetadata().withName(name).endMetadata().withNewSpec().withMinAvailable(minAvailable)
        .withMaxUnavailable(maxUnavailable).withNewSelector().addToMatchLabels("app", app).endSelector()
        .endSpec().build()).create();
  }
}
