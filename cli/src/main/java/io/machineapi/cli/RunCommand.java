package io.machineapi.cli;

import io.machineapi.controllers.admission.https.WebhookSettings;
import io.machineapi.controllers.ControllerSettings;
import io.fabric8.kubernetes.client.Config;
import io.machineapi.api.GoDuration;
import io.machineapi.sandbox.LeaderElection;
import java.io.IOException;
import java.nio.file.Files;
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
        "Several replicas elect one leader over a Lease: only the leader reconciles and autoscales, the others "
            + "stand by with synced caches and take over when it stops renewing (--leader-elect).",
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

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "8081",
      description = "Serve Prometheus metrics on http://0.0.0.0:PORT/metrics; 0 = no endpoint. Default: "
          + "${DEFAULT-VALUE}.")
  int metricsPort;

  @Option(names = "--health-port", paramLabel = "PORT", defaultValue = "9440",
      description = "Serve the probes http://0.0.0.0:PORT/healthz (liveness: 200 while the controllers start or run) "
          + "and /readyz (readiness: 200 once the informers have synced, on the leader and on a standby; 503 with the "
          + "reason before); 0 = no endpoint. Default: ${DEFAULT-VALUE}.")
  int healthPort;

  @Option(names = "--leader-elect", paramLabel = "BOOLEAN", arity = "0..1", defaultValue = "true",
      fallbackValue = "true",
      description = "Take part in a leader election over a coordination.k8s.io/v1 Lease, so that of several replicas "
          + "only one reconciles and autoscales; a leader that cannot renew exits (its Pod restarts as a standby). "
          + "--leader-elect=false: reconcile at once, alone. Default: ${DEFAULT-VALUE}.")
  boolean leaderElect;

  @Option(names = "--leader-election-namespace", paramLabel = "NAMESPACE",
      description = "Namespace of the Lease. Default: the Pod's namespace in a cluster (POD_NAMESPACE, else the "
          + "service account's namespace), else " + DEFAULT_LEASE_NAMESPACE + ".")
  String leaderElectionNamespace;

  @Option(names = "--leader-election-id", paramLabel = "NAME", defaultValue = LeaderElection.DEFAULT_LEASE_NAME,
      description = "Name of the Lease. Default: ${DEFAULT-VALUE}.")
  String leaderElectionId;

  // The timings' defaults are controller-runtime's (and kube-controller-manager's).
  @Option(names = "--leader-elect-lease-duration", paramLabel = "DURATION", defaultValue = "15s",
      description = "How long the Lease holds after its last renewal: a standby takes over at most this long after "
          + "the leader stopped renewing. Default: ${DEFAULT-VALUE}.")
  String leaseDuration;

  @Option(names = "--leader-elect-renew-deadline", paramLabel = "DURATION", defaultValue = "10s",
      description = "How long the leader keeps trying to renew before it gives up leading; shorter than the lease "
          + "duration. Default: ${DEFAULT-VALUE}.")
  String renewDeadline;

  @Option(names = "--leader-elect-retry-period", paramLabel = "DURATION", defaultValue = "2s",
      description = "How often a standby tries to acquire the Lease and the leader renews it; shorter than the "
          + "renew deadline. Default: ${DEFAULT-VALUE}.")
  String retryPeriod;

  @Option(names = "--autoscaler-scan-interval", paramLabel = "DURATION", defaultValue = "10s",
      description = "How often the cluster autoscaler runs a pass (it acts only while ClusterAutoscaler 'default' "
          + "exists); 0 = no autoscaler. Default: ${DEFAULT-VALUE}.")
  String autoscalerScanInterval;

  @Option(names = "--webhook-port", paramLabel = "PORT", defaultValue = "9443",
      description = "Serve the admission webhooks (validation and defaults of Machines, MachineSets, "
          + "ClusterAutoscalers, MachineAutoscalers) on https://0.0.0.0:PORT; 0 = no webhooks. Default: "
          + "${DEFAULT-VALUE}.")
  int webhookPort;

  @Option(names = "--webhook-cert-dir", paramLabel = "DIR", defaultValue = "/tmp/k8s-webhook-server/serving-certs",
      description = "Directory of the webhook server's tls.crt and tls.key (PEM). When it holds neither, a "
          + "self-signed CA and a certificate for the --webhook-service are generated there and the CA is added to "
          + "the caBundle of the --webhook-configuration. Default: ${DEFAULT-VALUE}.")
  Path webhookCertDir;

  @Option(names = "--webhook-service", paramLabel = "NAME", defaultValue = "machine-api-webhook",
      description = "Service in front of the webhook server, in the Pod's namespace: the generated certificate is "
          + "for NAME.NAMESPACE.svc. Default: ${DEFAULT-VALUE}.")
  String webhookService;

  @Option(names = "--webhook-configuration", paramLabel = "NAME", defaultValue = "machine-api",
      description = "Name of the ValidatingWebhookConfiguration and the MutatingWebhookConfiguration whose caBundle "
          + "gets the generated CA (nothing else of them is changed). Default: ${DEFAULT-VALUE}.")
  String webhookConfiguration;

  @Option(names = "--cluster-id", paramLabel = "ID",
      description = "The cluster's infrastructure id: the mutating webhooks give it to Machines and MachineSets "
          + "created without label machine.openshift.io/cluster-api-cluster. Without it the label is not defaulted "
          + "and such objects are admitted with a warning (the Machine controller does not act on a Machine "
          + "without the label).")
  String clusterId;

  @Override
  public Integer call() throws Exception {
    ControllerRuntime runtime = ControllerRuntime.start(options());
    Shutdown.awaitSignal("controllers", runtime);
    return 0;
  }

  ControllerRuntime.Options options() {
    port("--metrics-port", metricsPort);
    port("--health-port", healthPort);
    port("--webhook-port", webhookPort);
    ControllerSettings settings = new ControllerSettings(machineSetMaxInFlight, duration("--drain-timeout",
        drainTimeout), duration("--node-deletion-timeout", nodeDeletionTimeout),
        ControllerSettings.defaults().unreachableNodeGracePeriod());
    return new ControllerRuntime.Options(Optional.ofNullable(kubeconfig), new LinkedHashSet<>(namespaces),
        List.copyOf(providers), Map.copyOf(providerConfig), settings, metricsPort, autoscalerInterval(), healthPort,
        leaderElection(System.getenv("POD_NAMESPACE"), Path.of(Config.KUBERNETES_NAMESPACE_PATH)),
        webhooks(System.getenv("POD_NAMESPACE"), Path.of(Config.KUBERNETES_NAMESPACE_PATH)));
  }

  /** The webhook settings, or null with --webhook-port=0. */
  WebhookSettings webhooks(String podNamespace, Path serviceAccountNamespace) {
    if (webhookPort == 0) {
      return null;
    }
    if (webhookService.isBlank() || webhookConfiguration.isBlank()) {
      throw new IllegalArgumentException("--webhook-service and --webhook-configuration must not be empty");
    }
    return new WebhookSettings(webhookPort, webhookCertDir, webhookService,
        defaultLeaseNamespace(podNamespace, serviceAccountNamespace), webhookConfiguration,
        Optional.ofNullable(clusterId).map(String::trim).filter(id -> !id.isEmpty()));
  }

  /** Namespace of the Lease when neither --leader-election-namespace nor the Pod's namespace is known. */
  static final String DEFAULT_LEASE_NAMESPACE = "openshift-machine-api";

  private static void port(String option, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(option + " must be 0..65535, got " + port);
    }
  }

  /**
   * The election settings, or null with --leader-elect=false; the process exits when it loses the Lease.
   *
   * @param podNamespace the POD_NAMESPACE environment variable (may be null)
   * @param serviceAccountNamespace the service account's namespace file (read when it exists)
   */
  LeaderElection.Settings leaderElection(String podNamespace, Path serviceAccountNamespace) {
    if (!leaderElect) {
      return null;
    }
    Duration lease = positive("--leader-elect-lease-duration", leaseDuration);
    Duration renew = positive("--leader-elect-renew-deadline", renewDeadline);
    Duration retry = positive("--leader-elect-retry-period", retryPeriod);
    if (renew.compareTo(lease) >= 0) {
      throw new IllegalArgumentException("--leader-elect-renew-deadline (" + renewDeadline + ") must be shorter than "
          + "--leader-elect-lease-duration (" + leaseDuration + ")");
    }
    if (retry.compareTo(renew) >= 0) {
      throw new IllegalArgumentException("--leader-elect-retry-period (" + retryPeriod + ") must be shorter than "
          + "--leader-elect-renew-deadline (" + renewDeadline + ")");
    }
    if (leaderElectionId.isBlank()) {
      throw new IllegalArgumentException("--leader-election-id must not be empty");
    }
    String namespace = leaderElectionNamespace != null ? leaderElectionNamespace
        : defaultLeaseNamespace(podNamespace, serviceAccountNamespace);
    return new LeaderElection.Settings(namespace, leaderElectionId, LeaderElection.newIdentity(), lease, renew, retry,
        true);
  }

  /** POD_NAMESPACE, else the service account's namespace file, else {@value #DEFAULT_LEASE_NAMESPACE}. */
  static String defaultLeaseNamespace(String podNamespace, Path serviceAccountNamespace) {
    if (podNamespace != null && !podNamespace.isBlank()) {
      return podNamespace.trim();
    }
    if (Files.isReadable(serviceAccountNamespace)) {
      try {
        String namespace = Files.readString(serviceAccountNamespace).trim();
        if (!namespace.isEmpty()) {
          return namespace;
        }
      } catch (IOException e) {
        // unreadable after all: fall through to the default
      }
    }
    return DEFAULT_LEASE_NAMESPACE;
  }

  private static Duration positive(String option, String value) {
    Duration d = duration(option, value);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(option + " must be positive, got " + value);
    }
    return d;
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
