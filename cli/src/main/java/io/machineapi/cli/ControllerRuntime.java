package io.machineapi.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.machineapi.controllers.ControllerSettings;
import io.machineapi.controllers.admission.https.WebhookEndpoint;
import io.machineapi.controllers.admission.https.WebhookSettings;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.sandbox.ControllerStack;
import io.machineapi.sandbox.LeaderElection;
import io.machineapi.spi.ProviderEnvironment;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code machine-api run} starts, in order: the enabled providers, a Kubernetes client (JDK HTTP client), a
 * connectivity check, the admission webhooks (unless off), the health probes, the controllers
 * ({@link ControllerStack}, in a leader election unless it is off) and the metrics endpoint. Closing stops them in
 * reverse order.
 */
final class ControllerRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControllerRuntime.class);
  private static final String MACHINE_CRD = "machines.machine.openshift.io";

  /**
   * Settings of one run.
   *
   * @param kubeconfig explicit kubeconfig file; empty = KUBECONFIG, ~/.kube/config or in-cluster
   * @param namespaces namespaces to watch; empty = all
   * @param providers provider names to enable; empty = all found
   * @param providerConfig provider settings {@code <provider>.<key>=value}
   * @param settings controller settings
   * @param metricsPort port of the Prometheus {@code /metrics} endpoint; 0 = no endpoint
   * @param autoscalerInterval how often the autoscaler runs a pass; null = no autoscaler
   * @param healthPort port of the {@code /healthz} and {@code /readyz} probes; 0 = no endpoint
   * @param leaderElection the leader election to take part in; null = none (this process always reconciles)
   * @param webhooks the admission webhook server; null = none
   */
  record Options(Optional<Path> kubeconfig, Set<String> namespaces, List<String> providers,
      Map<String, String> providerConfig, ControllerSettings settings, int metricsPort,
      java.time.Duration autoscalerInterval, int healthPort, LeaderElection.Settings leaderElection,
      WebhookSettings webhooks) {

    Options(Optional<Path> kubeconfig, Set<String> namespaces, List<String> providers,
        Map<String, String> providerConfig, ControllerSettings settings, int metricsPort,
        java.time.Duration autoscalerInterval, int healthPort, LeaderElection.Settings leaderElection) {
      this(kubeconfig, namespaces, providers, providerConfig, settings, metricsPort, autoscalerInterval, healthPort,
          leaderElection, null);
    }

    Options(Optional<Path> kubeconfig, Set<String> namespaces, List<String> providers,
        Map<String, String> providerConfig) {
      this(kubeconfig, namespaces, providers, providerConfig, ControllerSettings.defaults(), 0,
          ControllerStack.DEFAULT_AUTOSCALER_INTERVAL, 0, null);
    }
  }

  private final ControllerStack controllers;
  private final KubernetesClient client;
  private final PrometheusMeterRegistry meters;
  private final HttpEndpoint metrics;
  private final HttpEndpoint health;
  private final JvmGcMetrics gcMetrics;
  private final WebhookEndpoint webhooks;

  private ControllerRuntime(ControllerStack controllers, KubernetesClient client, PrometheusMeterRegistry meters,
      HttpEndpoint metrics, HttpEndpoint health, JvmGcMetrics gcMetrics, WebhookEndpoint webhooks) {
    this.webhooks = webhooks;
    this.controllers = controllers;
    this.client = client;
    this.meters = meters;
    this.metrics = metrics;
    this.health = health;
    this.gcMetrics = gcMetrics;
  }

  static ControllerRuntime start(Options options) {
    // Providers first: a bad --provider is reported before anything touches the network.
    ProviderRegistry providers = ProviderRegistry.load(options.providers(),
        new ProviderEnvironment(options.providerConfig(), Clock.systemUTC(), Optional.empty()));
    KubernetesClient client = null;
    HttpEndpoint health = null;
    WebhookEndpoint webhooks = null;
    try {
      client = client(options.kubeconfig());
      checkConnection(client);
      if (options.webhooks() != null) {
        // Before the controllers: the API server may call the webhooks as soon as their configurations exist.
        webhooks = WebhookEndpoint.start(options.webhooks(), providers, client);
      }
      AtomicReference<ControllerStack> started = new AtomicReference<>();
      if (options.healthPort() > 0) {
        health = HttpEndpoint.start(options.healthPort(), "health probes", Map.of(
            "/healthz", () -> liveness(started.get()), "/readyz", () -> readiness(started.get())));
        LOG.info("Health probes at http://0.0.0.0:{} (/healthz, /readyz)", health.port());
      }
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      JvmGcMetrics gcMetrics = ProcessMetrics.bind(meters, BuildInfo.load());
      ControllerStack controllers = ControllerStack.start(client, providers, options.namespaces(), Clock.systemUTC(),
          options.settings(), meters, options.autoscalerInterval(), options.leaderElection());
      started.set(controllers);
      HttpEndpoint metrics = null;
      if (options.metricsPort() > 0) {
        metrics = HttpEndpoint.start(options.metricsPort(), "metrics", Map.of("/metrics", () -> new HttpEndpoint
            .Response(200, "text/plain; version=0.0.4; charset=utf-8", meters.scrape())));
        LOG.info("Metrics at http://0.0.0.0:{}/metrics", metrics.port());
      }
      return new ControllerRuntime(controllers, client, meters, metrics, health, gcMetrics, webhooks);
    } catch (RuntimeException e) {
      if (webhooks != null) {
        webhooks.close();
      }
      if (health != null) {
        health.close();
      }
      if (client != null) {
        client.close();
      }
      providers.close();
      throw e;
    }
  }

  ProviderRegistry providers() {
    return controllers.providers();
  }

  int controllerCount() {
    return controllers.controllers();
  }

  /** Whether this process reconciles (holds the Lease, or takes part in no election). */
  boolean leading() {
    return controllers.leading();
  }

  /** Whether the autoscaler runs here (it runs on the leader only). */
  boolean autoscaling() {
    return controllers.autoscaler() != null;
  }

  /** Port of the admission webhooks (0 when they are off). */
  int webhookPort() {
    return webhooks == null ? 0 : webhooks.port();
  }

  /** Port of the health probes (0 when they are off). */
  int healthPort() {
    return health == null ? 0 : health.port();
  }

  /**
   * {@code /healthz}: 200 while the controllers start or run (on the leader and on a standby), 503 once they have
   * stopped. Starting is bounded: the operator fails its start when the informers do not sync in time.
   */
  static HttpEndpoint.Response liveness(ControllerStack controllers) {
    return controllers == null || controllers.running() ? HttpEndpoint.Response.text(200, "ok")
        : HttpEndpoint.Response.text(503, "controllers stopped");
  }

  /** {@code /readyz}: 200 once the informers have synced and while they are healthy (a standby too), else 503. */
  static HttpEndpoint.Response readiness(ControllerStack controllers) {
    if (controllers == null) {
      return HttpEndpoint.Response.text(503, "starting: informers not synced yet");
    }
    return controllers.problem().map(p -> HttpEndpoint.Response.text(503, p))
        .orElseGet(() -> HttpEndpoint.Response.text(200, "ok"));
  }

  KubernetesClient client() {
    return client;
  }

  /**
   * Retries of one request inside the client (100 ms, then 200 ms). fabric8's default of 10 doubling retries could
   * hold a reconcile thread for minutes against a dead API server; the controllers retry a failed reconcile
   * themselves, forever with backoff, so each call stays bounded: about three request timeouts (10 s each).
   */
  static final int REQUEST_RETRIES = 2;

  /**
   * A client configured like kubectl: {@code kubeconfig}, else KUBECONFIG, ~/.kube/config or in-cluster; it
   * identifies itself as the controllers ({@link ControllerStack#userAgent(String)}).
   */
  static KubernetesClient client(Optional<Path> kubeconfig) {
    Config config = new ConfigBuilder(clientConfig(kubeconfig)).withRequestRetryBackoffLimit(REQUEST_RETRIES)
        .withUserAgent(ControllerStack.userAgent(BuildInfo.load().version())).build();
    return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
  }

  private static Config clientConfig(Optional<Path> kubeconfig) {
    if (kubeconfig.isEmpty()) {
      return Config.autoConfigure(null);
    }
    Path path = kubeconfig.get();
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException("kubeconfig " + path + " does not exist or is not readable");
    }
    return Config.fromKubeconfig(path.toFile());
  }

  private static void checkConnection(KubernetesClient client) {
    String url = String.valueOf(client.getMasterUrl());
    VersionInfo version;
    // One attempt, no retries: at startup an unreachable API is a configuration problem to report at once (fabric8
    // would otherwise retry); the controllers' own client retries REQUEST_RETRIES times.
    Config probeConfig = new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
    try (KubernetesClient probe = new KubernetesClientBuilder().withConfig(probeConfig)
        .withHttpClientFactory(new JdkHttpClientFactory()).build()) {
      version = probe.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      throw new IllegalStateException("Cannot reach the Kubernetes API at " + url + ": " + rootMessage(e), e);
    }
    LOG.info("Connected to {} (Kubernetes {})", url, version == null ? "unknown version" : version.getGitVersion());
    try {
      if (client.apiextensions().v1().customResourceDefinitions().withName(MACHINE_CRD).get() == null) {
        LOG.warn("CRD {} is not installed: apply manifests/crds/ before creating Machines", MACHINE_CRD);
      }
    } catch (KubernetesClientException e) {
      // Reading CRDs needs cluster-scoped RBAC the controller may not have; the check is only a courtesy.
      LOG.debug("Cannot check for CRD {}: {}", MACHINE_CRD, e.getMessage());
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }

  /** The controllers' metrics. */
  PrometheusMeterRegistry meters() {
    return meters;
  }

  @Override
  public void close() {
    try {
      if (metrics != null) {
        metrics.close();
      }
      controllers.close();
    } finally {
      if (health != null) {
        health.close();
      }
      if (webhooks != null) {
        webhooks.close();
      }
      client.close();
      gcMetrics.close();
    }
  }
}
