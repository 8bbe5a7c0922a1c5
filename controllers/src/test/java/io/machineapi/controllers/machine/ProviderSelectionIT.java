package io.machineapi.controllers.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.api.machine.v1beta1.Condition;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.apiserver.EmbeddedApiServer;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Machine controller against the embedded API: provider chosen by providerSpec kind, or a clear refusal. */
class ProviderSelectionIT {
  private static final String NS = "openshift-machine-api";
  static EmbeddedApiServer api;
  static KubernetesClient client;
  static Operator operator;
  static ProviderRegistry providers;

  @BeforeAll
  static void start() {
    api = EmbeddedApiServer.start(0);
    api.installCrds(CustomResourceDefinitions.all());
    client = api.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    providers = ProviderRegistry.of(List.of(new SimMachineProvider()), Set.of("sim"),
        new ProviderEnvironment(Map.of(), Clock.systemUTC(), Optional.empty()));
    operator = new Operator(o -> o.withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withCloseClientOnStop(false));
    MachineApiControllers.register(operator, client, providers, Set.of(), Clock.systemUTC(),
        ControllerSettings.defaults(), request -> new DrainResult.Complete("test"), new SimpleMeterRegistry());
    operator.start();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.stop();
    }
    if (providers != null) {
      providers.close();
    }
    if (client != null) {
      client.close();
    }
    if (api != null) {
      api.close();
    }
  }

  /** Here the build is the sim provider alone; the not-enabled case is ProviderRegistryTest's and the sandbox's. */
  @Test
  void machineOfACloudWithoutAnyProviderInTheBuildIsNamedUnsupportedButIsNotFailed() {
    client.resources(Machine.class).inNamespace(NS).resource(machine("azure-0", "AzureMachineProviderSpec"))
        .create();

    Condition condition = awaitCondition("azure-0");
    assertThat(condition.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(condition.getReason()).isEqualTo(MachineReconciler.REASON_NOT_SUPPORTED);
    assertThat(condition.getMessage()).startsWith("No provider in this build serves providerSpec kind "
        + "AzureMachineProviderSpec").contains(SimMachineProvider.KIND + " with --provider sim");
    Machine machine = client.resources(Machine.class).inNamespace(NS).withName("azure-0").get();
    assertThat(machine.getStatus().getPhase()).isNotEqualTo("Failed");
    assertThat(machine.getStatus().getErrorReason()).isNull();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventsFor("azure-0"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo(MachineReconciler.REASON_NOT_SUPPORTED)));
  }

  @Test
  void machineOfAnEnabledKindNamesItsProvider() {
    client.resources(Machine.class).inNamespace(NS).resource(machine("sim-0", SimMachineProvider.KIND)).create();

    Condition condition = awaitCondition("sim-0");
    assertThat(condition.getStatus()).isEqualTo(Condition.TRUE);
    assertThat(condition.getMessage()).contains("sim");
    assertThat(eventsFor("sim-0")).noneMatch(e -> "Warning".equals(e.getType()));
  }

  private static Condition awaitCondition(String name) {
    return await().atMost(Duration.ofSeconds(15)).until(() -> {
      Machine m = client.resources(Machine.class).inNamespace(NS).withName(name).get();
      return m.getStatus() == null ? null
          : MachineConditions.find(m.getStatus().getConditions(), MachineReconciler.CONDITION_PROVIDER_ENABLED);
    }, c -> c != null);
  }

  private static List<Event> eventsFor(String machine) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> machine.equals(e.getInvolvedObject().getName())).toList();
  }

  private static Machine machine(String name, String kind) {
    return MachineControllerHarness.machine(name, Serialization.jsonMapper().createObjectNode()
        .put("apiVersion", "machine.openshift.io/v1beta1").put("kind", kind));
  }
}
