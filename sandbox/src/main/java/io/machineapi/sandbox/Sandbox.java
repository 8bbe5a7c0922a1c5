package io.machineapi.sandbox;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.apiserver.AccessRecording;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.crds.CustomResourceDefinitions;
import io.machineapi.providers.sim.SimMachineProvider;
import io.machineapi.sandbox.nodes.NodeCapacities;
import io.machineapi.providers.aws.AwsMachineProvider;
import io.machineapi.providers.openstack.OpenstackMachineProvider;
import io.machineapi.providers.vsphere.VsphereMachineProvider;
import io.machineapi.sandbox.nodes.NodeEmulator;
import io.machineapi.sandbox.scheduler.SchedulerStandIn;
import io.machineapi.sandbox.workloads.WorkloadStandIn;
import io.machineapi.spi.ProviderEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import io.machineapi.apiserver.RequestStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Machine API playground: the embedded Kubernetes API with the project's CRDs installed and namespace
 * {@value #MACHINE_API_NAMESPACE} created, the Machine API controllers running against it with the simulated cloud
 * ({@code sim} provider), the node emulator playing the kubelets, and (unless {@link SandboxOptions#demo()} is off)
 * the demo MachineSet {@value DemoCluster#MACHINE_SET}; reachable with kubectl through {@link #writeKubeconfig(Path)}.
 * Without {@link SandboxOptions#controllers()} it runs no controller and no autoscaler: the shape of a real cluster
 * for {@code machine-api run} processes started against it.
 *
 * <p>{@link #start(SandboxOptions)} returns only once every CRD is served, the API answers for the project's kinds,
 * the controllers and the emulator run and the demo is applied, so a kubeconfig written afterwards is immediately
 * usable.
 */
public final class Sandbox implements AutoCloseable {

  /** Where OpenShift keeps Machines, MachineSets and their Secrets. */
  public static final String MACHINE_API_NAMESPACE = "openshift-machine-api";

  /**
   * System property naming a directory: when set, the sandbox records every request of the controllers' client
   * (User-Agent {@value ControllerStack#USER_AGENT_PRODUCT}/..., also {@code machine-api run} processes pointed at
   * it) as an authorizer sees it, and writes the recording to a new file there when it closes (the test module's
   * RBAC check reads them).
   */
  public static final String ACCESS_RECORDING_DIR_PROPERTY = "machineapi.rbac.recording.dir";

  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  /** The autoscaler's scan interval in the sandbox (10 s in {@code machine-api run}). */
  static final Duration AUTOSCALER_INTERVAL = Duration.ofSeconds(2);
  /** How often the scheduler stand-in looks for pods without a Node and the workload stand-in for missing pods. */
  static final Duration SCHEDULER_INTERVAL = Duration.ofMillis(500);

  private final EmbeddedApiServer server;
  private final List<String> crdNames;
  private final Optional<Recording> accessRecording;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The controllers' client: the only one with the controllers' User-Agent. */
  private volatile KubernetesClient controllerClient;
  /** The client of the sandbox's stand-ins for the rest of a cluster (kubelets, scheduler, demo, progress). */
  private volatile KubernetesClient clusterClient;
  private volatile ControllerStack controllers;
  private volatile SimMachineProvider sim;
  private volatile AwsMachineProvider aws;
  private volatile OpenstackMachineProvider openstack;
  private volatile VsphereMachineProvider vsphere;
  /** The controllers' metrics; the sandbox exposes no metrics endpoint, tests and the benchmark read it. */
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private volatile NodeEmulator nodeEmulator;
  private volatile SchedulerStandIn scheduler;
  private volatile WorkloadStandIn workloads;
  private volatile SandboxWebhooks webhooks;
  private volatile SandboxProgress progress;

  /** The controllers' requests being recorded, and the directory to write them to. */
  private record Recording(AccessRecording requests, Path dir) {
  }

  private Sandbox(EmbeddedApiServer server, List<String> crdNames, Optional<Recording> accessRecording) {
    this.server = server;
    this.crdNames = crdNames;
    this.accessRecording = accessRecording;
  }

  /**
   * Starts the sandbox with {@link SandboxOptions#defaults()} on the given port, demo included.
   *
   * @param port the API port on 127.0.0.1, or 0 for a free one
   */
  public static Sandbox start(int port) {
    return start(SandboxOptions.defaults().withPort(port));
  }

  /** Starts the sandbox: API, CRDs, namespace, sim cloud, controllers, node emulator and the demo if wanted. */
  public static Sandbox start(SandboxOptions options) {
    Sandbox sandbox = startApiOnly(options.port());
    try {
      if (options.controllers()) {
        sandbox.startControllers(options);
      } else {
        // No controllers: `machine-api run` processes play them. The emulator still needs the sim instance types.
        sandbox.sim = new SimMachineProvider();
      }
      sandbox.clusterClient = sandbox.server.client();
      sandbox.nodeEmulator = NodeEmulator.start(sandbox.clusterClient, options.nodes(),
          NodeCapacities.withSimCatalog(sandbox.sim.catalog()), Clock.systemUTC());
      sandbox.scheduler = new SchedulerStandIn(sandbox.clusterClient, Clock.systemUTC()).start(SCHEDULER_INTERVAL);
      sandbox.workloads = new WorkloadStandIn(sandbox.clusterClient).start(SCHEDULER_INTERVAL);
      if (options.demo()) {
        DemoCluster.apply(sandbox.clusterClient);
        LOG.info("Demo applied: MachineSet {}/{} and Secret {}", MACHINE_API_NAMESPACE, DemoCluster.MACHINE_SET,
            DemoCluster.USER_DATA_SECRET);
      }
      return sandbox;
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  /**
   * Starts only the API with the CRDs and namespace, for tests that run controllers of their own.
   *
   * @param port the API port on 127.0.0.1, or 0 for a free one
   */
  public static Sandbox startApiOnly(int port) {
    EmbeddedApiServer server = EmbeddedApiServer.start(port);
    try {
      Optional<Recording> recording = Optional.ofNullable(System.getProperty(ACCESS_RECORDING_DIR_PROPERTY))
          .map(dir -> new Recording(server.recordAccess(ControllerStack.USER_AGENT_PRODUCT + "/"), Path.of(dir)));
      List<CustomResourceDefinition> crds = CustomResourceDefinitions.all();
      server.installCrds(crds);
      try (KubernetesClient client = server.client()) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(MACHINE_API_NAMESPACE)
            .endMetadata().build()).create();
        // Proves the API answers for a project kind end to end before anyone is told it is ready.
        client.genericKubernetesResources("machine.openshift.io/v1beta1", "MachineSet")
            .inNamespace(MACHINE_API_NAMESPACE).list();
      }
      List<String> names = crds.stream().map(crd -> crd.getMetadata().getName()).toList();
      LOG.info("Sandbox API at {} with CRDs {}", server.url(), names);
      return new Sandbox(server, names, recording);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void startControllers(SandboxOptions options) {
    controllerClient = server.client(ControllerStack.userAgent(
        Optional.ofNullable(Sandbox.class.getPackage().getImplementationVersion()).orElse("dev")));
    // Constructed here rather than found by ServiceLoader so the sandbox can read its catalogue and call counts.
    sim = new SimMachineProvider();
    List<String> enabled = new java.util.ArrayList<>(List.of(SimMachineProvider.NAME));
    AwsMachineProvider awsProvider = new AwsMachineProvider();
    if (options.providerConfiguration().containsKey("aws.endpoint")) {
      // --provider aws --aws-endpoint URL: EC2 through moto or LocalStack, never real AWS (the CLI checks that).
      aws = awsProvider;
      enabled.add(AwsMachineProvider.NAME);
    }
    OpenstackMachineProvider openstackProvider = new OpenstackMachineProvider();
    if (options.providers().contains(OpenstackMachineProvider.NAME)) {
      // --provider openstack: the cloud is whatever the clouds.yaml Secret of each providerSpec names.
      openstack = openstackProvider;
      enabled.add(OpenstackMachineProvider.NAME);
    }
    VsphereMachineProvider vsphereProvider = new VsphereMachineProvider();
    if (options.providers().contains(VsphereMachineProvider.NAME)) {
      // --provider vsphere: the vCenter each providerSpec's workspace.server names (port and TLS from vsphere.*).
      vsphere = vsphereProvider;
      enabled.add(VsphereMachineProvider.NAME);
    }
    // aws, openstack and vsphere are in the build even when not enabled: their Machines then say so
    // (ProviderNotEnabled), not "unsupported".
    List<io.machineapi.spi.MachineProvider<?>> available = List.of(sim, awsProvider, openstackProvider,
        vsphereProvider);
    ProviderRegistry providers = ProviderRegistry.of(available, enabled,
        new ProviderEnvironment(options.providerConfiguration(), Clock.systemUTC(), Optional.empty()));
    try {
      // Before the controllers, as in `machine-api run`: bad input is refused at `kubectl apply` from the start.
      webhooks = SandboxWebhooks.start(server, controllerClient, providers);
      controllers = ControllerStack.start(controllerClient, providers, Set.of(), Clock.systemUTC(),
          options.controllerSettings(), meters, AUTOSCALER_INTERVAL);
    } catch (RuntimeException e) {
      providers.close();
      throw e;
    }
  }

  /** Requests the embedded API has served, by verb and resource (write cost of the controllers). */
  public RequestStats requestStats() {
    return server.requestStats();
  }

  /** The controllers' metrics (phase transition times, health-check counters). */
  public MeterRegistry meters() {
    return meters;
  }

  /** How many controllers run in this sandbox (0 for {@link #startApiOnly}). */
  public int controllerCount() {
    return controllers == null ? 0 : controllers.controllers();
  }

  /** The aws provider when the sandbox was started with an EC2 endpoint (its request counts), else empty. */
  public Optional<AwsMachineProvider> aws() {
    return Optional.ofNullable(aws);
  }

  /** The vsphere provider when the sandbox was started with it (its request counts), else empty. */
  public Optional<VsphereMachineProvider> vsphere() {
    return Optional.ofNullable(vsphere);
  }

  /** The openstack provider when the sandbox was started with it (its request counts), else empty. */
  public Optional<OpenstackMachineProvider> openstack() {
    return Optional.ofNullable(openstack);
  }

  /**
   * The simulated cloud this sandbox runs (catalogue, call counts); empty for {@link #startApiOnly}. Without
   * controllers it only supplies the node emulator's instance types: the {@code run} processes have clouds of their own.
   */
  public Optional<SimMachineProvider> sim() {
    return Optional.ofNullable(sim);
  }

  /**
   * Starts reporting progress to {@code sink} about once a second (every snapshot, or only changed ones); stopped by
   * {@link #close()}.
   */
  public SandboxProgress reportProgress(boolean everySecond, Consumer<ProgressSnapshot> sink) {
    if (clusterClient == null) {
      // API-only sandbox: a client of its own, closed with the sandbox.
      clusterClient = server.client();
    }
    SandboxProgress started = SandboxProgress.start(clusterClient, everySecond, sink);
    progress = started;
    return started;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  /** Names of the installed CRDs. */
  public List<String> crdNames() {
    return crdNames;
  }

  /** A new client for the sandbox API (the caller closes it). */
  public KubernetesClient client() {
    return server.client();
  }

  /** A kubeconfig for the sandbox whose context namespace is {@value #MACHINE_API_NAMESPACE}. */
  public String kubeconfigYaml() {
    Config kubeconfig = Serialization.unmarshal(server.kubeconfigYaml(), Config.class);
    kubeconfig.getContexts().forEach(named -> named.getContext().setNamespace(MACHINE_API_NAMESPACE));
    return Serialization.asYaml(kubeconfig);
  }

  /**
   * Writes {@link #kubeconfigYaml()} to {@code path}, replacing it atomically (a reader never sees half a file),
   * readable by the owner only.
   */
  public Path writeKubeconfig(Path path) {
    Path target = path.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".kubeconfig-", ".tmp");
      try {
        restrictToOwner(temp);
        Files.writeString(temp, kubeconfigYaml(), StandardCharsets.UTF_8);
        try {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + target + ": " + e.getMessage(), e);
    }
    return target;
  }

  /** Stops the API. Safe to call more than once (a shutdown hook and the caller may both close). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        if (progress != null) {
          progress.close();
        }
        if (workloads != null) {
          workloads.close();
        }
        if (scheduler != null) {
          scheduler.close();
        }
        if (nodeEmulator != null) {
          nodeEmulator.close();
        }
        if (controllers != null) {
          controllers.close();
        }
        if (webhooks != null) {
          webhooks.close();
        }
        if (controllerClient != null) {
          controllerClient.close();
        }
        if (clusterClient != null) {
          clusterClient.close();
        }
        // Everything that used the controllers' client has stopped: the recording is complete.
        accessRecording.ifPresent(this::writeAccessRecording);
      } finally {
        server.close();
      }
      LOG.info("Sandbox API at {} stopped", server.url());
    }
  }

  private void writeAccessRecording(Recording recording) {
    try {
      Files.createDirectories(recording.dir());
      Path file = Files.createTempFile(recording.dir(), "sandbox-" + server.port() + "-", ".jsonl");
      recording.requests().writeTo(file);
      LOG.info("Requests of the controllers' client ({} distinct) written to {}",
          recording.requests().requests().size(), file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the access recording to " + recording.dir(), e);
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the token is a placeholder anyway, so default permissions are acceptable.
    }
  }
}
