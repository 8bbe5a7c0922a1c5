package io.machineapi.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.machineapi.autoscaler.loop.AutoscalerLoop;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.MachineApiControllers;
import io.machineapi.controllers.drain.EvictionNodeDrainer;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Machine API controllers running in a java-operator-sdk {@link Operator} on a given client, with a given set of
 * providers. One place for the operator settings, shared by the sandbox and {@code machine-api run}.
 *
 * <p>Server-side apply is off for the primary resource and dependent matching: the embedded API server approximates
 * SSA as a merge, and OpenShift's own controllers do not use it either.
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
  private final AutoscalerLoop autoscaler;

  private ControllerStack(Operator operator, ProviderRegistry providers, int controllers, AutoscalerLoop autoscaler) {
    this.operator = operator;
    this.providers = providers;
    this.controllers = controllers;
    this.autoscaler = autoscaler;
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
    Operator operator = new Operator(o -> o
        .withKubernetesClient(client)
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withCloseClientOnStop(false));
    int controllers = MachineApiControllers.register(operator, client, providers, namespaces, clock,
        settings, new EvictionNodeDrainer(client, settings, clock), meters);
    if (controllers > 0) {
      // JOSDK refuses to start without controllers ("No Controller exists"); with none there is nothing to run.
      operator.start();
    }
    LOG.info("Running {} controller(s) with providers {} in {}", controllers, providers.enabledNames(),
        namespaces.isEmpty() ? "all namespaces" : "namespaces " + namespaces);
    AutoscalerLoop autoscaler = autoscalerInterval == null ? null : new AutoscalerLoop(client,
        namespaces.size() == 1 ? namespaces.iterator().next() : null, clock, autoscalerInterval).start();
    return new ControllerStack(operator, providers, controllers, autoscaler);
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

  /** The autoscaler loop, or null when it is off. */
  public AutoscalerLoop autoscaler() {
    return autoscaler;
  }

  @Override
  public void close() {
    if (autoscaler != null) {
      autoscaler.close();
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
