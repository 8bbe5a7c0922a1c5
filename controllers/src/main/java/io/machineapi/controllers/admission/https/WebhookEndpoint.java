package io.machineapi.controllers.admission.https;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.machineapi.controllers.DaemonThreads;
import io.machineapi.controllers.admission.AdmissionWebhooks;
import io.machineapi.controllers.admission.SecretLookup;
import io.machineapi.controllers.provider.ProviderRegistry;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code machine-api run --webhook-port} starts: the certificate (provided or generated), the HTTPS server of
 * the admission webhooks, and, for a generated certificate, the caBundle injection. Every replica serves webhooks,
 * the leader and a standby alike.
 */
public final class WebhookEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);

  /** How long one admission webhook may take (the configurations give the API server 10 s). */
  public static final java.time.Duration WEBHOOK_DEADLINE = java.time.Duration.ofSeconds(8);
  /** How long a webhook waits for the API server to say whether a Secret exists. */
  public static final java.time.Duration SECRET_LOOKUP_DEADLINE = java.time.Duration.ofSeconds(2);
  /** How often the caBundle is tried again while the webhook configurations do not exist. */
  public static final java.time.Duration CA_BUNDLE_RETRY = java.time.Duration.ofSeconds(30);

  private final WebhookServer server;
  private final CaBundleInjection injection;
  private final ExecutorService secretLookups;

  private WebhookEndpoint(WebhookServer server, CaBundleInjection injection, ExecutorService secretLookups) {
    this.server = server;
    this.injection = injection;
    this.secretLookups = secretLookups;
  }

  public static WebhookEndpoint start(WebhookSettings settings, ProviderRegistry providers,
      KubernetesClient client) {
    ExecutorService secretLookups = DaemonThreads.bounded("webhook-secret-lookup", 2, 64);
    return start(settings, providers, client, SecretLookup.kubernetes(client, secretLookups, SECRET_LOOKUP_DEADLINE),
        secretLookups);
  }

  /**
   * As {@link #start(WebhookSettings, ProviderRegistry, KubernetesClient)}, with the webhooks' "Secret not found"
   * warnings answered by {@code secrets} instead of the API server (the sandbox reads its embedded API in process).
   */
  public static WebhookEndpoint start(WebhookSettings settings, ProviderRegistry providers, KubernetesClient client,
      SecretLookup secrets) {
    return start(settings, providers, client, secrets, null);
  }

  private static WebhookEndpoint start(WebhookSettings settings, ProviderRegistry providers, KubernetesClient client,
      SecretLookup secrets, ExecutorService secretLookups) {
    WebhookCertificates.Material tls = WebhookCertificates.loadOrGenerate(settings.certDir(), settings.dnsNames());
    WebhookServer server = null;
    try {
      AdmissionWebhooks webhooks = AdmissionWebhooks.create(providers, secrets, settings.clusterId());
      server = WebhookServer.start(settings.port(), tls.sslContext(), webhooks, WEBHOOK_DEADLINE);
      LOG.info("Admission webhooks at https://0.0.0.0:{} ({} certificate in {}); cluster id for new Machines: {}",
          server.port(), tls.generatedCa().isPresent() ? "generated" : "provided", settings.certDir(),
          settings.clusterId().orElse("none (--cluster-id not given)"));
      CaBundleInjection injection = tls.generatedCa().map(ca -> CaBundleInjection.start(client,
          settings.configuration(), ca, CA_BUNDLE_RETRY)).orElse(null);
      return new WebhookEndpoint(server, injection, secretLookups);
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      if (secretLookups != null) {
        secretLookups.shutdownNow();
      }
      throw e;
    }
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    if (injection != null) {
      injection.close();
    }
    server.close();
    if (secretLookups != null) {
      secretLookups.shutdownNow();
    }
  }
}
