package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.machine.v1beta1.Machine;
import io.machineapi.api.machine.v1beta1.MachinePhases;
import io.machineapi.sandbox.Sandbox;
import io.machineapi.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dead cloud never stalls other work: the aws provider points at an endpoint that accepts TCP connections and never
 * answers, an AWS MachineSet of 3 replicas waits on it, and meanwhile the sim demo MachineSet still scales 3 → 6
 * Running with Ready Nodes in the usual time (the same bound as {@link SandboxLifecycleScenarioIT}). No peer needed.
 */
class SandboxDeadCloudScenarioIT {
  private static final String NS = Sandbox.MACHINE_API_NAMESPACE;
  private static final Path EXAMPLES = Path.of(System.getProperty("examples.dir", "../examples"));

  @TempDir
  static Path dir;
  static BlackHole ec2;
  static Sandbox sandbox;
  static KubernetesClient client;
  static Kubectl kubectl;

  /** Accepts every connection, reads what is sent, never answers. */
  static final class BlackHole implements AutoCloseable {
    final ServerSocket server;
    final AtomicInteger connections = new AtomicInteger();
    final List<Socket> open = new CopyOnWriteArrayList<>();

    BlackHole() throws IOException {
      server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            Socket socket = server.accept();
            connections.incrementAndGet();
            open.add(socket);
            Thread reader = new Thread(() -> drain(socket), "black-hole-reader");
            reader.setDaemon(true);
            reader.start();
          } catch (IOException closed) {
            return;
          }
        }
      }, "black-hole-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private static void drain(Socket socket) {
      byte[] buffer = new byte[8192];
      try (InputStream in = socket.getInputStream()) {
        while (in.read(buffer) >= 0) {
          // read and drop: the request is never answered
        }
      } catch (IOException closed) {
        // the client gave up
      }
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : open) {
        socket.close();
      }
    }
  }

  @BeforeAll
  static void start() throws IOException {
    Kubectl.requireBinary();
    ec2 = new BlackHole();
    sandbox = Sandbox.start(SandboxOptions.defaults().withProviderConfig(Map.of(
        "aws.endpoint", ec2.url(), "aws.region", "us-east-1")));
    client = sandbox.client();
    Path kubeconfig = dir.resolve("kubeconfig.yaml");
    Files.writeString(kubeconfig, sandbox.kubeconfigYaml());
    kubectl = new Kubectl(kubeconfig);
  }

  @AfterAll
  static void stop() throws IOException {
    if (sandbox != null) {
      sandbox.close();
    }
    if (ec2 != null) {
      ec2.close();
    }
  }

  @Test
  void simMachinesScaleInTheUsualTimeWhileEc2NeverAnswers() {
    await().atMost(Duration.ofSeconds(30)).until(() -> runningWithReadyNode("sandbox-worker") == 3);

    kubectl.ok("apply", "-f", EXAMPLES.resolve("sandbox-aws-machineset.yaml").toString());
    kubectl.ok("scale", "machineset", "aws-workers", "-n", NS, "--replicas=3");
    // The AWS Machines exist and their provider calls hang on the endpoint.
    await().atMost(Duration.ofSeconds(30)).until(() -> machinesOf("aws-workers").size() == 3
        && ec2.connections.get() >= 1);

    kubectl.ok("scale", "machineset", "sandbox-worker", "-n", NS, "--replicas=6");
    await().atMost(Duration.ofSeconds(30)).until(() -> runningWithReadyNode("sandbox-worker") == 6);

    // The AWS Machines wait; none is Failed for a cloud that does not answer.
    assertThat(machinesOf("aws-workers")).hasSize(3).allSatisfy(m -> assertThat(
        m.getStatus() == null ? null : m.getStatus().getPhase()).isNotEqualTo(MachinePhases.FAILED));
  }

  private static List<Machine> machinesOf(String set) {
    return SandboxMachines.of(client, NS, set);
  }

  private static long runningWithReadyNode(String set) {
    return SandboxMachines.runningWithReadyNode(client, machinesOf(set));
  }
}
