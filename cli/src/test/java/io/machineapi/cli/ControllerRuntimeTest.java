package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.controllers.provider.ProviderSelectionException;
import io.machineapi.sandbox.Sandbox;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
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

  private static final String METRICS_MACHINE_SET = """
      apiVersion: machine.openshift.io/v1beta1
      kind: MachineSet
      metadata:
        name: metrics-workers
        namespace: openshift-machine-api
      spec:
        replicas: 2
        selector:
          matchLabels:
            machine.openshift.io/cluster-api-machineset: metrics-workers
        template:
          metadata:
            labels:
              machine.openshift.io/cluster-api-cluster: metrics
              machine.openshift.io/cluster-api-machineset: metrics-workers
          spec:
            providerSpec:
              value:
                apiVersion: machine.sandbox.machine-api.io/v1alpha1
                kind: SimMachineProviderSpec
                instanceType: sim.large
                region: sim-region-1
                zone: sim-region-1a
      """;

  /**
   * What {@code machine-api run} serves on {@code /metrics} while its controllers work: with a MachineSet of two on
   * the simulated cloud, the scrape has OpenShift's {@code mapi_} series, java-operator-sdk's per-controller
   * reconcile series, the provider call series, the JVM's and the build's.
   */
  @Test
  void theScrapeHasTheMachineApiControllerProviderJvmAndBuildSeries(@TempDir Path dir) {
    Path kubeconfig = sandbox.writeKubeconfig(dir.resolve("k.yaml"));
    try (ControllerRuntime runtime = ControllerRuntime.start(new ControllerRuntime.Options(Optional.of(kubeconfig),
        Set.of(), List.of("sim"), Map.of()))) {
      runtime.client().resources(MachineSet.class).inNamespace(Sandbox.MACHINE_API_NAMESPACE)
          .load(new ByteArrayInputStream(METRICS_MACHINE_SET.getBytes(StandardCharsets.UTF_8))).create();
      String set = "{name=\"metrics-workers\",namespace=\"openshift-machine-api\"}";

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        String scrape = runtime.meters().scrape();
        assertThat(scrape)
            .contains("mapi_mao_collector_up{kind=\"mapi_machine_items\"} 1.0")
            .contains("mapi_mao_collector_up{kind=\"mapi_machineset_items\"} 1.0")
            // Other tests of this class share the API: the counts are those of every cached object.
            .contains("mapi_machine_items " + (double) runtime.client().resources(Machine.class).inAnyNamespace()
                .list().getItems().size())
            .contains("mapi_machineset_items " + (double) runtime.client().resources(MachineSet.class)
                .inAnyNamespace().list().getItems().size())
            .contains("mapi_machine_set_status_replicas" + set + " 2.0")
            .contains("mapi_machine_set_status_replicas_ready" + set)
            .contains("mapi_machine_set_status_replicas_available" + set)
            .contains("mapi_machineset_created_timestamp_seconds{api_version=\"machine.openshift.io/v1beta1\","
                + set.substring(1))
            .contains("mapi_machine_phase_transition_seconds_bucket{phase=\"Provisioned\"")
            .contains("machine_api_cloud_call_duration_seconds_count{operation=\"create\",outcome=\"success\","
                + "provider=\"sim\"} 2")
            .contains("machine_api_cloud_calls_queued{provider=\"sim\"}")
            .contains("machine_api_cloud_calls_in_flight{provider=\"sim\"}");
        // Each Machine: a series with its node, provider ID and phase (Provisioned: the sim has no nodes here).
        assertThat(Pattern.compile("mapi_machine_created_timestamp_seconds\\{api_version=\"machine.openshift.io/"
            + "v1beta1\",name=\"metrics-workers-[a-z0-9]+\",namespace=\"openshift-machine-api\",node=\"\","
            + "phase=\"Provisioned\",spec_provider_id=\"sim://[^\"]+\"} \\d").matcher(scrape).results().count())
            .isEqualTo(2);
        for (String controller : List.of("machine", "machineset")) {
          assertThat(scrape)
              .containsPattern("operator_sdk_controllers_execution_reconcile_seconds_count\\{controller=\""
                  + controller + "\"[^}]*} [1-9]")
              .containsPattern("operator_sdk_controllers_execution_reconcile_success_total\\{controller=\""
                  + controller + "\",type=\"[a-z]+\"} [1-9]");
        }
        assertThat(scrape)
            .containsPattern("operator_sdk_reconciliations_started_total\\{[^}]*kind=\"MachineSet\"")
            .containsPattern("operator_sdk_reconciliations_success_total\\{[^}]*kind=\"Machine\"")
            .contains("operator_sdk_reconciliations_queue_size_machineset")
            .contains("operator_sdk_reconciliations_executions_machine");
      });
      assertThat(runtime.meters().scrape())
          .contains("jvm_memory_used_bytes{")
          .contains("jvm_gc_")
          .contains("jvm_threads_live_threads ")
          .contains("jvm_classes_loaded_classes ")
          .contains("system_cpu_count ")
          .contains("process_uptime_seconds ")
          .contains("process_files_open_files ")
          .containsPattern("machine_api_build_info\\{java_version=\"" + Pattern.quote(Runtime.version().toString())
              + "\",revision=\"[^\"]+\",version=\"[^\"]+\"} 1");
    }
  }
}
