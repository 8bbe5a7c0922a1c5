package io.machineapi.controllers.machineset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.api.machine.v1beta1.DeletePolicy;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineObjectMeta;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.api.machine.v1beta1.MachineSetSpec;
import io.machineapi.api.machine.v1beta1.MachineSpec;
import io.machineapi.api.machine.v1beta1.MachineStatus;
import io.machineapi.api.machine.v1beta1.MachineTemplateSpec;
import io.machineapi.api.machine.v1beta1.ProviderSpec;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.provider.ProviderCalls;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.crds.CustomResourceDefinitions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The embedded API with only the MachineSet controller running; the tests play the Machine controller and the
 * kubelet themselves (Machine status through {@code /status}, Nodes with Ready conditions).
 */
final class MachineSetHarness implements AutoCloseable {
  static final String NS = "openshift-machine-api";
  static final String SET_LABEL = "machine.openshift.io/cluster-api-machineset";
  static final String CLUSTER_LABEL = "machine.openshift.io/cluster-api-cluster";

  final EmbeddedApiServer api;
  final KubernetesClient client;
  final CountingMachineWrites writes;
  final MachineSetReconciler reconciler;
  final Operator operator;
  private final ProviderCalls providerCalls;

  MachineSetHarness(int maxInFlight, long createLatencyMillis) {
    this(maxInFlight, createLatencyMillis, 0);
  }

  /** @param visibleAfterMillis how long a created Machine stays invisible to the informer (CountingMachineWrites) */
  MachineSetHarness(int maxInFlight, long createLatencyMillis, long visibleAfterMillis) {
    this(maxInFlight, createLatencyMillis, visibleAfterMillis, null);
  }

  /**
   * @param providers the providers whose capacities the controller writes onto MachineSets; null = none written
   */
  MachineSetHarness(int maxInFlight, long createLatencyMillis, long visibleAfterMillis, ProviderRegistry providers) {
    api = EmbeddedApiServer.start(0);
    api.installCrds(CustomResourceDefinitions.all());
    client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    writes = new CountingMachineWrites(new KubernetesMachineWrites(client), createLatencyMillis,
        visibleAfterMillis);
    ControllerSettings defaults = ControllerSettings.defaults();
    ControllerSettings settings = new ControllerSettings(maxInFlight, defaults.drainTimeout(),
        defaults.nodeDeletionTimeout(), defaults.unreachableNodeGracePeriod());
    providerCalls = providers == null ? null
        : new ProviderCalls(ProviderCalls.Limits.defaults(), Clock.systemUTC(), new SimpleMeterRegistry());
    reconciler = new MachineSetReconciler(writes, new EventRecorder(client, Clock.systemUTC()), settings,
        Clock.systemUTC(), null, providers == null ? null
            : new MachineSetReconciler.CapacitySource(providers, providerCalls, client));
    operator = new Operator(o -> o.withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withCloseClientOnStop(false));
    // Restricted to one namespace as `machine-api run --namespace` does; Nodes (cluster-scoped) are still watched.
    operator.register(reconciler, o -> o.settingNamespaces(Set.of(NS)));
    operator.start();
  }

  @Override
  public void close() {
    operator.stop();
    reconciler.close();
    if (providerCalls != null) {
      providerCalls.close();
    }
    writes.close();
    client.close();
    api.close();
  }

  static MachineSet machineSet(String name, int replicas, DeletePolicy policy) {
    MachineSet set = new MachineSet();
    set.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
    MachineSetSpec spec = new MachineSetSpec();
    spec.setReplicas(replicas);
    spec.setDeletePolicy(policy);
    spec.setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of(SET_LABEL, name, CLUSTER_LABEL, "test"))
        .build());
    MachineObjectMeta meta = new MachineObjectMeta();
    meta.setLabels(Map.of(SET_LABEL, name, CLUSTER_LABEL, "test", "machine.openshift.io/cluster-api-machine-role",
        "worker"));
    meta.setAnnotations(Map.of("example.com/from-template", "yes"));
    MachineSpec machineSpec = new MachineSpec();
    ObjectNode value = Serialization.jsonMapper().createObjectNode()
        .put("apiVersion", "machine.openshift.io/v1beta1").put("kind", "SimMachineProviderConfig")
        .put("instanceType", "sim.large");
    machineSpec.setProviderSpec(new ProviderSpec(value));
    MachineTemplateSpec template = new MachineTemplateSpec();
    template.setMetadata(meta);
    template.setSpec(machineSpec);
    spec.setTemplate(template);
    set.setSpec(spec);
    return set;
  }

  MachineSet create(MachineSet set) {
    return client.resources(MachineSet.class).inNamespace(NS).resource(set).create();
  }

  MachineSet get(String set) {
    return client.resources(MachineSet.class).inNamespace(NS).withName(set).get();
  }

  void scale(String set, int replicas) {
    client.resources(MachineSet.class).inNamespace(NS).withName(set).edit(s -> {
      s.getSpec().setReplicas(replicas);
      return s;
    });
  }

  /** Machines carrying the set's label, not being deleted, sorted by name. */
  List<Machine> machines(String set) {
    return client.resources(Machine.class).inNamespace(NS).withLabel(SET_LABEL, set).list().getItems().stream()
        .filter(m -> m.getMetadata().getDeletionTimestamp() == null)
        .sorted(java.util.Comparator.comparing(m -> m.getMetadata().getName()))
        .toList();
  }

  /** Labels that match {@code set}'s selector. */
  static Map<String, String> selectorLabels(String set) {
    return Map.of(SET_LABEL, set, CLUSTER_LABEL, "test");
  }

  /** A Machine without owner. */
  Machine orphan(String name, Map<String, String> labels) {
    Machine machine = new Machine();
    machine.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withLabels(labels).build());
    machine.setSpec(new MachineSpec());
    return client.resources(Machine.class).inNamespace(NS).resource(machine).create();
  }

  /** Plays the Machine controller and kubelet: a Node named after the Machine, linked by nodeRef, Running. */
  void linkNode(String machine, String ready) {
    Node node = client.nodes().resource(new NodeBuilder().withNewMetadata().withName(machine).endMetadata()
        .withNewSpec().withProviderID("sim://" + machine).endSpec().build()).create();
    setNodeReady(node.getMetadata().getName(), ready);
    client.resources(Machine.class).inNamespace(NS).withName(machine).editStatus(m -> {
      MachineStatus status = m.getStatus() == null ? new MachineStatus() : m.getStatus();
      status.setPhase(MachinePhases.RUNNING);
      status.setNodeRef(new ObjectReferenceBuilder().withKind("Node").withName(machine).build());
      m.setStatus(status);
      return m;
    });
  }

  void setNodeReady(String node, String ready) {
    client.nodes().withName(node).editStatus(n -> {
      NodeCondition condition = new NodeConditionBuilder().withType("Ready").withStatus(ready)
          .withLastTransitionTime(Instant.now().toString()).build();
      n.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder().withConditions(condition).build());
      return n;
    });
  }

  List<Event> events(String involvedName) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> involvedName.equals(e.getInvolvedObject().getName())).toList();
  }

  /**
   * Waits until the wall clock enters the next second: the API stamps {@code creationTimestamp} in whole seconds and
   * ignores a given one, so this is how tests give Machines different ages.
   */
  static void awaitNextSecond() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10))
        .until(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).isAfter(start));
  }

  static Duration timeout() {
    return Duration.ofSeconds(20);
  }
}
