package io.machineapi.cli;

import io.machineapi.controllers.ControllerSettings;
import io.machineapi.api.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code machine-api run}: the controllers against a real (or sandbox) cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
        "Run the Machine API controllers against the cluster of the current kubeconfig (KUBECONFIG, "
            + "~/.kube/config) or, inside a Pod, the in-cluster service account.",
        "Runs until Ctrl-C or SIGTERM."})
final class RunCommand implements Callable<Integer> {

  @Option(names = "--kubeconfig", paramLabel = "PATH",
      description = "Kubeconfig file to use instead of KUBECONFIG / ~/.kube/config / in-cluster configuration.")
  Path kubeconfig;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", split = ",",
      description = "Namespace(s) to watch; repeat or separate with commas. Default: all namespaces.")
  List<String> namespaces = new ArrayList<>();

  @Option(names = "--provider", paramLabel = "NAME", split = ",", completionCandidates = ProviderNames.class,
      description = "Provider(s) to enable: ${COMPLETION-CANDIDATES} (the providers in this build); repeat or "
          + "separate with commas. Default: all of them. An unknown name is an error listing the available ones.")
  List<String> providers = new ArrayList<>();

  @Option(names = "--provider-config", paramLabel = "PROVIDER.KEY=VALUE",
      description = "A provider setting, e.g. aws.endpoint=http://127.0.0.1:5000 or sim.shutdownSeconds=1; "
          + "repeatable.")
  Map<String, String> providerConfig = new LinkedHashMap<>();

  @Option(names = "--machineset-max-in-flight", paramLabel = "N", defaultValue = "100",
      description = "Machine creates or deletes in flight at once across MachineSets. Default: ${DEFAULT-VALUE}.")
  int machineSetMaxInFlight;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "0",
      description = "Give up draining a deleted Machine's Node after this long (Go duration, e.g. 10m) and delete "
          + "the instance anyway; 0 = drain until it succeeds (OpenShift's behaviour). Default: ${DEFAULT-VALUE}.")
  String drainTimeout;

  @Option(names = "--node-deletion-timeout", paramLabel = "DURATION", defaultValue = "10s",
      description = "Retry deleting a deleted Machine's Node object this long, then remove the finalizer anyway; "
          + "0 = retry forever. Default: ${DEFAULT-VALUE}.")
  String nodeDeletionTimeout;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
      description = "Serve Prometheus metrics on http://0.0.0.0:PORT/metrics; 0 = no endpoint. Default: "
          + "${DEFAULT-VALUE}.")
  int metricsPort;

  @Option(names = "--autoscaler-scan-interval", paramLabel = "DURATION", defaultValue = "10s",
      description = "How often the cluster autoscaler runs a pass (it acts only while ClusterAutoscaler 'default' "
          + "exists); 0 = no autoscaler. Default: ${DEFAULT-VALUE}.")
  String autoscalerScanInterval;

  @Override
  public Integer call() throws Exception {
    ControllerRuntime runtime = ControllerRuntime.start(options());
    Shutdown.awaitSignal("controllers", runtime);
    return 0;
  }

  ControllerRuntime.Options options() {
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new IllegalArgumentException("--metrics-port must be 0..65535, got " + metricsPort);
    }
    ControllerSettings settings = new ControllerSettings(machineSetMaxInFlight, duration("--drain-timeout",
        drainTimeout), duration("--node-deletion-timeout", nodeDeletionTimeout),
        ControllerSettings.defaults().unreachableNodeGracePeriod());
    return new ControllerRuntime.Options(Optional.ofNullable(kubeconfig), new LinkedHashSet<>(namespaces),
        List.copyOf(providers), Map.copyOf(providerConfig), settings, metricsPort, autoscalerInterval());
  }

  private java.time.Duration autoscalerInterval() {
    java.time.Duration d = duration("--autoscaler-scan-interval", autoscalerScanInterval);
    return d.isZero() ? null : d;
  }

  private static Duration duration(String option, String value) {
    try {
      return GoDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }
}
