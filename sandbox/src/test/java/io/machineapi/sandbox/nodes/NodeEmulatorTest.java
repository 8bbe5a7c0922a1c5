package io.machineapi.sandbox.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSpec;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import io.machineapi.api.machine.v1beta1.ProviderSpec;
import io.machineapi.providers.sim.SimCatalog;
import io.machineapi.sandbox.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The node emulator against the embedded API, with Machines written by the test as the controllers would. */
class NodeEmulatorTest {

  private static final String NS = Sandbox.MACHINE_API_NAMESPACE;
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static Sandbox api;
  private static KubernetesClient client;
  private static NodeEmulator emulator;

  @BeforeAll
  static void start() {
    api = Sandbox.startApiOnly(0);
    client = api.client();
    emulator = NodeEmulator.start(client, new NodeEmulatorSettings(Duration.ofMillis(200), Duration.ofSeconds(1),
        Duration.ofSeconds(2)), NodeCapacities.withSimCatalog(SimCatalog.defaults()), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    emulator.close();
    client.close();
    api.close();
  }

  @Test
  void aMachineWithAProviderIdGetsAReadyNodeWithItsAddressesAndInstanceTypeCapacity() {
    Machine machine = provisioned("join-1", "sim.xlarge", Map.of());

    Node node = await().atMost(WAIT).until(() -> client.nodes().withName("join-1").get(), n -> n != null);

    assertThat(node.getSpec().getProviderID()).isEqualTo(machine.getSpec().getProviderID());
    assertThat(node.getStatus().getAddresses()).extracting(NodeAddress::getType, NodeAddress::getAddress)
        .containsExactly(tuple("InternalIP", "10.0.0.7"),
            tuple("Hostname", "join-1.sim.internal"));
    assertThat(node.getStatus().getCapacity()).containsEntry("cpu", new Quantity("4"))
        .containsEntry("pods", new Quantity("110"));
    assertThat(Quantity.getAmountInBytes(node.getStatus().getCapacity().get("memory")).longValueExact())
        .isEqualTo(16L << 30);
    assertThat(Quantity.getAmountInBytes(node.getStatus().getAllocatable().get("cpu")).doubleValue())
        .isEqualTo(3.5);
    assertThat(node.getMetadata().getLabels()).containsEntry("node-role.kubernetes.io/worker", "")
        .containsEntry("kubernetes.io/hostname", "join-1");
    assertThat(ready(node).getStatus()).isEqualTo("True");
  }

  @Test
  void registeringWritesEachNodeOnceAndItsOwnEchoesCauseNoFurtherWrites() {
    Map<String, Integer> writes = new ConcurrentHashMap<>();
    var counter = client.nodes().inform(new ResourceEventHandler<Node>() {
      @Override
      public void onAdd(Node node) {
        writes.merge(node.getMetadata().getName(), 1, Integer::sum);
      }

      @Override
      public void onUpdate(Node before, Node after) {
        writes.merge(after.getMetadata().getName(), 1, Integer::sum);
      }

      @Override
      public void onDelete(Node node, boolean unknown) {}
    });
    try {
      for (int i = 0; i < 10; i++) {
        provisioned("cost-" + i, "sim.small", Map.of());
      }
      await().atMost(WAIT).until(() -> IntStream.range(0, 10)
          .allMatch(i -> writes.containsKey("cost-" + i)));
      // The emulator works through its events in order on one thread: once a later Node has registered, anything
      // the first ten Nodes' own events could have caused has been written.
      provisioned("cost-marker", "sim.small", Map.of());
      await().atMost(WAIT).until(() -> writes.containsKey("cost-marker"));

      assertThat(writes).containsAllEntriesOf(IntStream.range(0, 10).boxed()
          .collect(Collectors.toMap(i -> "cost-" + i, i -> 1)));
    } finally {
      counter.close();
    }
  }

  @Test
  void heartbeatsRenewTheReadyConditionThroughStatusWithoutChangingItsTransitionTime() {
    provisioned("beat-1", "sim.small", Map.of());
    Node first = await().atMost(WAIT).until(() -> client.nodes().withName("beat-1").get(), n -> n != null);
    Instant firstBeat = Instant.parse(ready(first).getLastHeartbeatTime());

    await().atMost(WAIT).until(() -> Instant.parse(ready(client.nodes().withName("beat-1").get())
        .getLastHeartbeatTime()).isAfter(firstBeat));

    NodeCondition later = ready(client.nodes().withName("beat-1").get());
    assertThat(later.getStatus()).isEqualTo("True");
    assertThat(later.getLastTransitionTime()).isEqualTo(ready(first).getLastTransitionTime());
  }

  @Test
  void theReadyAnnotationIsReportedUntilRemoved() {
    provisioned("flaky-1", "sim.medium", Map.of());
    await().atMost(WAIT).until(() -> client.nodes().withName("flaky-1").get(), n -> n != null);

    annotateNode("flaky-1", "\"False\"");
    await().atMost(WAIT).untilAsserted(() -> {
      NodeCondition ready = ready(client.nodes().withName("flaky-1").get());
      assertThat(ready.getStatus()).isEqualTo("False");
      assertThat(ready.getReason()).isEqualTo("KubeletNotReady");
    });
    String wentDown = ready(client.nodes().withName("flaky-1").get()).getLastTransitionTime();

    annotateNode("flaky-1", "\"Unknown\"");
    await().atMost(WAIT).until(() -> ready(client.nodes().withName("flaky-1").get()).getStatus(),
        "Unknown"::equals);

    annotateNode("flaky-1", "null");
    await().atMost(WAIT).until(() -> ready(client.nodes().withName("flaky-1").get()).getStatus(), "True"::equals);
    assertThat(Instant.parse(ready(client.nodes().withName("flaky-1").get()).getLastTransitionTime()))
        .isAfterOrEqualTo(Instant.parse(wentDown));
  }

  @Test
  void aMachineAnnotatedNoNodeNeverGetsOne() {
    provisioned("silent-1", "sim.small", Map.of(NodeObjects.NO_NODE_ANNOTATION, "true"));
    provisioned("control-1", "sim.small", Map.of());

    await().atMost(WAIT).until(() -> client.nodes().withName("control-1").get(), n -> n != null);
    // Same delay, created first: had it been registered, it would be there by now.
    assertThat(client.nodes().withName("silent-1").get()).isNull();
  }

  @Test
  void podsBoundToTheNodeRunAndDeletedPodsFinish() {
    provisioned("pods-1", "sim.large", Map.of());
    await().atMost(WAIT).until(() -> client.nodes().withName("pods-1").get(), n -> n != null);

    client.pods().inNamespace("default").resource(pod("web", "pods-1", List.of())).create();
    client.pods().inNamespace("default").resource(pod("held", "pods-1", List.of("example.com/hold"))).create();

    await().atMost(WAIT).untilAsserted(() -> {
      Pod web = client.pods().inNamespace("default").withName("web").get();
      assertThat(web.getStatus().getPhase()).isEqualTo("Running");
      assertThat(web.getStatus().getHostIP()).isEqualTo("10.0.0.7");
      assertThat(web.getStatus().getPodIP()).startsWith("10.128.");
      assertThat(web.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getStatus()).isEqualTo("True");
      });
      assertThat(web.getStatus().getContainerStatuses()).singleElement()
          .satisfies(c -> assertThat(c.getReady()).isTrue());
      assertThat(PodRunner.runningAndReady(client.pods().inNamespace("default").withName("held").get())).isTrue();
    });

