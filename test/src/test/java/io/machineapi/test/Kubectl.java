package io.machineapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl binary against a kubeconfig, the way a cluster operator would. */
final class Kubectl {
  static final Path BINARY = Path.of(System.getenv().getOrDefault("KUBECTL", "/usr/bin/kubectl"));

  private final Path kubeconfig;

  Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** Skips (loudly) without kubectl on a developer machine; fails in CI, where test.sh installs it. */
  static void requireBinary() {
    boolean present = Files.isExecutable(BINARY);
    if (!present && "true".equals(System.getenv("CI"))) {
      throw new AssertionError("kubectl not found at " + BINARY + " and CI=true: test.sh must install it");
    }
    if (!present) {
      System.err.println("*** SKIPPING kubectl scenario tests: no kubectl at " + BINARY
          + " (install Debian's kubernetes-client or set KUBECTL) ***");
    }
    assumeTrue(present, "kubectl not installed");
  }

  Result run(String... args) {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s finished", args).isTrue();
      return new Result(String.join(" ", args), process.exitValue(), new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("could not run kubectl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs and asserts success, returning stdout. */
  String ok(String... args) {
    Result result = run(args);
    assertThat(result.exitCode()).as("kubectl %s failed: %s", result.command(), result.stderr()).isZero();
    return result.stdout();
  }

  record Result(String command, int exitCode, String stdout, String stderr) {}
}
