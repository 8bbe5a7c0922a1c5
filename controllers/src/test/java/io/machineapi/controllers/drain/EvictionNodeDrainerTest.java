package io.machineapi.controllers.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.controllers.ControllerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link EvictionNodeDrainer} against the embedded API: each test drives passes by hand, as the controller would. */
class EvictionNodeDrainerTest {
  private static final String NS = "drain-test";
  private static final String HOLD = "test.machineapi.io/hold";

  static EmbeddedApiServer api;
  static KubernetesClient client;
  static NodeDrainer drainer;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
    client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    drainer = new EvictionNodeDrainer(client, ControllerSettings.defaults(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void absentNodeIsComplete() {
    assertThat(drainer.drain(request("ghost"))).isEqualTo(new DrainResult.Complete("Node ghost not found"));
  }

  @Test
  void cordonsThenEvictsBareReplicaSetAndEmptyDirPodsButLeavesDaemonSetMirrorAndFinishedPods() {
    createNode("plain", "True");
    createPod(pod("plain-bare", "plain").editSpec().addNewVolume().withName("scratch").withNewEmptyDir()
        .endEmptyDir().endVolume().endSpec());
    // Real owners: the embedded API garbage-collects pods whose owner does not exist.
    HasMetadata replicaSet = client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
        .withNewMetadata().withName("web-1234").endMetadata().withNewSpec().withNewSelector()
        .addToMatchLabels("app", "web-1234").endSelector().withNewTemplate().withNewMetadata()
        .addToLabels("app", "web-1234").endMetadata().endTemplate().endSpec().build()).create();
    HasMetadata daemonSet = client.apps().daemonSets().inNamespace(NS).resource(new DaemonSetBuilder()
        .withNewMetadata().withName("agent").endMetadata().withNewSpec().withNewSelector()
        .addToMatchLabels("app", "agent").endSelector().withNewTemplate().withNewMetadata()
        .addToLabels("app", "agent").endMetadata().endTemplate().endSpec().build()).create();
    createPod(pod("plain-rs", "plain").editMetadata().withOwnerReferences(controlledBy(replicaSet)).endMetadata());
    createPod(pod("plain-ds", "plain").editMetadata().withOwnerReferences(controlledBy(daemonSet)).endMetadata());
    createPod(pod("plain-mirror", "plain").editMetadata()
        .addToAnnotations(PodFilters.MIRROR_ANNOTATION, "hash").endMetadata());
    createPod(pod("plain-done", "plain").editStatus().withPhase("Succeeded").endStatus());
    createPod(pod("elsewhere", "other-node"));

    DrainResult first = drainer.drain(request("plain"));

    assertThat(client.nodes().withName("plain").get().getSpec().getUnschedulable()).isTrue();
    assertThat(podNames()).contains("plain-ds", "plain-mirror", "plain-done", "elsewhere")
        .doesNotContain("plain-bare", "plain-rs");
    // Evicted pods count as terminating until a pass sees them gone.
    assertThat(first).isInstanceOf(DrainResult.Pending.class);
    assertThat(((DrainResult.Pending) first).waitingFor())
        .isEqualTo("2 pods terminating (" + NS + "/plain-bare, " + NS + "/plain-rs)");
    assertThat(drainer.drain(request("plain"))).isEqualTo(new DrainResult.Complete("Drain finished successfully"));
    assertThat(podNames()).contains("plain-ds", "plain-mirror", "plain-done", "elsewhere");
  }

  @Test
  void podDisruptionBudgetHoldsEvictionsUntilRelaxed() {
    createNode("guarded", "True");
    createPod(pod("web-0", "guarded").editMetadata().addToLabels("app", "web").endMetadata());
    createPod(pod("web-1", "guarded").editMetadata().addToLabels("app", "web").endMetadata());
    PodDisruptionBudget budget = client.policy().v1().podDisruptionBudget().inNamespace(NS)
        .resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("web").endMetadata()
            .withNewSpec().withMinAvailable(new IntOrString(2)).withNewSelector().addToMatchLabels("app", "web")
            .endSelector().endSpec().build())
        .create();

    DrainResult held = drainer.drain(request("guarded"));

    assertThat(held).isInstanceOf(DrainResult.Pending.class);
    DrainResult.Pending pending = (DrainResult.Pending) held;
    assertThat(pending.waitingFor()).contains("eviction of " + NS + "/web-0 refused", "disruption budget web");
    assertThat(pending.recheckAfter()).isEqualTo(Duration.ofSeconds(5));
    assertThat(podNames()).contains("web-0", "web-1");
    assertThat(drainer.drain(request("guarded"))).isInstanceOf(DrainResult.Pending.class);
    assertThat(podNames()).contains("web-0", "web-1");

    budget.getSpec().setMinAvailable(new IntOrString(0));
    client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(budget).update();

    assertThat(passesUntilComplete("guarded")).isEqualTo(2);
    assertThat(podNames()).doesNotContain("web-0", "web-1");
  }