    client.pods().inNamespace("default").withName("held").delete();

    await().atMost(WAIT).until(() -> client.pods().inNamespace("default").withName("held").get() == null);
  }

  @Test
  void podsBoundBeforeTheNodeJoinedStartWhenItDoes() {
    client.pods().inNamespace("default").resource(pod("early", "early-1", List.of())).create();

    provisioned("early-1", "sim.small", Map.of());

    await().atMost(WAIT).until(() -> PodRunner.runningAndReady(client.pods().inNamespace("default")
        .withName("early").get()));
  }

  @Test
  void aNodeDeletedBySomeoneElseIsNotRegisteredAgainWhileItsMachineLives() {
    provisioned("removed-1", "sim.small", Map.of());
    await().atMost(WAIT).until(() -> client.nodes().withName("removed-1").get(), n -> n != null);

    client.nodes().withName("removed-1").delete();
    await().atMost(WAIT).until(() -> client.nodes().withName("removed-1").get() == null);
    client.resources(Machine.class).inNamespace(NS).withName("removed-1").edit(m -> {
      m.getMetadata().getAnnotations().put("touched", "yes");
      return m;
    });
    provisioned("removed-control", "sim.small", Map.of());

    await().atMost(WAIT).until(() -> client.nodes().withName("removed-control").get(), n -> n != null);
    assertThat(client.nodes().withName("removed-1").get()).isNull();
  }

  @Test
  void aNodeJoinsOnlyOnceItsInstanceIsNoLongerBooting() {
    provisioned("booting-1", "sim.small", Map.of("machine.openshift.io/instance-state", "pending"));

    await().during(Duration.ofSeconds(1)).atMost(Duration.ofMillis(11000))
        .until(() -> client.nodes().withName("booting-1").get() == null);
    client.resources(Machine.class).inNamespace(NS).withName("booting-1").edit(m -> {
      m.getMetadata().getAnnotations().put("machine.openshift.io/instance-state", "running");
      return m;
    });

    await().atMost(WAIT).until(() -> client.nodes().withName("booting-1").get() != null);
  }

  @Test
  void theNodeGoesWhenTheMachineIsDeletedOrItsInstanceTerminated() {
    provisioned("gone-1", "sim.small", Map.of());
    provisioned("gone-2", "sim.small", Map.of());
    await().atMost(WAIT).until(() -> client.nodes().withName("gone-1").get() != null
        && client.nodes().withName("gone-2").get() != null);

    client.resources(Machine.class).inNamespace(NS).withName("gone-1").delete();
    client.resources(Machine.class).inNamespace(NS).withName("gone-2").edit(m -> {
      m.getMetadata().getAnnotations().put("machine.openshift.io/instance-state", "terminated");
      return m;
    });

    await().atMost(WAIT).until(() -> client.nodes().withName("gone-1").get() == null
        && client.nodes().withName("gone-2").get() == null);
  }

  private static Machine provisioned(String name, String instanceType, Map<String, String> annotations) {
    Machine machine = new Machine();
    machine.getMetadata().setName(name);
    machine.getMetadata().setNamespace(NS);
    machine.getMetadata().setLabels(Map.of("machine.openshift.io/cluster-api-machine-role", "worker"));
    machine.getMetadata().setAnnotations(new HashMap<>(annotations));
    MachineSpec spec = new MachineSpec();
    spec.setProviderSpec(new ProviderSpec(new ObjectMapper().valueToTree(Map.of(
        "apiVersion", "machine.sandbox.machine-api.io/v1alpha1", "kind", "SimMachineProviderSpec",
        "instanceType", instanceType))));
    spec.setProviderID("sim:///sim-region-1a/i-" + name);
    machine.setSpec(spec);
    Machine created = client.resources(Machine.class).resource(machine).create();
    MachineStatus status = new MachineStatus();
    status.setAddresses(List.of(new NodeAddress("10.0.0.7", "InternalIP"),
        new NodeAddress(name + ".sim.internal", "Hostname")));
    created.setStatus(status);
    return client.resources(Machine.class).resource(created).updateStatus();
  }

  private static void annotateNode(String name, String value) {
    client.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"" + NodeObjects.READY_ANNOTATION + "\":" + value + "}}}");
  }

  private static NodeCondition ready(Node node) {
    return NodeObjects.readyCondition(node).orElseThrow();
  }

  private static Pod pod(String name, String nodeName, List<String> finalizers) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withFinalizers(finalizers)
        .endMetadata().withNewSpec().withNodeName(nodeName).addNewContainer().withName("app").withImage("nginx")
        .endContainer().endSpec().build();
  }
}
