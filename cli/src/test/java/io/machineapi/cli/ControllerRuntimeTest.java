package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.machineapi.controllers.provider.ProviderSelectionException;
import io.machineapi.sandbox.Sandbox;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControllerRuntimeTest {

  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.startApiOnly(0);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void connectsWithTheGivenKubeconfigAndEnablesTheRequestedProviders(@TempDir Path dir) {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("k.yaml"));

    try (ControllerRuntime runtime = ControllerRuntime.start(new ControllerRuntime.Options(Optional.of(kubeconfig),
        Set.of(), List.of("sim"), Map.of("sim.shutdownSeconds", "1")))) {
      assertThat(runtime.providers().enabledNames()).containsExactly("sim");
      assertThat(runtime.controllerCount()).isPositive();
      assertThat(runtime.client().getMasterUrl().toString()).startsWith(sandbox.url());
    }
  }

  @Test
  void runsTheMachineControllerAgainstTheGivenCluster(@TempDir Path dir) {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("k.yaml"));

    try (ControllerRuntime runtime = ControllerRuntime.start(new ControllerRuntime.Options(Optional.of(kubeconfig),
        Set.of(), List.of("sim"), Map.of()))) {
      var machines = runtime.client().genericKubernetesResources("machine.openshift.io/v1beta1", "Machine")
          .inNamespace(Sandbox.MACHINE_API_NAMESPACE);
      machines.resource(new GenericKubernetesResourceBuilder()
          .withApiVersion("machine.openshift.io/v1beta1").withKind("Machine")
          .withNewMetadata().withName("aws-worker").withNamespace(Sandbox.MACHINE_API_NAMESPACE)
          .addToLabels("machine.openshift.io/cluster-api-cluster", "sandbox").endMetadata()
          .withAdditionalProperties(Map.of("spec", Map.of("providerSpec", Map.of("value", Map.of(
              "apiVersion", "machine.openshift.io/v1beta1", "kind", "AWSMachineProviderConfig")))))
          .build()).create();

      // The reconciler only sees this Machine if the operator uses the kubeconfig's cluster (not a default one).
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
          String.valueOf(machines.withName("aws-worker").get().getAdditionalProperties().get("status")))
          .contains("AWSMachineProviderConfig"));
    }
  }

  @Test
  void anUnreachableApiIsReportedWithItsUrl(@TempDir Path dir) throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path kubeconfig = dir.resolve("k.yaml");
    Files.writeString(kubeconfig, sandbox.kubeconfigYaml().replace(":" + sandbox.port(), ":" + closedPort));

    long started = System.nanoTime();
    assertThatThrownBy(() -> ControllerRuntime.start(new ControllerRuntime.Options(Optional.of(kubeconfig), Set.of(),
        List.of(), Map.of())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Cannot reach the Kubernetes API at http://127.0.0.1:" + closedPort);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("reported without retrying")
        .isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void badProviderConfigurationStopsStartupBeforeConnecting() {
    assertThatThrownBy(() -> ControllerRuntime.start(new ControllerRuntime.Options(
        Optional.of(Path.of("/nonexistent")), Set.of(), List.of("sim"), Map.of("sim.shutdownSeconds", "soon"))))
        .isInstanceOf(ProviderSelectionException.class)
        .hasMessageContaining("Provider 'sim' cannot start");
  }
}