  @Test
  void terminatingPodKeepsDrainPendingUntilGone() {
    createNode("slow", "True");
    createPod(pod("slow-0", "slow").editMetadata().addToFinalizers(HOLD).endMetadata());
    client.pods().inNamespace(NS).withName("slow-0").delete();

    DrainResult pending = drainer.drain(request("slow"));
    DrainResult stillPending = drainer.drain(request("slow"));

    assertThat(pending).isEqualTo(new DrainResult.Pending("1 pod terminating (" + NS + "/slow-0)",
        DrainPassTally.TERMINATING_RECHECK));
    assertThat(stillPending).isEqualTo(pending);
    release("slow-0");
    assertThat(drainer.drain(request("slow"))).isInstanceOf(DrainResult.Complete.class);
  }

  @Test
  void unreachableNodeDoesNotWaitForPodsTerminatingLongerThanTheGracePeriod() {
    createNode("lost", "Unknown");
    createNode("alive", "True");
    for (String node : List.of("lost", "alive")) {
      createPod(pod(node + "-stuck", node).editMetadata().addToFinalizers(HOLD).endMetadata());
      client.pods().inNamespace(NS).withName(node + "-stuck").delete();
    }
    // A minute later, by the drainer's clock: the pods have been terminating far longer than the 1 s grace period.
    NodeDrainer later = new EvictionNodeDrainer(client, ControllerSettings.defaults(),
        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
    NodeDrainer patient = new EvictionNodeDrainer(client,
        new ControllerSettings(100, Duration.ZERO, Duration.ofSeconds(10), Duration.ofMinutes(5)),
        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));

    assertThat(later.drain(request("lost"))).isEqualTo(new DrainResult.Complete("Drain finished successfully"));
    assertThat(patient.drain(request("lost"))).isInstanceOf(DrainResult.Pending.class);
    assertThat(later.drain(request("alive"))).isInstanceOf(DrainResult.Pending.class);
    release("lost-stuck");
    release("alive-stuck");
  }

  @Test
  void unreachableNodeStillHonoursDisruptionBudgets() {
    createNode("lost-guarded", "Unknown");
    createPod(pod("db-0", "lost-guarded").editMetadata().addToLabels("app", "db").endMetadata());
    client.policy().v1().podDisruptionBudget().inNamespace(NS)
        .resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName("db").endMetadata()
            .withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector().addToMatchLabels("app", "db")
            .endSelector().endSpec().build())
        .create();

    DrainResult held = drainer.drain(request("lost-guarded"));

