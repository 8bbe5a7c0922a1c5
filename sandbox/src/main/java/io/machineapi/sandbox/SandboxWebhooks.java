package io.machineapi.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.machineapi.apiserver.EmbeddedApiServer;
import io.machineapi.controllers.admission.https.WebhookEndpoint;
import io.machineapi.controllers.admission.https.WebhookSettings;
import io.machineapi.controllers.provider.ProviderRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's admission webhooks in the sandbox, wired as on a cluster: the deploy manifests' webhook
 * configurations ({@code manifests/base/webhooks.yaml}, packaged beside this class) are registered with the embedded
 * API, the webhook server of {@code machine-api run} runs in this process on a free port with a generated CA and
 * certificate (which it adds to the configurations' caBundle, as on a cluster), and the configurations' Service
 * reference {@value #SERVICE}.{@value Sandbox#MACHINE_API_NAMESPACE} is resolved to that port. So {@code kubectl
 * apply} of an invalid providerSpec, a ClusterAutoscaler not named {@code default} or a MachineAutoscaler with
 * max &lt; min is refused at once, and new Machines get the cluster label {@value #CLUSTER_ID}.
 */
final class SandboxWebhooks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxWebhooks.class);
  /** The Service the manifests' configurations name, and the configurations' name. */
  static final String SERVICE = "machine-api-webhook";
  static final String CONFIGURATION = "machine-api";
  /** The sandbox's infrastructure id: the demo's cluster label, defaulted on Machines and MachineSets without one. */
  static final String CLUSTER_ID = "sandbox";

  private final WebhookEndpoint endpoint;
  private final Path certDir;

  private SandboxWebhooks(WebhookEndpoint endpoint, Path certDir) {
    this.endpoint = endpoint;
    this.certDir = certDir;
  }

  /**
   * Registers the configurations, then starts the webhook server (which adds its CA to their caBundle).
   *
   * @param client the controllers' client: the server's Secret lookups and caBundle patch are the operator's (its
   *     ClusterRole allows them)
   */
  static SandboxWebhooks start(EmbeddedApiServer server, KubernetesClient client, ProviderRegistry providers) {
    // The configurations come from the deploy manifests, applied by whoever installs the operator (not the
    // operator's own identity, whose every request the RBAC proof checks against its ClusterRole).
    try (KubernetesClient installer = server.client()) {
      register(installer);
      Path certDir;
      try {
        certDir = Files.createTempDirectory("machine-api-sandbox-webhook");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the webhook certificate directory", e);
      }
      WebhookEndpoint endpoint = WebhookEndpoint.start(new WebhookSettings(0, certDir, SERVICE,
          Sandbox.MACHINE_API_NAMESPACE, CONFIGURATION, Optional.of(CLUSTER_ID)), providers, client,
          // In process: the embedded API serves one request at a time and waits on these webhooks, so a webhook
          // asking it over HTTP whether a Secret exists would wait for itself (until its lookup deadline).
          (namespace, name) -> Optional.of(server.read("/api/v1/namespaces/" + namespace + "/secrets/" + name)
              .isPresent()));
      server.webhookServiceAddress(Sandbox.MACHINE_API_NAMESPACE, SERVICE, "127.0.0.1:" + endpoint.port());
      awaitCaBundles(installer, Duration.ofSeconds(10));
      return new SandboxWebhooks(endpoint, certDir);
    }
  }

  private static void register(KubernetesClient installer) {
    try (InputStream yaml = SandboxWebhooks.class.getResourceAsStream("webhooks.yaml")) {
      if (yaml == null) {
        throw new IllegalStateException("webhooks.yaml is missing from the sandbox jar");
      }
      List<HasMetadata> configurations = installer.load(yaml).items();
      configurations.forEach(c -> installer.resource(c).createOr(NonDeletingOperation::update));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns once both configurations carry the server's CA (the server adds it on its own thread), so the sandbox
   * refuses bad input from its first request; after {@code timeout} it returns anyway (failurePolicy Ignore then
   * admits unchecked objects until the CA is there) and logs why. Each configuration is watched (fabric8's
   * {@code waitUntilCondition}), both within the one bound.
   */
  private static void awaitCaBundles(KubernetesClient client, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    var admission = client.admissionRegistration().v1();
    try {
      admission.validatingWebhookConfigurations().withName(CONFIGURATION).waitUntilCondition(
          c -> c != null && c.getWebhooks().stream().allMatch(w -> present(w.getClientConfig().getCaBundle())),
          remaining(deadline), TimeUnit.NANOSECONDS);
      admission.mutatingWebhookConfigurations().withName(CONFIGURATION).waitUntilCondition(
          c -> c != null && c.getWebhooks().stream().allMatch(w -> present(w.getClientConfig().getCaBundle())),
          remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (KubernetesClientTimeoutException e) {
      LOG.warn("Admission webhooks: the caBundle was not in place within {}; objects are admitted unchecked until "
          + "it is", timeout);
    } catch (KubernetesClientException e) {
      if (!Thread.currentThread().isInterrupted()) {
        throw e;
      }
    }
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static boolean present(String caBundle) {
    return caBundle != null && !caBundle.isEmpty();
  }

  int port() {
    return endpoint.port();
  }

  @Override
  public void close() {
    endpoint.close();
    try (var files = Files.walk(certDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
