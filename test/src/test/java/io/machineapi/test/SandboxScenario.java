package io.machineapi.test;

import static org.awaitility.Awaitility.await;


import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.sandbox.Sandbox;
import io.machineapi.sandbox.SandboxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the whole-sandbox scenarios: one sandbox (with its demo) per test class, driven by kubectl and a client.
 * A scenario that needs other options (a cloud provider beside sim) declares its own {@code static startSandbox()}
 * with {@code @BeforeAll}, which hides this one, and calls {@link #open(SandboxOptions)}; one that must clean up in
 * the cloud before the sandbox stops does the same with {@code stopSandbox()} and {@link #close()}.
 */
abstract class SandboxScenario {
  static final String NS = Sandbox.MACHINE_API_NAMESPACE;
  static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples"));

  @TempDir
  static Path dir;
  static Sandbox sandbox;
  static KubernetesClient client;
  static Kubectl kubectl;

  @BeforeAll
  static void startSandbox() throws Exception {
    open(SandboxOptions.defaults());
  }

  @AfterAll
  static void stopSandbox() {
    close();
  }

  /** Starts the sandbox with {@code options} and a kubectl configured for it. */
  static void open(SandboxOptions options) throws IOException {
    Kubectl.requireBinary();
    sandbox = Sandbox.start(options);
    client = sandbox.client();
    Path kubeconfig = dir.resolve("kubeconfig.yaml");
    Files.writeString(kubeconfig, sandbox.kubeconfigYaml());
    kubectl = new Kubectl(kubeconfig);
  }

  /** One key of a Secret in the machine-api namespace, as stored (data) or as applied (stringData). */
  static byte[] secretValue(String secret, String key) {
    Secret s = client.secrets().inNamespace(NS).withName(secret).get();
    return s.getData() != null && s.getData().containsKey(key) ? Base64.getDecoder().decode(s.getData().get(key))
        : s.getStringData().get(key).getBytes(StandardCharsets.UTF_8);
  }

  /** The Machines of MachineSet {@code set} (by its label), in the machine-api namespace. */
  static List<Machine> machinesOfSet(String set) {
    return client.resources(Machine.class).inNamespace(NS)
        .withLabel("machine.openshift.io/cluster-api-machineset", set).list().getItems();
  }

  /** The Machines of {@code set} that are Running with a Node. */
  static List<Machine> runningWithNodes(String set) {
    return machinesOfSet(set).stream().filter(m -> m.getStatus() != null
        && MachinePhases.RUNNING.equals(m.getStatus().getPhase()) && m.getStatus().getNodeRef() != null).toList();
  }

  /**
   * Deletes MachineSet {@code set} and waits until its Machines are gone (their cloud instances deleted: a peer is
   * shared by the suite), then stops the sandbox.
   */
  static void deleteSetAndClose(String set) {
    if (sandbox != null && kubectl != null) {
      kubectl.run("delete", "machineset", set, "-n", NS, "--ignore-not-found", "--wait=false");
      await().atMost(Duration.ofMinutes(2))
          .until(() -> machinesOfSet(set).isEmpty());
    }
    close();
  }

  static void close() {
    if (sandbox != null) {
      sandbox.close();
      sandbox = null;
    }
  }
}