    assertThat(held).isInstanceOf(DrainResult.Pending.class);
    assertThat(((DrainResult.Pending) held).waitingFor()).contains(NS + "/db-0", "disruption budget db");
    assertThat(podNames()).contains("db-0");
  }

  @Test
  void drainLabelSkipLeavesPodAndWaitCompletedWaitsForIt() {
    createNode("labelled", "True");
    createPod(pod("keep", "labelled").editMetadata().addToLabels(PodFilters.DRAIN_LABEL, "skip").endMetadata());
    createPod(pod("batch", "labelled").editMetadata().addToLabels(PodFilters.DRAIN_LABEL, "wait-completed")
        .endMetadata());

    DrainResult waiting = drainer.drain(request("labelled"));

    assertThat(waiting).isEqualTo(new DrainResult.Pending("1 pod labelled cluster.x-k8s.io/drain=wait-completed"
        + " not completed (" + NS + "/batch)", DrainPassTally.COMPLETION_RECHECK));
    assertThat(podNames()).contains("keep", "batch");

    Pod batch = client.pods().inNamespace(NS).withName("batch").get();
    batch.getStatus().setPhase("Succeeded");
    client.pods().inNamespace(NS).resource(batch).updateStatus();

    assertThat(drainer.drain(request("labelled"))).isInstanceOf(DrainResult.Complete.class);
    assertThat(podNames()).contains("keep", "batch");
  }

  @Test
  void evictionErrorOtherThanBudgetOrGoneFailsThePass() {
    createNode("overbudgeted", "True");
    createPod(pod("twice-guarded", "overbudgeted").editMetadata().addToLabels("app", "twice").endMetadata());
    for (String name : List.of("twice-a", "twice-b")) {
      client.policy().v1().podDisruptionBudget().inNamespace(NS)
          .resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).endMetadata()
              .withNewSpec().withMaxUnavailable(new IntOrString(1)).withNewSelector()
              .addToMatchLabels("app", "twice").endSelector().endSpec().build())
          .create();
    }

    DrainResult result = drainer.drain(request("overbudgeted"));

    assertThat(result).isInstanceOf(DrainResult.Failed.class);
    assertThat(((DrainResult.Failed) result).error()).contains("eviction of " + NS + "/twice-guarded failed: 500");
  }

  @Test
  void controlPlaneNodeWaitsWhileAnotherControlPlaneNodeIsCordoned() {
    createNode("cp-a", "True", Map.of("node-role.kubernetes.io/master", ""));
    createNode("cp-b", "True", Map.of("node-role.kubernetes.io/control-plane", ""));

    assertThat(drainer.drain(request("cp-a"))).isInstanceOf(DrainResult.Complete.class);
    DrainResult held = drainer.drain(request("cp-b"));

    assertThat(held).isEqualTo(new DrainResult.Pending("control-plane Node cp-a is cordoned; control-plane Nodes"
        + " are drained one at a time", EvictionNodeDrainer.CONTROL_PLANE_RECHECK));
    assertThat(ControlPlaneDrainGate.isCordoned(client.nodes().withName("cp-b").get())).isFalse();
    // The Node already cordoned is never held back, so a started drain finishes.
    assertThat(drainer.drain(request("cp-a"))).isInstanceOf(DrainResult.Complete.class);

    client.nodes().withName("cp-a").delete();
    assertThat(drainer.drain(request("cp-b"))).isInstanceOf(DrainResult.Complete.class);
    assertThat(client.nodes().withName("cp-b").get().getSpec().getUnschedulable()).isTrue();
  }

  private static DrainRequest request(String node) {
    return new DrainRequest(node, "openshift-machine-api/" + node);
  }

  /** Runs passes until one completes (at most 5, each asserted not to fail); answers how many it took. */
  private static int passesUntilComplete(String node) {
    for (int pass = 1; pass <= 5; pass++) {
      DrainResult result = drainer.drain(request(node));
      assertThat(result).isNotInstanceOf(DrainResult.Failed.class);
      if (result instanceof DrainResult.Complete) {
        return pass;
      }
    }
    throw new AssertionError("drain of " + node + " did not complete in 5 passes");
  }

  private static void createNode(String name, String ready) {
    createNode(name, ready, Map.of());
  }

  private static void createNode(String name, String ready, Map<String, String> labels) {
    Node node = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus().build();
    client.nodes().resource(node).create();
  }

  /** A Running, Ready pod bound to {@code node}: what the Eviction API counts as healthy for a budget. */
  private static PodBuilder pod(String name, String node) {
    return new PodBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata()
        .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("busybox").endContainer()
        .endSpec()
        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
        .endStatus();
  }

  private static OwnerReference controlledBy(HasMetadata owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true).build();
  }

  private static void createPod(PodBuilder pod) {
    client.pods().inNamespace(NS).resource(pod.build()).create();
  }

  private static void release(String pod) {
    client.pods().inNamespace(NS).withName(pod).edit(p -> new PodBuilder(p).editMetadata()
        .withFinalizers(List.of()).endMetadata().build());
  }

  private static List<String> podNames() {
    return client.pods().inNamespace(NS).list().getItems().stream().map(p -> p.getMetadata().getName()).toList();
  }

}
