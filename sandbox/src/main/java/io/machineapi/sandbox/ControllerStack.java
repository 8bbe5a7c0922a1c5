package io.machineapi.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.machineapi.autoscaler.loop.AutoscalerLoop;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.MachineApiControllers;
import io.machineapi.controllers.drain.EvictionNodeDrainer;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Machine API controllers running in a java-operator-sdk {@link Operator} on a given client, with a given set of
 * providers. One place for the operator settings, shared by the sandbox and {@code machine-api run}.
 *
 * <p>With a {@link LeaderElection} every replica starts the informers, but only the one holding the Lease reconciles
 * (java-operator-sdk starts event processing on election) and runs the autoscaler (started here on election). The
 * controllers' other background writers (Event recorder, MachineHealthCheck remediations, MachineSet and provider
 * call pools) are only fed by reconciles. Without one (the sandbox) this process is always the leader.
 *
 * <p>Server-side apply is off for the primary resource and dependent matching: the embedded API server approximates
 * SSA as a merge, and OpenShift's own controllers do not use it either.
 *
 * <p>java-operator-sdk reports each controller's reconciles to the given meters (per resource kind and controller,
 * never per resource, so the series stay few).
 */
public final class ControllerStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerStack.class);

  /**
   * First part of the User-Agent of the controllers' Kubernetes client ({@link #userAgent(String)}), by which the
   * API server's audit log, and the sandbox's RBAC recording, tell the controllers' requests from anyone else's.
   */
  public static final String USER_AGENT_PRODUCT = "machine-api-controllers";

  /** How often the autoscaler runs a pass unless told otherwise (cluster-autoscaler's --scan-interval). */
  public static final Duration DEFAULT_AUTOSCALER_INTERVAL = Duration.ofSeconds(10);

  private final Operator operator;
  private final ProviderRegistry providers;
  private final int controllers;
  private final Supplier<AutoscalerLoop> autoscalerFactory;
  private final LeaderElection election;
  private AutoscalerLoop autoscaler;
  private boolean closed;

  private ControllerStack(Operator operator, ProviderRegistry providers, int controllers,
      Supplier<AutoscalerLoop> autoscalerFactory, LeaderElection election) {
    this.operator = operator;
    this.providers = providers;
    this.controllers = controllers;
    this.autoscalerFactory = autoscalerFactory;
    this.election = election;
  }

  /**
   * Registers every controller and starts the operator. The caller keeps ownership of {@code client} and
   * {@code providers} until {@link #close()}, which closes the providers but not the client.
   *
   * @param namespaces namespaces to watch; empty = all
   * @param settings controller settings (MachineSet in-flight bound, drain and node-deletion timeouts)
   * @param meters where the controllers' metrics go
   * @param autoscalerInterval how often the autoscaler runs a pass (it acts only while ClusterAutoscaler
   *     {@code default} exists); null = no autoscaler
   */
  public static ControllerStack start(KubernetesClient client, ProviderRegistry providers, Set<String> namespaces,
      Clock clock, ControllerSettings settings, MeterRegistry meters, Duration autoscalerInterval) {
    return start(client, providers, namespaces, clock, settings, meters, autoscalerInterval, null);
  }

  /**
   * {@link #start(KubernetesClient, ProviderRegistry, Set, Clock, ControllerSettings, MeterRegistry, Duration)}
   * with a leader election.
   *
   * @param leaderElection the election to take part in; null = none, this process always reconciles
   */
  public static ControllerStack start(KubernetesClient client, ProviderRegistry providers, Set<String> namespaces,
      Clock clock, ControllerSettings settings, MeterRegistry meters, Duration autoscalerInterval,
      LeaderElection.Settings leaderElection) {
    LeaderElection election = leaderElection == null ? null : new LeaderElection(leaderElection);
    Operator operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withLeaderElectionConfiguration(election == null ? null : election.configuration())
        .withCloseClientOnStop(false)
        .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(meters)));
    int controllers = MachineApiControllers.register(operator, client, providers, namespaces, clock,
        settings, new EvictionNodeDrainer(client, settings, clock), meters);
    ControllerStack stack = new ControllerStack(operator, providers, controllers, autoscalerInterval == null ? null
        : () -> new AutoscalerLoop(client, namespaces.size() == 1 ? namespaces.iterator().next() : null, clock,
            autoscalerInterval).start(), election);
    if (election != null) {
      election.bind(stack::startAutoscaler, stack::close);
      election.logStart();
    }
    if (controllers > 0) {
      // JOSDK refuses to start without controllers ("No Controller exists"); with none there is nothing to run.
      operator.start();
    }
    LOG.info("Running {} controller(s) with providers {} in {}", controllers, providers.enabledNames(),
        namespaces.isEmpty() ? "all namespaces" : "namespaces " + namespaces);
    if (election == null) {
      stack.startAutoscaler();
    }
    return stack;
  }

  private void startAutoscaler() {
    synchronized (this) {
      if (autoscalerFactory != null && autoscaler == null && !closed) {
        autoscaler = autoscalerFactory.get();
      }
    }
  }

  /** Whether this process reconciles: it holds the Lease, or takes part in no election. */
  public boolean leading() {
    return election == null || election.leading();
  }

  /** Whether the operator has started (its informers have synced) and not stopped; a standby runs too. */
  public boolean running() {
    synchronized (this) {
      if (closed) {
        return false;
      }
    }
    return controllers == 0 || operator.getRuntimeInfo().isStarted();
  }

  /**
   * Why the controllers are not running normally, or empty when they are: not running, or informers not healthy
   * (not watching). A standby with synced caches runs normally.
   */
  public Optional<String> problem() {
    if (!running()) {
      return Optional.of("controllers not running");
    }
    if (controllers == 0) {
      return Optional.empty();
    }
    String unhealthy = operator.getRuntimeInfo().unhealthyEventSources().entrySet().stream()
        .filter(e -> !e.getValue().isEmpty()).map(e -> e.getKey() + " " + e.getValue().keySet())
        .collect(Collectors.joining(", "));
    return unhealthy.isEmpty() ? Optional.empty() : Optional.of("event sources not healthy: " + unhealthy);
  }

  /** {@code machine-api-controllers/<version>}: the User-Agent to set on the client given to {@link #start}. */
  public static String userAgent(String version) {
    return USER_AGENT_PRODUCT + "/" + version;
  }

  /** How many controllers run. */
  public int controllers() {
    return controllers;
  }

  public ProviderRegistry providers() {
    return providers;
  }

  /** The autoscaler loop, or null when it is off, this process is not (yet) the leader, or the stack is closed. */
  public synchronized AutoscalerLoop autoscaler() {
    return autoscaler;
  }

  /** Stops the autoscaler, the operator and the providers; later calls do nothing. */
  @Override
  public void close() {
    AutoscalerLoop loop;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      loop = autoscaler;
      autoscaler = null;
    }
    if (election != null) {
      election.closing();
    }
    if (loop != null) {
      loop.close();
    }
    try {
      if (controllers > 0) {
        operator.stop();
      }
    } finally {
      providers.close();
    }
  }
}
