package io.machineapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {

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
  void installsEveryProjectCrdAndTheMachineApiNamespace() {
    assertThat(sandbox.crdNames()).contains("machines.machine.openshift.io", "machinesets.machine.openshift.io",
        "machinehealthchecks.machine.openshift.io", "clusterautoscalers.autoscaling.openshift.io",
        "machineautoscalers.autoscaling.openshift.io");
    try (KubernetesClient client = sandbox.client()) {
      assertThat(client.namespaces().withName("openshift-machine-api").get()).isNotNull();
    }
  }

  @Test
  void theControllersRunWithTheSimProvider() {
    assertThat(sandbox.controllerCount()).isPositive();
    try (KubernetesClient client = sandbox.client()) {
      var machines = client.genericKubernetesResources("machine.openshift.io/v1beta1", "Machine")
          .inNamespace(Sandbox.MACHINE_API_NAMESPACE);
      machines.resource(new GenericKubernetesResourceBuilder()
          .withApiVersion("machine.openshift.io/v1beta1").withKind("Machine")
          .withNewMetadata().withName("sim-worker").withNamespace(Sandbox.MACHINE_API_NAMESPACE)
          .addToLabels("machine.openshift.io/cluster-api-cluster", "sandbox").endMetadata()
          .withAdditionalProperties(Map.of("spec", Map.of("providerSpec", Map.of("value", Map.of(
              "apiVersion", "machine.sandbox.machine-api.io/v1alpha1", "kind", "SimMachineProviderSpec")))))
          .build()).create();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
          String.valueOf(machines.withName("sim-worker").get().getAdditionalProperties().get("status")))
          .contains("ProviderEnabled", "SimMachineProviderSpec"));
    }
  }

  @Test
  void theWrittenKubeconfigReachesTheApiInTheMachineApiNamespace(@TempDir Path dir) throws Exception {
    Path path = sandbox.writeKubeconfig(dir.resolve("nested/sandbox.kubeconfig"));

    assertThat(Files.getPosixFilePermissions(path)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    Config config = Config.fromKubeconfig(Files.readString(path));
    assertThat(config.getMasterUrl()).startsWith(sandbox.url());
    assertThat(config.getNamespace()).isEqualTo("openshift-machine-api");
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory()).build()) {
      GenericKubernetesResource machineSet = new GenericKubernetesResourceBuilder()
          .withApiVersion("machine.openshift.io/v1beta1").withKind("MachineSet")
          .withNewMetadata().withName("workers").endMetadata()
          .withAdditionalProperties(Map.of("spec", Map.of("replicas", 0,
              "selector", Map.of("matchLabels", Map.of("set", "workers")),
              "template", Map.of("metadata", Map.of("labels", Map.of("set", "workers"))))))
          .build();
      client.genericKubernetesResources("machine.openshift.io/v1beta1", "MachineSet").resource(machineSet).create();

      assertThat(client.genericKubernetesResources("machine.openshift.io/v1beta1", "MachineSet")
          .inNamespace("openshift-machine-api").withName("workers").get()).isNotNull();
    }
  }

  @Test
  void rewritingTheKubeconfigReplacesTheOldFile(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("k.yaml");
    Files.writeString(path, "stale");

    sandbox.writeKubeconfig(path);

    assertThat(Files.readString(path)).contains(sandbox.url()).doesNotContain("stale");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(path);
    }
  }
}
