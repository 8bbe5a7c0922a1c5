package io.machineapi.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.apiserver.AccessRecording;
import io.machineapi.apiserver.RequestAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxAccessRecordingTest {

  @TempDir
  Path dir;

  @Test
  void withTheDirectorySetTheControllersRequestsAndOnlyTheirsAreWrittenAtClose() throws IOException {
    String before = System.getProperty(Sandbox.ACCESS_RECORDING_DIR_PROPERTY);
    System.setProperty(Sandbox.ACCESS_RECORDING_DIR_PROPERTY, dir.toString());
    try (Sandbox sandbox = Sandbox.start(0); KubernetesClient client = sandbox.client()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !client.nodes().list().getItems().isEmpty());
    } finally {
      if (before == null) {
        System.clearProperty(Sandbox.ACCESS_RECORDING_DIR_PROPERTY);
      } else {
        System.setProperty(Sandbox.ACCESS_RECORDING_DIR_PROPERTY, before);
      }
    }

    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files = listed.toList();
    }
    assertThat(files).hasSize(1);
    List<RequestAttributes> recorded = AccessRecording.read(files.get(0));
    assertThat(recorded).contains(
        RequestAttributes.resource("watch", "machine.openshift.io", "machines", "", "", ""),
        RequestAttributes.resource("create", "machine.openshift.io", "machines", "", Sandbox.MACHINE_API_NAMESPACE,
            ""));
    // the node emulator creates Nodes, the demo its MachineSet: neither is the controllers' client
    assertThat(recorded).noneMatch(r -> r.verb().equals("create") && r.resource().equals("nodes"));
    assertThat(recorded).noneMatch(r -> r.verb().equals("create") && r.resource().equals("machinesets"));
  }
}
