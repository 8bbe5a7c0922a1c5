package io.machineapi.cli;

import io.machineapi.sandbox.Sandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code machine-api sandbox}: a local Kubernetes API with the Machine API CRDs, for kubectl and experiments. */
@Command(name = "sandbox",
    description = {
        "Start a local Kubernetes API (embedded, in this process) with the Machine API CRDs installed and namespace "
            + "openshift-machine-api created, run the controllers against it with the simulated cloud (provider "
            + "sim), write a kubeconfig for it, and run until Ctrl-C or SIGTERM.",
        "The kubeconfig is written only once the API is ready. Works without a terminal: "
            + "machine-api sandbox </dev/null &"})
final class SandboxCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--kubeconfig", paramLabel = "PATH", defaultValue = "sandbox.kubeconfig",
      description = "Where to write the kubeconfig (overwritten). Default: ${DEFAULT-VALUE} in the current directory.")
  Path kubeconfig;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "Port of the API on 127.0.0.1. Default: a free port.")
  int port;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, got " + port);
    }
    Sandbox sandbox = Sandbox.start(port);
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
    out.println("Controllers:  " + sandbox.controllerCount() + " running, cloud provider sim (simulated)");
    out.println("Try:          kubectl --kubeconfig " + written + " get machinesets -A");
    out.println("Stop with Ctrl-C (or SIGTERM).");
    out.flush();
    Shutdown.awaitSignal("sandbox", sandbox);
    return 0;
  }
}
