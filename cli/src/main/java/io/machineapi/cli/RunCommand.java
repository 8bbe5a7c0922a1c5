package io.machineapi.cli;

import java.nio.file.Path;
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
@Command(name = "run",
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

  @Option(names = "--provider", paramLabel = "NAME", split = ",",
      description = "Provider(s) to enable (aws, vsphere, openstack, baremetal, sim); repeat or separate with "
          + "commas. Default: every provider in this build. An unknown name is an error listing the available ones.")
  List<String> providers = new ArrayList<>();

  @Option(names = "--provider-config", paramLabel = "PROVIDER.KEY=VALUE",
      description = "A provider setting, e.g. aws.endpoint=http://127.0.0.1:5000 or sim.shutdownSeconds=1; "
          + "repeatable.")
  Map<String, String> providerConfig = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    ControllerRuntime runtime = ControllerRuntime.start(options());
    Shutdown.awaitSignal("controllers", runtime);
    return 0;
  }

  ControllerRuntime.Options options() {
    return new ControllerRuntime.Options(Optional.ofNullable(kubeconfig), new LinkedHashSet<>(namespaces),
        List.copyOf(providers), Map.copyOf(providerConfig));
  }
}
