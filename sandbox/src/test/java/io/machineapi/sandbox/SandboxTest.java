package io.machineapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.sandbox.nodes.NodeEmulatorSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxTest {

  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withNodes(NodeEmulatorSettings.DEFAULTS
        .withRegisterDelay(Duration.ofMillis(200))));
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

  /** aws is in the sandbox's build but off without --aws-endpoint: its Machines say how to enable it. */
  @Test
  void anAwsMachineWithoutAnEndpointWaitsForTheProviderNamedAsNotEnabled() {
    try (KubernetesClient client = sandbox.client()) {
      var machines = client.genericKubernetesResources("machine.openshift.io/v1beta1", "Machine")
          .inNamespace(Sandbox.MACHINE_API_NAMESPACE);
      machines.resource(new GenericKubernetesResourceBuilder()
          .withApiVersion("machine.openshift.io/v1beta1").withKind("Machine")
          .withNewMetadata().withName("aws-off").withNamespace(Sandbox.MACHINE_API_NAMESPACE).endMetadata()
          .withAdditionalProperties(Map.of("spec", Map.of("providerSpec", Map.of("value", Map.of(
              "apiVersion", "machine.openshift.io/v1beta1", "kind", "AWSMachineProviderConfig")))))
          .build()).create();

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
          String.valueOf(machines.withName("aws-off").get().getAdditionalProperties().get("status")))
          .contains("ProviderNotEnabled", "other available providers: aws"));
    }
  }

  @Test
  void theDemoIsOneWorkerMachineSetOfThreeFourCpuSixteenGibMachinesWithItsUserDataSecret() {
    try (KubernetesClient client = sandbox.client()) {
      List<MachineSet> sets = client.resources(MachineSet.class).inAnyNamespace().list().getItems();
      assertThat(sets).extracting(s -> s.getMetadata().getName()).contains("sandbox-worker");
      MachineSet demo = client.resources(MachineSet.class).inNamespace("openshift-machine-api")
          .withName("sandbox-worker").get();
      assertThat(demo.getSpec().getReplicas()).isEqualTo(3);
      assertThat(demo.getMetadata().getLabels()).containsEntry("machine.openshift.io/cluster-api-cluster", "sandbox");
      assertThat(demo.getSpec().getTemplate().getMetadata().getLabels())
          .containsEntry("machine.openshift.io/cluster-api-cluster", "sandbox")
          .containsEntry("machine.openshift.io/cluster-api-machineset", "sandbox-worker")
          .containsEntry("machine.openshift.io/cluster-api-machine-role", "worker")
          .containsEntry("machine.openshift.io/cluster-api-machine-type", "worker");
      assertThat(demo.getSpec().getSelector().getMatchLabels())
          .containsEntry("machine.openshift.io/cluster-api-machineset", "sandbox-worker");
      var value = demo.getSpec().getTemplate().getSpec().getProviderSpec().getValue();
      assertThat(value.get("kind").asText()).isEqualTo("SimMachineProviderSpec");
      assertThat(sandbox.sim().orElseThrow().catalog().find(value.get("instanceType").asText()))
          .hasValueSatisfying(type -> {
            assertThat(type.cpu()).isEqualTo(4);
            assertThat(type.memoryMiB()).isEqualTo(16384);
          });
      assertThat(value.get("userDataSecret").get("name").asText()).isEqualTo("worker-user-data");

      Secret userData = client.secrets().inNamespace("openshift-machine-api").withName("worker-user-data").get();
      String ignition = new String(Base64.getDecoder().decode(userData.getData().get("userData")),
          StandardCharsets.UTF_8);
      assertThat(ignition).contains("\"ignition\"", "\"version\":\"3.2.0\"", "/config/worker");
    }
  }

  @Test
  void progressCountsDesiredReplicasAndNodes() {
    List<ProgressSnapshot> seen = new CopyOnWriteArrayList<>();
    sandbox.reportProgress(false, seen::add);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seen).isNotEmpty()
        .last().satisfies(p -> assertThat(p.desiredReplicas()).isGreaterThanOrEqualTo(3)));
    assertThat(seen.get(seen.size() - 1).line()).contains("| desired replicas ");
  }

  @Test
  void theNodeEmulatorJoinsANodeForAnyProvidersMachineAndRunsItsPods() {
    try (KubernetesClient client = sandbox.client()) {
      var machines = client.genericKubernetesResources("machine.openshift.io/v1beta1", "Machine")
          .inNamespace(Sandbox.MACHINE_API_NAMESPACE);
      // An AWS Machine: no enabled provider in the sandbox, so only the test sets its providerID.
      machines.resource(new GenericKubernetesResourceBuilder()
          .withApiVersion("machine.openshift.io/v1beta1").withKind("Machine")
          .withNewMetadata().withName("aws-worker").withNamespace(Sandbox.MACHINE_API_NAMESPACE).endMetadata()
          .withAdditionalProperties(Map.of("spec", Map.of("providerID", "aws:///us-east-1a/i-0123456789abcdef0",
              "providerSpec", Map.of("value", Map.of("apiVersion", "machine.openshift.io/v1beta1",
                  "kind", "AWSMachineProviderConfig", "instanceType", "m5.xlarge")))))
          .build()).create();

      Node node = await().atMost(Duration.ofSeconds(20)).until(() -> client.nodes().withName("aws-worker").get(),
          n -> n != null);
      assertThat(node.getSpec().getProviderID()).isEqualTo("aws:///us-east-1a/i-0123456789abcdef0");
      assertThat(node.getStatus().getCapacity()).containsEntry("cpu", new Quantity("4"));
      assertThat(node.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getStatus()).isEqualTo("True");
      });

      Pod pod = new PodBuilder().withNewMetadata().withName("on-aws-worker").withNamespace("default").endMetadata()
          .withNewSpec().withNodeName("aws-worker").addNewContainer().withName("app").withImage("busybox")
          .endContainer().endSpec().build();
      client.pods().inNamespace("default").resource(pod).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace("default")
          .withName("on-aws-worker").get().getStatus().getPhase(), "Running"::equals);
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
              "template", Map.of("metadata", Map.of("labels", Map.of("set", "workers")),
                  "spec", Map.of("providerSpec", Map.of("value", Map.of(
                      "apiVersion", "machine.sandbox.machine-api.io/v1alpha1", "kind", "SimMachineProviderSpec")))))))
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
