package io.machineapi.cli;

import io.machineapi.sandbox.DemoCluster;
import io.machineapi.sandbox.ProgressSnapshot;
import io.machineapi.sandbox.Sandbox;
import io.machineapi.sandbox.SandboxOptions;
import io.machineapi.sandbox.nodes.NodeEmulatorSettings;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code machine-api sandbox}: a local Kubernetes API with the Machine API CRDs, the controllers on a simulated
 * cloud, emulated Nodes and a demo MachineSet, for kubectl and experiments.
 */
@Command(name = "sandbox", sortOptions = false,
    description = {
        "Start a local Kubernetes API (embedded, in this process) with the Machine API CRDs installed and namespace "
            + "openshift-machine-api created, run the controllers against it with the simulated cloud (provider "
            + "sim) and a node emulator that plays the kubelets, apply the demo MachineSet "
            + DemoCluster.MACHINE_SET + " (3 workers, sim.xlarge: 4 CPU / 16 GiB), write a kubeconfig for it, and "
            + "run until Ctrl-C or SIGTERM.",
        "Progress (machines per phase, Nodes Ready, desired replicas) is a status line refreshed every second on a "
            + "terminal, else a log line whenever it changes. The kubeconfig is written only once the API is "
            + "ready. Works without a terminal: machine-api sandbox </dev/null &",
        "Node annotations sandbox.machine-api/ready=False|Unknown make an emulated Node NotReady; the Machine "
            + "annotation sandbox.machine-api/no-node=true keeps its Node from ever joining."})
