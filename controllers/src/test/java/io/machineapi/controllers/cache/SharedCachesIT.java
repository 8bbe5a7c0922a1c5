package io.machineapi.controllers.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.apiserver.RequestStats;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.MachineApiControllers;
import io.machineapi.controllers.drain.DrainResult;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.crds.CustomResourceDefinitions;
import io.machineapi.providers.sim.SimMachineProvider;
import io.machineapi.spi.ProviderEnvironment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The caches the controllers share, against the embedded API. */
class SharedCachesIT {
  private static final String NS = "openshift-machine-api";
  private EmbeddedApiServer api;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    api = EmbeddedApiServer.start(0);
    api.installCrds(CustomResourceDefinitions.all());
    client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterEach
  void stop() {
    client.close();
    api.close();
  }

  @Test
  void allControllersTogetherListAndWatchNodesOnceAndMachinesTwice() {
    ProviderRegistry providers = ProviderRegistry.of(List.of(new SimMachineProvider()), Set.of("sim"),
        new ProviderEnvironment(Map.of(), Clock.systemUTC(), Optional.empty()));
    Operator operator = new Operator(o -> o.withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withCloseClientOnStop(false));
    RequestStats stats = api.requestStats();
    stats.reset();
    try {
      MachineApiControllers.register(operator, client, providers, Set.of(), Clock.systemUTC(),
          ControllerSettings.defaults(), request -> new DrainResult.Complete("test"), new SimpleMeterRegistry());
      operator.start();

      // Every informer has listed when start() returns; its watch follows. Separate informers per controller
      // would show 3 Node lists and 3 Machine lists (plus as many watches) here.
      await().atMost(Duration.ofSeconds(10)).until(() -> stats.count("GET", "nodes") >= 2
          && stats.count("GET", "machines") >= 4);
      assertThat(stats.count("GET", "nodes")).as("one Node list + watch").isEqualTo(2);
      assertThat(stats.count("GET", "machines"))
          .as("the Machine controller's primary + the shared secondary cache, each a list + watch").isEqualTo(4);
    } finally {
      operator.stop();
      providers.close();
    }
  }

  @Test
  void aNodeReachesTheCacheWithoutImagesOrManagedFieldsAndWakesEveryUser() {
    SharedCaches caches = SharedCaches.create(client, Set.of());
    List<ResourceID> first = new CopyOnWriteArrayList<>();
    List<ResourceID> second = new CopyOnWriteArrayList<>();
    SharedInformerEventSource<Node, Machine> a = source(caches, first);
    SharedInformerEventSource<Node, Machine> b = source(caches, second);
    a.start();
    b.start();
    try {
      client.nodes().resource(new NodeBuilder()
          .withNewMetadata().withName("n1")
          .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubelet").withOperation("Update").build())
          .endMetadata()
          .withNewSpec().withProviderID("sim:///i-1").endSpec()
          .withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.0.0.1").endAddress()
          .addNewCondition().withType("Ready").withStatus("True").endCondition()
          .addNewImage().withNames("registry.example/app@sha256:00", "registry.example/app:1").withSizeBytes(5L)
          .endImage()
          .endStatus().build()).create();

      await().atMost(Duration.ofSeconds(10)).until(() -> caches.nodes().get(new ResourceID("n1")).isPresent());
      Node cached = caches.nodes().get(new ResourceID("n1")).orElseThrow();
      Node stored = client.nodes().withName("n1").get();
      assertThat(stored.getStatus().getImages()).as("the API keeps the images").hasSize(1);
      assertThat(stored.getMetadata().getManagedFields()).as("the API keeps managedFields").isNotEmpty();
      assertThat(cached.getStatus().getImages()).isNullOrEmpty();
      assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
      assertThat(cached.getStatus().getConditions()).hasSize(1);
      assertThat(caches.nodes().byIndex(SharedCaches.NODES_BY_PROVIDER_ID, "sim:///i-1")).hasSize(1);
      assertThat(caches.nodes().byIndex(SharedCaches.NODES_BY_INTERNAL_IP, "10.0.0.1")).hasSize(1);
      await().atMost(Duration.ofSeconds(10)).until(() -> first.contains(new ResourceID("n1", NS))
          && second.contains(new ResourceID("n1", NS)));

      a.stop();
      assertThat(caches.nodes().isRunning()).as("still used by the second event source").isTrue();
    } finally {
      a.stop();
      b.stop();
    }
    assertThat(caches.nodes().isRunning()).as("stopped with its last user").isFalse();
  }

  private static SharedInformerEventSource<Node, Machine> source(SharedCaches caches, List<ResourceID> woken) {
    SharedInformerEventSource<Node, Machine> source = new SharedInformerEventSource<>(Node.class, "nodes",
        caches.nodes(), node -> Set.of(new ResourceID(node.getMetadata().getName(), NS)));
    source.setEventHandler(event -> woken.add(event.getRelatedCustomResourceID()));
    return source;
  }
}
