package io.machineapi.controllers.machine;

import static io.machineapi.controllers.machine.MachineControllerHarness.NS;
import static io.machineapi.controllers.machine.MachineControllerHarness.simMachine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.crds.CustomResourceDefinitions;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly one instance per Machine across an abrupt controller death: a controller process halted between the
 * provider's create and the status write, then a fresh controller process, leave one instance, found by Machine UID.
 */
class MachineCrashSafetyIT {

  @TempDir
  Path dir;

  @Test
  void controllerKilledBetweenCreateAndStatusWriteLeavesExactlyOneInstanceAfterRestart() throws Exception {
    Path state = dir.resolve("sim-cloud.json");
    try (EmbeddedApiServer api = EmbeddedApiServer.start(0); KubernetesClient client = api.client()) {
      api.installCrds(CustomResourceDefinitions.all());
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
      client.resources(Machine.class).inNamespace(NS).resource(simMachine("crash-0", v -> {})).create();

      Process first = controller(api.url(), state, true, dir.resolve("first.log"));
      assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("controller halted after create").isTrue();
      assertThat(first.exitValue()).isEqualTo(CrashingControllerMain.HALT_STATUS);
      List<JsonNode> instances = instances(state);
      assertThat(instances).hasSize(1);
      Machine afterCrash = client.resources(Machine.class).inNamespace(NS).withName("crash-0").get();
      assertThat(afterCrash.getSpec().getProviderID()).as("identity never written before the crash").isNull();
      assertThat(afterCrash.getStatus().getPhase()).isEqualTo(MachinePhases.PROVISIONING);

      Process second = controller(api.url(), state, false, dir.resolve("second.log"));
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> MachinePhases.PROVISIONED.equals(
            phase(client.resources(Machine.class).inNamespace(NS).withName("crash-0").get())));
        Machine provisioned = client.resources(Machine.class).inNamespace(NS).withName("crash-0").get();
        assertThat(provisioned.getSpec().getProviderID()).endsWith("/" + instances.get(0).get("id").asText());
        assertThat(instances(state)).hasSize(1);
        // The very instance launched before the crash (same id and launch time), found by the Machine's UID.
        assertThat(instances(state).get(0)).isEqualTo(instances.get(0));
        assertThat(instances(state).get(0).get("machineUid").asText())
            .isEqualTo(provisioned.getMetadata().getUid());
      } finally {
        second.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  private static String phase(Machine m) {
    return m == null || m.getStatus() == null ? null : m.getStatus().getPhase();
  }

  private static List<JsonNode> instances(Path state) throws Exception {
    JsonNode root = new ObjectMapper().readTree(state.toFile());
    return java.util.stream.StreamSupport.stream(root.path("instances").spliterator(), false).toList();
  }

  private static Process controller(String apiUrl, Path state, boolean halt, Path log) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        CrashingControllerMain.class.getName(), apiUrl, state.toString()));
    if (halt) {
      command.add("halt");
    }
    Files.createDirectories(log.getParent());
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        .directory(new File(".")).start();
  }
}
