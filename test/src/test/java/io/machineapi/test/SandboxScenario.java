package io.machineapi.test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.sandbox.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of the whole-sandbox scenarios: one sandbox (with its demo) per test class, driven by kubectl and a client. */
abstract class SandboxScenario {
  static final String NS = Sandbox.MACHINE_API_NAMESPACE;

  @TempDir
  static Path dir;
  static Sandbox sandbox;
  static KubernetesClient client;
  static Kubectl kubectl;

  @BeforeAll
  static void startSandbox() throws IOException {
    Kubectl.requireBinary();
    sandbox = Sandbox.start(0);
    client = sandbox.client();
    Path kubeconfig = dir.resolve("kubeconfig.yaml");
    Files.writeString(kubeconfig, sandbox.kubeconfigYaml());
    kubectl = new Kubectl(kubeconfig);
  }

  @AfterAll
  static void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }
}
