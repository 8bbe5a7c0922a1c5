package io.machineapi.controllers.admission.https;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The admission webhook server's settings.
 *
 * @param port HTTPS port (0 = a free one)
 * @param certDir directory of {@code tls.crt} and {@code tls.key}; generated when it holds neither
 * @param service the Service in front of the server (the generated certificate's name)
 * @param namespace the Service's namespace
 * @param configuration name of the webhook configurations whose caBundle gets a generated CA
 * @param clusterId value of the cluster-id label the mutating webhooks default; empty = not defaulted
 */
public record WebhookSettings(int port, Path certDir, String service, String namespace, String configuration,
    Optional<String> clusterId) {

  /** The names a generated certificate is valid for. */
  public List<String> dnsNames() {
    return List.of(service, service + "." + namespace, service + "." + namespace + ".svc",
        service + "." + namespace + ".svc.cluster.local");
  }
}
