package io.machineapi.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
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
final class WebhookEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);

  private final WebhookServer server;
  private final CaBundleInjection injection;
  private final ExecutorService secretLookups;

  private WebhookEndpoint(WebhookServer server, CaBundleInjection injection, ExecutorService secretLookups) {
    this.server = server;
    this.injection = injection;
    this.secretLookups = secretLookups;
  }

  static WebhookEndpoint start(ControllerRuntime.Webhooks settings, ProviderRegistry providers,
      KubernetesClient client) {
    WebhookCertificates.Material tls = WebhookCertificates.loadOrGenerate(settings.certDir(), settings.dnsNames());
    ExecutorService secretLookups = WebhookServer.pool("webhook-secret-lookup", 2, 64);
    WebhookServer server = null;
    try {
      AdmissionWebhooks webhooks = AdmissionWebhooks.create(providers,
          SecretLookup.kubernetes(client, secretLookups, ControllerRuntime.SECRET_LOOKUP_DEADLINE),
          settings.clusterId());
      server = WebhookServer.start(settings.port(), tls.sslContext(), webhooks, ControllerRuntime.WEBHOOK_DEADLINE);
      LOG.info("Admission webhooks at https://0.0.0.0:{} ({} certificate in {}); cluster id for new Machines: {}",
          server.port(), tls.generatedCa().isPresent() ? "generated" : "provided", settings.certDir(),
          settings.clusterId().orElse("none (--cluster-id not given)"));
      CaBundleInjection injection = tls.generatedCa().map(ca -> CaBundleInjection.start(client,
          settings.configuration(), ca, ControllerRuntime.CA_BUNDLE_RETRY)).orElse(null);
      return new WebhookEndpoint(server, injection, secretLookups);
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      secretLookups.shutdownNow();
      throw e;
    }
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    if (injection != null) {
      injection.close();
    }
    server.close();
    secretLookups.shutdownNow();
  }
}
