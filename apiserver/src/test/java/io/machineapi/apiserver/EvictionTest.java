package io.machineapi.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  void percentagesAreOfTheControllersReplicasRoundedUp() {
    namespace("ev-pct");
    String pct = replicaSet("ev-pct", "pct", 3);
    ownedPod("ev-pct", "a", "pct", "ReplicaSet", "pct", pct, true);
    ownedPod("ev-pct", "b", "pct", "ReplicaSet", "pct", pct, true);
    ownedPod("ev-pct", "sick", "pct", "ReplicaSet", "pct", pct, false);
    // minAvailable 50% of 3 replicas rounds up to 2 desired; 2 healthy → no disruption allowed.
    pdb("ev-pct", "pct", "pct", new IntOrString("50%"), null);
    assertThat(evict("ev-pct", "a").code()).isEqualTo(429);

    namespace("ev-max");
    String max = replicaSet("ev-max", "max", 3);
    ownedPod("ev-max", "a", "max", "ReplicaSet", "max", max, true);
    ownedPod("ev-max", "b", "max", "ReplicaSet", "max", max, true);
    ownedPod("ev-max", "sick", "max", "ReplicaSet", "max", max, false);
    // maxUnavailable 34% of 3 rounds up to 2 → 1 desired healthy; 2 healthy → one disruption allowed.
    pdb("ev-max", "max", "max", null, new IntOrString("34%"));
    assertThat(evict("ev-max", "a").code()).isEqualTo(201);
    // The ReplicaSet still wants 3: 1 desired, 1 healthy → no disruption left.
    assertThat(evict("ev-max", "b").code()).isEqualTo(429);
  }

  @Test
  void podsWithoutControllerGiveNothingToSpareUnderMaxUnavailable() {
    namespace("ev-bare");
    pod("ev-bare", "a", "app", "bare", true);
    pod("ev-bare", "b", "app", "bare", true);
    pdb("ev-bare", "bare", "bare", null, new IntOrString(1));
    assertThat(evict("ev-bare", "a").code()).isEqualTo(429);
    var status = client.policy().v1().podDisruptionBudget().inNamespace("ev-bare").withName("bare").get()
        .getStatus();
    assertThat(status.getExpectedPods()).isZero();
    assertThat(status.getCurrentHealthy()).isEqualTo(2);
    assertThat(status.getDisruptionsAllowed()).isZero();
    assertThat(status.getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getType()).isEqualTo("DisruptionAllowed");
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("InsufficientPods");
    });
  }

  @Test
  void aControllerThatCannotBeFoundStopsTheBudget() {
    namespace("ev-lost");
    ownedPod("ev-lost", "a", "lost", "ReplicaSet", "gone", "no-such-uid", true);
    ownedPod("ev-lost", "b", "lost", "ReplicaSet", "gone", "no-such-uid", true);
    pdb("ev-lost", "lost", "lost", new IntOrString("50%"), null);
    var status = client.policy().v1().podDisruptionBudget().inNamespace("ev-lost").withName("lost").get()
        .getStatus();
    assertThat(status.getDisruptionsAllowed()).isZero();
    assertThat(status.getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("SyncFailed");
      assertThat(c.getMessage()).isEqualTo("found no controllers for pod \"a\"");
    });
    Answer refused = evict("ev-lost", "a");
    assertThat(refused.code()).isEqualTo(429);
    assertThat(refused.body().path("details").path("causes").get(0).path("message").asText())
        .isEqualTo("The disruption budget lost is still being processed by the server.");
  }

  @Test
  void anEvictedPodRecreatedUnderItsNameStaysOutOfTheHealthyCount() {
    namespace("ev-sts");
    String uid = client.apps().statefulSets().inNamespace("ev-sts").resource(new StatefulSetBuilder()
        .withNewMetadata().withName("db").endMetadata().withNewSpec().withReplicas(3).withNewSelector()
        .addToMatchLabels("app", "db").endSelector().endSpec().build()).create().getMetadata().getUid();
    for (int i = 0; i < 3; i++) {
      ownedPod("ev-sts", "db-" + i, "db", "StatefulSet", "db", uid, true);
    }
    pdb("ev-sts", "db", "db", null, new IntOrString(1));
    assertThat(evict("ev-sts", "db-0").code()).isEqualTo(201);

    // The StatefulSet controller recreates db-0 under the same name, and it becomes Ready at once.
    ownedPod("ev-sts", "db-0", "db", "StatefulSet", "db", uid, true);

    var status = client.policy().v1().podDisruptionBudget().inNamespace("ev-sts").withName("db").get().getStatus();
    assertThat(status.getDisruptedPods()).containsOnlyKeys("db-0");
    assertThat(status.getExpectedPods()).isEqualTo(3);
    assertThat(status.getCurrentHealthy()).as("db-0 is still counted as disrupted").isEqualTo(2);
    assertThat(status.getDisruptionsAllowed()).isZero();
    assertThat(evict("ev-sts", "db-1").code()).isEqualTo(429);
  }

  @Test
  void concurrentEvictionsSpendOneDisruptionOnce() throws Exception {
    namespace("ev-race");
    String rsUid = replicaSet("ev-race", "race", 10);
    for (int i = 0; i < 10; i++) {
      ownedPod("ev-race", "race-" + i, "race", "ReplicaSet", "race", rsUid, true);
    }
    pdb("ev-race", "race", "race", null, new IntOrString(1));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String pod = "race-" + i;
        answers.add(pool.submit(() -> evict("ev-race", pod).code()));
      }
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> answer : answers) {
        codes.add(answer.get(30, TimeUnit.SECONDS));
      }
      assertThat(codes).containsOnly(201, 429).filteredOn(code -> code == 201).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void controllersAreFoundThroughDeploymentsAndScaleSubresources() {
    namespace("ev-ctl");
    String deployUid = client.apps().deployments().inNamespace("ev-ctl").resource(new DeploymentBuilder()
        .withNewMetadata().withName("api").endMetadata().withNewSpec().withReplicas(4).withNewSelector()
        .addToMatchLabels("app", "mixed").endSelector().endSpec().build()).create().getMetadata().getUid();
    // A rollout: the old and the new ReplicaSet of one Deployment count as the Deployment's 4 replicas.
    for (String rs : List.of("api-old", "api-new")) {
      String rsUid = client.apps().replicaSets().inNamespace("ev-ctl").resource(new ReplicaSetBuilder()
          .withNewMetadata().withName(rs).addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
          .withName("api").withUid(deployUid).withController(true).endOwnerReference().endMetadata().withNewSpec()
          .withReplicas(rs.equals("api-old") ? 1 : 4).withNewSelector().addToMatchLabels("app", "mixed")
          .endSelector().endSpec().build()).create().getMetadata().getUid();
      ownedPod("ev-ctl", rs + "-1", "mixed", "ReplicaSet", rs, rsUid, true);
    }
    // A custom resource with a scale subresource: its spec.replicas counts.
    Answer widget = send("POST", "/apis/example.com/v1/namespaces/ev-ctl/widgets", "application/json",
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},"
            + "\"spec\":{\"replicas\":3}}");
    client.pods().inNamespace("ev-ctl").resource(new PodBuilder().withNewMetadata().withName("w-1")
        .addToLabels("app", "mixed").addNewOwnerReference().withApiVersion("example.com/v1").withKind("Widget")
        .withName("w").withUid(widget.body().path("metadata").path("uid").asText()).withController(true)
        .endOwnerReference().endMetadata().withNewSpec().addNewContainer().withName("c").withImage("i")
        .endContainer().endSpec().withNewStatus().withPhase("Running").addNewCondition().withType("Ready")
        .withStatus("True").endCondition().endStatus().build()).create();
    pdb("ev-ctl", "mixed", "mixed", new IntOrString("10%"), null);

    var status = client.policy().v1().podDisruptionBudget().inNamespace("ev-ctl").withName("mixed").get()
        .getStatus();
    assertThat(status.getExpectedPods()).as("Deployment 4 + Widget 3").isEqualTo(7);
    assertThat(status.getDesiredHealthy()).isEqualTo(1);
    assertThat(status.getCurrentHealthy()).isEqualTo(3);
    assertThat(status.getDisruptionsAllowed()).isEqualTo(2);

    // A DaemonSet has no scale subresource: the budget cannot be computed, as on a real cluster.
    String dsUid = client.apps().daemonSets().inNamespace("ev-ctl").resource(new DaemonSetBuilder()
        .withNewMetadata().withName("agent").endMetadata().withNewSpec().withNewSelector()
        .addToMatchLabels("app", "mixed").endSelector().endSpec().build()).create().getMetadata().getUid();
    ownedPod("ev-ctl", "agent-1", "mixed", "DaemonSet", "agent", dsUid, true);
    var failed = client.policy().v1().podDisruptionBudget().inNamespace("ev-ctl").withName("mixed").get()
        .getStatus();
    assertThat(failed.getDisruptionsAllowed()).isZero();
    assertThat(failed.getConditions()).singleElement().satisfies(c -> {
      assertThat(c.getReason()).isEqualTo("SyncFailed");
      assertThat(c.getMessage()).isEqualTo("daemonsets.apps does not implement the scale subresource");
    });
    assertThat(evict("ev-ctl", "w-1").code()).isEqualTo(429);
  }

  @Test
  void alwaysAllowLetsAnUnreadyPodGoWhileTheBudgetIsNotMet() {
    namespace("ev-always");
    pod("ev-always", "ready", "app", "al", true);
    pod("ev-always", "sick1", "app", "al", false);
    pod("ev-always", "sick2", "app", "al", false);
    pdb("ev-always", "al", "al", new IntOrString(2), null);
    assertThat(evict("ev-always", "sick1").code()).as("IfHealthyBudget: 1 healthy of 2 needed").isEqualTo(429);
    client.policy().v1().podDisruptionBudget().inNamespace("ev-always").withName("al")
        .edit(pdb -> {
          pdb.getSpec().setUnhealthyPodEvictionPolicy("AlwaysAllow");
          return pdb;
        });
    assertThat(evict("ev-always", "sick1").code()).isEqualTo(201);
    assertThat(evict("ev-always", "ready").code()).as("a Ready pod still needs a disruption").isEqualTo(429);
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
