package io.machineapi.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.api.autoscaling.v1.ClusterAutoscaler;
import io.machineapi.api.autoscaling.v1.NodeGroupStatus;
import io.machineapi.autoscaler.cluster.ClusterObjects;
import io.machineapi.autoscaler.cluster.DecisionReport;
import io.machineapi.autoscaler.cluster.SettingsReader;
import io.machineapi.autoscaler.cluster.SnapshotFile;
import io.machineapi.autoscaler.cluster.SnapshotReader;
import io.machineapi.autoscaler.core.Autoscaler;
import io.machineapi.autoscaler.core.AutoscalerState;
import io.machineapi.autoscaler.core.Backoff;
import io.machineapi.autoscaler.core.Decision;
import io.machineapi.autoscaler.core.NodeGroup;
import io.machineapi.autoscaler.loop.LiveCluster;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code machine-api autoscaler explain|plan}: the autoscaler's decision, recomputed and printed, changing nothing. */
@Command(name = "autoscaler", mixinStandardHelpOptions = true,
    description = "Show what the cluster autoscaler decides and why (read-only).",
    subcommands = {AutoscalerCommand.Explain.class, AutoscalerCommand.Plan.class, CommandLine.HelpCommand.class})
final class AutoscalerCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: explain or plan");
  }

  static String render(ClusterObjects objects, Instant now, AutoscalerState state) {
    ClusterAutoscaler ca = objects.defaultAutoscaler();
    SettingsReader.Result settings = SettingsReader.read(ca, objects.priorityConfig());
    Decision d = Autoscaler.decide(SnapshotReader.read(objects), state, settings.settings(), now, new Random(0));
    return DecisionReport.render(d, settings.settings(), settings.problems(), ca != null);
  }

  @Command(name = "explain", mixinStandardHelpOptions = true,
      description = {"Reads the live cluster (like kubectl: --kubeconfig, else KUBECONFIG, else ~/.kube/config) and "
          + "prints, per pending pod, which MachineSets could take it and why each was or was not chosen, plus "
          + "scale-down candidates. Backoffs are taken from the ClusterAutoscaler status; nothing is changed."})
  static final class Explain implements Callable<Integer> {
    @Option(names = "--kubeconfig", paramLabel = "PATH", description = "kubeconfig file.")
    Path kubeconfig;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", defaultValue = "openshift-machine-api",
        description = "Namespace of the MachineSets. Default: ${DEFAULT-VALUE}.")
    String namespace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (KubernetesClient client = ControllerRuntime.client(Optional.ofNullable(kubeconfig))) {
        ClusterObjects objects = LiveCluster.read(client, namespace);
        Instant now = Instant.now();
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(objects, now, stateFromStatus(objects.defaultAutoscaler())));
        out.flush();
      }
      return 0;
    }

    /** The backoffs the running autoscaler reported, so explain does not propose a scale-up it would not make. */
    private static AutoscalerState stateFromStatus(ClusterAutoscaler ca) {
      if (ca == null || ca.getStatus() == null || ca.getStatus().getNodeGroups() == null) {
        return AutoscalerState.EMPTY;
      }
      Map<String, Backoff> backoffs = new HashMap<>();
      for (NodeGroupStatus g : ca.getStatus().getNodeGroups()) {
        if (g.getBackoffUntil() != null) {
          try {
            Instant until = Instant.parse(g.getBackoffUntil());
            backoffs.put(NodeGroup.id(g.getNamespace(), g.getName()), new Backoff(until, Duration.ZERO, until,
                g.getBackoffReason()));
          } catch (DateTimeParseException ignored) {
            // a status written by someone else: no backoff taken from it
          }
        }
      }
      return AutoscalerState.EMPTY.withBackoffs(backoffs);
    }
  }

  @Command(name = "plan", mixinStandardHelpOptions = true,
      description = {"Dry run on a file: reads a Kubernetes List in YAML or JSON, e.g. the output of",
          "  kubectl get nodes,pods,pdb,machinesets,machines,clusterautoscalers -A -o yaml",
          "and prints the decision. Touches no cluster."})
  static final class Plan implements Callable<Integer> {
    @Option(names = "--snapshot", paramLabel = "FILE", required = true, description = "The List to plan on.")
    Path snapshot;

    @Option(names = "--at", paramLabel = "TIME", description = "Decide as of this RFC 3339 time (default: now).")
    String at;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!Files.isReadable(snapshot)) {
        throw new IllegalArgumentException("--snapshot " + snapshot + " does not exist or is not readable");
      }
      Instant now;
      try {
        now = at == null ? Instant.now() : Instant.parse(at);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("--at: not an RFC 3339 time: " + at, e);
      }
      SnapshotFile.Parsed parsed;
      try {
        parsed = SnapshotFile.parse(Files.readString(snapshot));
      } catch (java.io.IOException | RuntimeException e) {
        throw new IllegalArgumentException("--snapshot " + snapshot + ": not a Kubernetes List in YAML or JSON ("
            + e.getMessage() + ")", e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.print(render(parsed.objects(), now, AutoscalerState.EMPTY));
      if (!parsed.skippedKinds().isEmpty()) {
        out.println("\nIgnored objects: " + parsed.skippedKinds());
      }
      if (parsed.objects().machines().isEmpty() && !parsed.objects().nodes().isEmpty()) {
        out.println("No Machines in the file: Nodes are matched to MachineSets through their "
            + "machine.openshift.io/machine annotation and the MachineSet name prefix (add 'machines' to the "
            + "kubectl get for exact matching and failed-Machine handling).");
      }
      out.flush();
      return 0;
    }
  }
}
