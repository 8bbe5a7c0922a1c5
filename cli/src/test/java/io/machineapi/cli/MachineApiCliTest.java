package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MachineApiCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = MachineApiCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpListsEveryCommand() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("run", "sandbox", "version", "Usage: machine-api");
  }

  @Test
  void everyOptionOfEveryCommandHasADescription() {
    CommandLine cli = MachineApiCli.commandLine();
    cli.getSubcommands().values().forEach(sub -> {
      assertThat(sub.getCommandSpec().usageMessage().description()).as(sub.getCommandName()).isNotEmpty();
      sub.getCommandSpec().options().forEach(option ->
          assertThat(option.description()).as(sub.getCommandName() + " " + option.longestName()).isNotEmpty());
    });
  }

  @Test
  void versionPrintsProjectAndLibraryVersions() {
    assertThat(run("version")).isZero();
    assertThat(out.toString()).containsPattern("machine-api\\s+\\d+\\.\\d+\\.\\d+")
        .containsPattern("java-operator-sdk\\s+5\\.")
        .containsPattern("fabric8 client\\s+7\\.")
        .contains("git commit");
  }

  @Test
  void anUnknownProviderIsBadInputNamingTheAvailableOnes() {
    assertThat(run("run", "--provider", "azure")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown provider azure. Available providers:").contains("sim");
  }

  @Test
  void noCommandAnUnknownCommandOrABadPortAreBadInput() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Missing command");
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(run("sandbox", "--port", "70000")).isEqualTo(2);
    assertThat(err.toString()).contains("--port must be between 0 and 65535");
    assertThat(run("sandbox", "--port", "abc")).isEqualTo(2);
  }

  @Test
  void sandboxHelpNamesItsSimulationOptionsWithDefaults() {
    assertThat(run("sandbox", "--help")).isZero();
    assertThat(out.toString()).contains("--no-demo", "--boot-seconds=SECONDS", "--boot-jitter", "--node-delay",
        "--heartbeat", "--create-failure-rate=P", "--throttle-rate", "--seed", "sandbox-worker",
        "Default: 40", "sandbox.machine-api/ready");
  }

  @Test
  void outOfRangeSandboxRatesAndDelaysAreBadInput() {
    assertThat(run("sandbox", "--create-failure-rate", "1.5")).isEqualTo(2);
    assertThat(err.toString()).contains("--create-failure-rate must be between 0 and 1");
    assertThat(run("sandbox", "--node-delay", "-1")).isEqualTo(2);
    assertThat(err.toString()).contains("--node-delay must be between 0 and 3600");
    assertThat(run("sandbox", "--heartbeat", "0")).isEqualTo(2);
    assertThat(run("sandbox", "--provider-config", "aws.region=us-east-1")).isEqualTo(2);
    assertThat(err.toString()).contains("the sandbox runs provider sim (and aws with --provider aws)");
    assertThat(run("sandbox", "--provider", "aws")).isEqualTo(2);
    assertThat(err.toString()).contains("--provider aws needs --aws-endpoint URL")
        .contains("the sandbox never talks to real AWS");
    assertThat(run("sandbox", "--provider", "vsphere")).isEqualTo(2);
    assertThat(err.toString()).contains("--provider vsphere: the sandbox offers sim and aws");
  }

  @Test
  void aMissingKubeconfigIsBadInput() {
    assertThat(run("run", "--provider", "sim", "--kubeconfig", "/nonexistent/k.yaml")).isEqualTo(2);
    assertThat(err.toString()).contains("kubeconfig /nonexistent/k.yaml does not exist");
  }

  @Test
  void failureMessagesIncludeTheirCauses() {
    Exception e = new IllegalStateException("Cannot reach the API",
        new RuntimeException("wrapped", new java.net.ConnectException("Connection refused")));

    assertThat(MachineApiCli.describe(e)).isEqualTo("Cannot reach the API: wrapped: Connection refused");
  }
}