final class SandboxCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxCommand.class);
  /** Options of the simulated or real cloud, which only the sandbox's own controllers use. */
  private static final List<String> CLOUD_OPTIONS = List.of("--boot-seconds", "--boot-jitter",
      "--create-failure-rate", "--throttle-rate", "--provider-config", "--provider", "--aws-endpoint", "--aws-region",
      "--seed");

  @Spec
  CommandSpec spec;

  @Option(names = "--kubeconfig", paramLabel = "PATH", defaultValue = "sandbox.kubeconfig",
      description = "Where to write the kubeconfig (overwritten). Default: ${DEFAULT-VALUE} in the current directory.")
  Path kubeconfig;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "Port of the API on 127.0.0.1. Default: a free port.")
  int port;

  @Option(names = "--no-demo", description = "Do not create the demo MachineSet and its user-data Secret.")
  boolean noDemo;

  @Option(names = "--no-controllers",
      description = "Run no controller and no autoscaler: only the API, the node emulator and the scheduler "
          + "stand-in, the shape of a real cluster. Start the controllers yourself, one or more at a time, with "
          + "machine-api run --kubeconfig FILE (they take the cloud options; those below are then refused).")
  boolean noControllers;

  @Option(names = "--boot-seconds", paramLabel = "SECONDS", defaultValue = "3",
      description = "Boot latency of a simulated instance. Default: ${DEFAULT-VALUE}.")
  double bootSeconds;

  @Option(names = "--boot-jitter", paramLabel = "SECONDS", defaultValue = "1",
      description = "Random extra boot time, up to this much. Default: ${DEFAULT-VALUE}.")
  double bootJitter;

  @Option(names = "--node-delay", paramLabel = "SECONDS", defaultValue = "2",
      description = "How long after its Machine is provisioned a Node joins. Default: ${DEFAULT-VALUE}.")
  double nodeDelay;

  @Option(names = "--heartbeat", paramLabel = "SECONDS", defaultValue = "40",
      description = "Interval of the emulated Nodes' Ready heartbeats (one status write each). "
          + "Default: ${DEFAULT-VALUE}.")
  double heartbeat;

  @Option(names = "--create-failure-rate", paramLabel = "P", defaultValue = "0",
      description = "Probability (0..1) that launching an instance fails transiently. Default: ${DEFAULT-VALUE}.")
  double createFailureRate;

  @Option(names = "--throttle-rate", paramLabel = "P", defaultValue = "0",
      description = "Probability (0..1) that a cloud call is throttled. Default: ${DEFAULT-VALUE}.")
  double throttleRate;

  /** The providers the sandbox can enable. */
  static final Set<String> OFFERED_PROVIDERS = Set.of("sim", "aws", "openstack", "vsphere");
  private static final String OFFERED_TEXT = "sim, aws, openstack and vsphere";

  @Option(names = "--provider-config", paramLabel = "PROVIDER.KEY=VALUE",
      description = "A further setting of an enabled provider: of the simulated cloud (see providers/sim/README.md), "
          + "e.g. sim.capacity.sim.xlarge=10 or sim.shutdownSeconds=5, or of another one given with --provider, e.g. "
          + "vsphere.port=8989; repeatable; wins over the options above.")
  Map<String, String> providerConfig = new LinkedHashMap<>();

  @Option(names = "--provider", paramLabel = "NAME", split = ",", defaultValue = "sim",
      description = "Providers to enable: sim (always), aws, openstack and vsphere. aws needs --aws-endpoint: the "
          + "sandbox never reaches real AWS. openstack reaches the cloud each providerSpec's clouds.yaml Secret names "
          + "(see examples/sandbox-openstack-machineset.yaml, for the test peer peers/openstack.sh). vsphere reaches "
          + "the vCenter each providerSpec's workspace.server names; for the test peer peers/vcsim.sh add "
          + "--provider-config vsphere.port=8989 --provider-config vsphere.insecure=true (see "
          + "examples/sandbox-vsphere-machineset.yaml). Default: ${DEFAULT-VALUE}.")
  List<String> providers = new ArrayList<>();

  @Option(names = "--aws-endpoint", paramLabel = "URL",
      description = "EC2 endpoint for the aws provider (moto_server or LocalStack), e.g. http://127.0.0.1:5000.")
  String awsEndpoint;

  @Option(names = "--aws-region", paramLabel = "REGION", defaultValue = "us-east-1",
      description = "Region of the aws provider. Default: ${DEFAULT-VALUE}.")
  String awsRegion;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed of the simulated cloud's randomness (jitter, failures), for reproducible runs.")
  Long seed;

  @Override
  public Integer call() throws Exception {
    SandboxOptions options = options();
    Sandbox sandbox = Sandbox.start(options);
    Path written;
    try {
      written = sandbox.writeKubeconfig(kubeconfig);
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Sandbox API:  " + sandbox.url());
    out.println("Kubeconfig:   " + written);
    if (noControllers) {
      out.println("Controllers:  none (--no-controllers); start them with: machine-api run --kubeconfig " + written
          + " --provider sim   (node emulator and scheduler stand-in on)");
    } else {
      out.println("Controllers:  " + sandbox.controllerCount() + " running, cloud provider "
          + String.join(" and ", providers) + ", node emulator on");
    }
    if (options.demo()) {
      out.println("Demo:         MachineSet " + Sandbox.MACHINE_API_NAMESPACE + "/" + DemoCluster.MACHINE_SET
          + " (3 replicas)");
      out.println("Scale:        kubectl --kubeconfig " + written + " scale machineset " + DemoCluster.MACHINE_SET
          + " --replicas=6");
    }
    out.println("Try:          kubectl --kubeconfig " + written + " get machinesets -A");
    out.println("Stop with Ctrl-C (or SIGTERM).");
    out.flush();
    Console console = System.console();
    sandbox.reportProgress(console != null, console != null ? statusLine(console) : snapshot -> LOG.info(
        "Sandbox: {}", snapshot.line()));
    Shutdown.awaitSignal("sandbox", sandbox);
    return 0;
  }

  private SandboxOptions options() {
    check(port >= 0 && port <= 65535, "--port must be between 0 and 65535, got " + port);
    check(bootSeconds >= 0 && bootSeconds <= 3600, "--boot-seconds must be between 0 and 3600");
    check(bootJitter >= 0 && bootJitter <= 3600, "--boot-jitter must be between 0 and 3600");
    check(nodeDelay >= 0 && nodeDelay <= 3600, "--node-delay must be between 0 and 3600");
    check(heartbeat >= 1 && heartbeat <= 3600, "--heartbeat must be between 1 and 3600");
    check(createFailureRate >= 0 && createFailureRate <= 1, "--create-failure-rate must be between 0 and 1");
    check(throttleRate >= 0 && throttleRate <= 1, "--throttle-rate must be between 0 and 1");
    if (noControllers) {
      // The cloud belongs to the run processes; settings here would silently do nothing.
      spec.commandLine().getParseResult().matchedOptions().stream().map(o -> o.longestName())
          .filter(CLOUD_OPTIONS::contains).findFirst().ifPresent(option -> check(false, option
              + " configures the sandbox's own controllers, and --no-controllers runs none: give cloud settings to "
              + "machine-api run (e.g. --provider sim --provider-config sim.bootSeconds=3, or --provider aws "
              + "--provider-config aws.endpoint=URL)"));
    }
    for (String p : providers) {
      check(OFFERED_PROVIDERS.contains(p), "--provider " + p + ": the sandbox offers " + OFFERED_TEXT);
    }
    boolean aws = providers.contains("aws");
    check(!aws || (awsEndpoint != null && !awsEndpoint.isBlank()), "--provider aws needs --aws-endpoint URL "
        + "(moto_server or LocalStack): the sandbox never talks to real AWS");
    check(aws || awsEndpoint == null, "--aws-endpoint needs --provider aws");
    Set<String> enabled = new TreeSet<>(providers);
    enabled.add("sim");
    providerConfig.keySet().stream().filter(key -> !enabled.contains(key.substring(0, Math.max(0, key.indexOf('.')))))
        .findFirst().ifPresent(key -> check(false, "--provider-config " + key + ": the sandbox runs provider "
            + String.join(", ", enabled) + "; settings are PROVIDER.KEY=VALUE for one of them (e.g. sim.KEY=VALUE)"));
    if (aws) {
      providerConfig.put("aws.endpoint", awsEndpoint);
      providerConfig.put("aws.region", awsRegion);
      providerConfig.putIfAbsent("aws.accessKeyId", "test");
      providerConfig.putIfAbsent("aws.secretAccessKey", "test");
    }
    NodeEmulatorSettings nodes = NodeEmulatorSettings.DEFAULTS.withRegisterDelay(millis(nodeDelay))
        .withHeartbeatInterval(millis(heartbeat));
    return new SandboxOptions(port, bootSeconds, bootJitter, createFailureRate, throttleRate,
        seed == null ? OptionalLong.empty() : OptionalLong.of(seed), nodes, !noDemo, providerConfig, !noControllers,
        enabled.stream().filter(p -> !p.equals("sim") && !p.equals("aws")).collect(Collectors.toSet()));
  }

  /** Rewrites one terminal line in place: carriage return, the line, erase to its end. */
  private static Consumer<ProgressSnapshot> statusLine(Console console) {
    return snapshot -> {
      console.writer().print("\r" + snapshot.line() + "\u001b[K");
      console.flush();
    };
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  private static Duration millis(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }
}
