package io.machineapi.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An embedded Kubernetes API server for tests and the local sandbox: fabric8's {@code KubernetesMockServer} in CRUD
 * mode behind the project's {@link ApiDispatcher}, which adds discovery, OpenAPI, server-side tables, {@code /scale},
 * RFC-conformant and strategic patches, status-write semantics, schema admission of custom resources, set-based and
 * field selectors, pod eviction with PodDisruptionBudgets, ownerReference garbage collection and the namespace
 * lifecycle (see the module's README for the differences from a real server that remain).
 *
 * <p>Plain http on 127.0.0.1; any bearer token is accepted. CRDs are installed at runtime; nothing about any custom
 * kind is built in.
 */
public final class EmbeddedApiServer implements AutoCloseable {

  /** Kept strongly reachable: java.util.logging holds loggers weakly, and a collected one loses its level. */
  private static final Logger MOCK_WEB_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());
  private static final Duration CRD_WAIT = Duration.ofSeconds(10);
  private static final Duration GC_SAFETY_SWEEP = Duration.ofSeconds(5);

  private final MockWebServer webServer;
  private final KubernetesMockServer server;
  private final ApiDispatcher dispatcher;
  private final Thread requestDrain;
  private final String url;
  private final int port;

  private EmbeddedApiServer(int requestedPort) {
    MOCK_WEB_SERVER_LOG.setLevel(Level.WARNING);
    InetAddress loopback = loopback();
    webServer = new MockWebServer();
    // JDK HttpClient probes with "Upgrade: h2c"; accepting it makes large responses unreliable.
    webServer.setHttp2ClearTextEnabled(false);
    IndexedCrudDispatcher crud = new IndexedCrudDispatcher();
    AddressHolder address = new AddressHolder();
    dispatcher = new ApiDispatcher(crud, address, new SchemaAdmission(), Clock.systemUTC(), GC_SAFETY_SWEEP);
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), webServer, new HashMap<>(),
        dispatcher, false);
    server.start(loopback, requestedPort);
    port = server.getPort();
    url = "http://127.0.0.1:" + port;
    address.set("127.0.0.1:" + port);
    dispatcher.start();
    requestDrain = new Thread(this::drainRecordedRequests, "apiserver-request-drain-" + port);
    requestDrain.setDaemon(true);
    requestDrain.start();
  }

  /**
   * Starts a server on 127.0.0.1.
   *
   * @param port the port, or 0 for a free one
   */
  public static EmbeddedApiServer start(int port) {
    EmbeddedApiServer server = new EmbeddedApiServer(port);
    try (KubernetesClient client = server.client()) {
      for (String namespace : Namespaces.INITIAL) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
            .build()).create();
      }
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** What this server has served so far (successful requests by verb and resource). */
  public RequestStats requestStats() {
    return dispatcher.stats();
  }

  /**
   * Starts recording, from now on, every request whose User-Agent starts with {@code userAgentPrefix}, as an
   * authorizer would see it (tests proving RBAC rules).
   */
  public AccessRecording recordAccess(String userAgentPrefix) {
    return dispatcher.record(userAgentPrefix);
  }

  /** Failures this server answers on purpose (tests only; none unless added). */
  public Faults faults() {
    return dispatcher.faults();
  }

  /**
   * Where admission webhooks that name service {@code namespace/name} in their {@code clientConfig} are called:
   * {@code https://<hostPort><path>} instead of {@code https://<name>.<namespace>.svc:<port><path>} (this server has
   * no cluster network). The webhook's certificate must still name {@code <name>.<namespace>.svc}. Without an
   * address such a call fails (and the webhook's failurePolicy applies).
   *
   * @param hostPort e.g. {@code 127.0.0.1:9443}
   */
  public void webhookServiceAddress(String namespace, String name, String hostPort) {
    dispatcher.webhooks().serviceAddress(namespace, name, hostPort);
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return url;
  }

  public int port() {
    return port;
  }

  /**
   * The object stored at a main-resource path such as {@code /api/v1/namespaces/ns/secrets/name}, read in process:
   * no HTTP, no admission, no access recording. For components living in this process that this server waits on
   * (the sandbox's admission webhooks): this server serves one request at a time, so a webhook it is calling cannot
   * call it back over HTTP.
   */
  public Optional<JsonNode> read(String objectPath) {
    return dispatcher.read(objectPath).map(JsonNode::deepCopy);
  }

  /** A new client (the caller closes it) on the JDK HTTP client, namespace {@code default}. */
  public KubernetesClient client() {
    return client(null);
  }

  /** Like {@link #client()}, sending {@code userAgent} as User-Agent (null: fabric8's own). */
  public KubernetesClient client(String userAgent) {
    ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(url).withOauthToken("embedded")
        .withNamespace("default").withHttp2Disable(true).withRequestRetryBackoffLimit(0);
    Config config = userAgent == null ? builder.build() : builder.withUserAgent(userAgent).build();
    return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).withConfig(config).build();
  }

  /** Creates the CRDs and returns once discovery serves every one of them. */
  public void installCrds(Collection<CustomResourceDefinition> crds) {
    try (KubernetesClient client = client()) {
      for (CustomResourceDefinition crd : crds) {
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      }
      Instant deadline = Instant.now().plus(CRD_WAIT);
      for (CustomResourceDefinition crd : crds) {
        while (!served(client, crd)) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("CRD " + crd.getMetadata().getName() + " not served after " + CRD_WAIT);
          }
          Thread.onSpinWait();
        }
      }
    }
  }

  private static boolean served(KubernetesClient client, CustomResourceDefinition crd) {
    String group = crd.getSpec().getGroup();
    String plural = crd.getSpec().getNames().getPlural();
    return crd.getSpec().getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getServed())).allMatch(v -> {
      var resources = client.getApiResources(group + "/" + v.getName());
      return resources != null && resources.getResources().stream().anyMatch(r -> r.getName().equals(plural));
    });
  }

  /** A kubeconfig (cluster, user with a token, context, namespace default) pointing at {@link #url()}. */
  public String kubeconfigYaml() {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: embedded
          cluster:
            server: %s
        users:
        - name: embedded
          user:
            token: embedded
        contexts:
        - name: embedded
          context:
            cluster: embedded
            user: embedded
            namespace: default
        current-context: embedded
        preferences: {}
        """.formatted(url);
  }

  /** Runs one garbage-collection pass now; returns how many orphans it deleted (tests). */
  int collectGarbage() {
    return dispatcher.garbageCollector().sweep();
  }

  @Override
  public void close() {
    requestDrain.interrupt();
    server.shutdown();
  }

  /** MockWebServer keeps every request for takeRequest(): drop them, or a long run grows without bound. */
  private void drainRecordedRequests() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        webServer.takeRequest();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByName("127.0.0.1");
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server address announced by {@code /api}, known only once the port is bound. */
  static final class AddressHolder implements java.util.function.Supplier<String> {
    private volatile String address = "127.0.0.1";

    void set(String value) {
      address = value;
    }

    @Override
    public String get() {
      return address;
    }
  }
}
