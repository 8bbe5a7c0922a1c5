package io.machineapi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.machineapi.spi.MachineProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
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
  void everyCommandAndSubcommandAnswersHelp() {
    List<List<String>> paths = new ArrayList<>();
    collectCommandPaths(MachineApiCli.commandLine(), new ArrayList<>(), paths);
    assertThat(paths).as("commands found").contains(List.of("run"), List.of("version"), List.of("sandbox"),
        List.of("autoscaler", "explain"), List.of("autoscaler", "plan"));
    for (List<String> path : paths) {
      out.getBuffer().setLength(0);
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      assertThat(run(args.toArray(String[]::new))).as("exit code of %s --help (stderr: %s)", path, err).isZero();
      assertThat(out.toString()).as("%s --help", path)
          .contains("Usage: " + String.join(" ", concat("machine-api", path)));
    }
  }

  @Test
  void runHelpListsExactlyTheProvidersInThisBuild() {
    TreeSet<String> inBuild = new TreeSet<>();
    for (MachineProvider<?> provider : ServiceLoader.load(MachineProvider.class)) {
      inBuild.add(provider.name());
      provider.close();
    }
    assertThat(inBuild).contains("aws", "openstack", "sim");

    assertThat(run("run", "--help")).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    assertThat(help)
        .contains("Provider(s) to enable: " + String.join(", ", inBuild) + " (the providers in this build)")
        .doesNotContain("baremetal");
  }

  @Test
  void runHelpNamesTheLeaderElectionAndProbeFlagsWithDefaults() {
    assertThat(run("run", "--help")).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    assertThat(help).contains("--leader-elect[=BOOLEAN]", "--leader-election-namespace=NAMESPACE",
        "--leader-election-id=NAME", "Default: machine-api-controllers", "--leader-elect-lease-duration=DURATION",
        "Default: 15s", "--leader-elect-renew-deadline=DURATION", "Default: 10s",
        "--leader-elect-retry-period=DURATION", "Default: 2s", "--health-port=PORT", "Default: 9440",
        "--metrics-port=PORT", "Default: 8081", "openshift-machine-api");
  }

  private static void collectCommandPaths(CommandLine command, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      if (name.equals(sub.getCommandName())) { // aliases lead to the same command: visit it once
        List<String> subPath = new ArrayList<>(path);
        subPath.add(name);
        collectCommandPaths(sub, subPath, paths);
      }
    });
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
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
    assertThat(err.toString()).contains("--provider-config aws.region: the sandbox runs provider sim; "
        + "settings are PROVIDER.KEY=VALUE for one of them");
    assertThat(run("sandbox", "--provider", "aws")).isEqualTo(2);
    assertThat(err.toString()).contains("--provider aws needs --aws-endpoint URL")
        .contains("the sandbox never talks to real AWS");
    assertThat(run("sandbox", "--provider", "baremetal")).isEqualTo(2);
    assertThat(err.toString()).contains("--provider baremetal: the sandbox offers sim, aws, openstack and vsphere");
    assertThat(run("sandbox", "--provider", "openstack", "--provider-config", "vsphere.port=8989")).isEqualTo(2);
    assertThat(err.toString()).contains("--provider-config vsphere.port: the sandbox runs provider openstack, sim");
    assertThat(run("sandbox", "--no-controllers", "--boot-seconds", "1")).isEqualTo(2);
    assertThat(err.toString()).contains("--boot-seconds configures the sandbox's own controllers, and "
        + "--no-controllers runs none").contains("give cloud settings to machine-api run");
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
