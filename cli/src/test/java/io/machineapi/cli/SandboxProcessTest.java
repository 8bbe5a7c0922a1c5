package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code machine-api sandbox} as a real process: no terminal, stdin from /dev/null, stopped by SIGTERM, as a user
 * runs it with {@code ./machine-api sandbox </dev/null &}.
 */
class SandboxProcessTest {

  @Test
  void runsWithoutStdinAnnouncesItselfAfterWritingTheKubeconfigAndStopsCleanlyOnSigterm(@TempDir Path dir)
      throws Exception {
    Path kubeconfig = dir.resolve("sandbox.kubeconfig");
    Path stdout = dir.resolve("out.txt");
    Path stderr = dir.resolve("err.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
        MachineApiCli.class.getName(), "sandbox", "--kubeconfig", kubeconfig.toString()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(stdout).contains("Stop with Ctrl-C"));

      String announced = Files.readString(stdout);
      assertThat(kubeconfig).exists();
      assertThat(announced).contains("Kubeconfig:   " + kubeconfig)
          .contains("kubectl --kubeconfig " + kubeconfig + " get machinesets -A")
          .containsPattern("Sandbox API:  http://127\\.0\\.0\\.1:\\d+");
      assertThat(Files.readString(kubeconfig)).contains(announced.lines().findFirst().orElseThrow()
          .replace("Sandbox API:  ", ""));
      assertThat(announced).contains("Demo:         MachineSet openshift-machine-api/sandbox-worker (3 replicas)")
          .contains("scale machineset sandbox-worker --replicas=6");
      // Without a terminal, progress is a log line (stderr) when the counts change.
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(stderr)
          .contains("Sandbox: machines") && Files.readString(stderr).contains("| desired replicas 3"));
      // Still serving a moment later: nothing waits for a terminal or stdin.
      assertThat(process.waitFor(1, TimeUnit.SECONDS)).isFalse();

      process.destroy();

      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(stderr)).contains("Stopping sandbox").contains("stopped");
    } finally {
      process.destroyForcibly();
    }
  }
}
