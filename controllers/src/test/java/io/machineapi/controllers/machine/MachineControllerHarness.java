package io.machineapi.controllers.machine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSpec;
import io.machineapi.api.machine.v1beta1.ProviderSpec;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.drain.NodeDrainer;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.crds.CustomResourceDefinitions;
import io.machineapi.providers.sim.SimMachineProvider;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Embedded API + the Machine controller with short timings, for the Machine lifecycle tests. */
final class MachineControllerHarness implements AutoCloseable {
  static final String NS = "openshift-machine-api";
  static final MachineTimings FAST = new MachineTimings(Duration.ofMillis(200), Duration.ofSeconds(2),
      Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(300));

  final EmbeddedApiServer api;
  final KubernetesClient client;
  final ProviderRegistry providers;
  final Operator operator;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  MachineControllerHarness(MachineProvider<?> provider, Map<String, String> providerConfig,
      ControllerSettings settings, NodeDrainer drainer) {
    api = EmbeddedApiServer.start(0);
    api.installCrds(CustomResourceDefinitions.all());
    client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    providers = ProviderRegistry.of(List.of(provider), Set.of(provider.name()),
        new ProviderEnvironment(providerConfig, Clock.systemUTC(), Optional.empty()));
    operator = new Operator(o -> o.withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withCloseClientOnStop(false));
    operator.register(new MachineReconciler(client, providers, new EventRecorder(client, Clock.systemUTC()),
        Clock.systemUTC(), settings, drainer, FAST, meters));
    operator.start();
  }

  Machine get(String name) {
    return client.resources(Machine.class).inNamespace(NS).withName(name).get();
  }

  Machine create(Machine machine) {
    return client.resources(Machine.class).inNamespace(NS).resource(machine).create();
  }

  void edit(String name, Consumer<Machine> change) {
    client.resources(Machine.class).inNamespace(NS).withName(name).edit(m -> {
      change.accept(m);
      return m;
    });
  }

  String phase(String name) {
    Machine m = get(name);
    return m == null || m.getStatus() == null ? null : m.getStatus().getPhase();
  }

  Condition condition(String name, String type) {
    Machine m = get(name);
    return m == null || m.getStatus() == null ? null : MachineConditions.find(m.getStatus().getConditions(), type);
  }

  List<Event> events(String machine) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> machine.equals(e.getInvolvedObject().getName())).toList();
  }

  /** A Node as a kubelet would register it for {@code machine}: its providerID and InternalIP, Ready. */
  Node createNodeFor(Machine machine, String nodeName) {
    String ip = machine.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType()))
        .findFirst().orElseThrow().getAddress();
    return client.nodes().resource(new NodeBuilder()
        .withNewMetadata().withName(nodeName).addToLabels("kubernetes.io/hostname", nodeName).endMetadata()
        .withNewSpec().withProviderID(machine.getSpec().getProviderID()).endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip).endAddress()
        .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
        .build()).create();
  }

  /** A sim Machine booting in 1 s, with the cluster label; {@code providerSpec} may change the spec value. */
  static Machine simMachine(String name, Consumer<ObjectNode> providerSpec) {
    ObjectNode value = Serialization.jsonMapper().createObjectNode()
        .put("apiVersion", SimMachineProvider.API_VERSION).put("kind", SimMachineProvider.KIND)
        .put("bootSeconds", 1);
    providerSpec.accept(value);
    return machine(name, value);
  }

  /** A Machine with the cluster label and the given {@code spec.providerSpec.value}. */
  static Machine machine(String name, ObjectNode value) {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS)
        .addToLabels("machine.openshift.io/cluster-api-cluster", "test").build());
    MachineSpec spec = new MachineSpec();
    spec.setProviderSpec(new ProviderSpec(value));
    machine.setSpec(spec);
    return machine;
  }

  @Override
  public void close() {
    operator.stop();
    providers.close();
    client.close();
    api.close();
  }
}
