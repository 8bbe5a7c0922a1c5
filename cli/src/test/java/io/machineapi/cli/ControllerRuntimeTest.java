package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    sandbox = Sandbox.start(0);
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
      assertThat(runtime.client().getMasterUrl().toString()).startsWith(sandbox.url());
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
