package io.machineapi.controllers.admission.https;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.machineapi.controllers.DaemonThreads;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the operator's self-generated CA into the {@code caBundle} of every webhook of its
 * ValidatingWebhookConfiguration and MutatingWebhookConfiguration (get, then patch; nothing else is touched), so the
 * API server trusts the webhook server. Each replica generates its own CA and every replica serves webhooks, so the
 * CA is added to the bundle rather than replacing it: certificates already there stay unless expired, the newest
 * {@value #MAX_CAS} are kept. Runs on its own thread, retrying every {@code retry} until both configurations carry
 * the CA (they may be applied after the operator starts).
 */
public final class CaBundleInjection implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CaBundleInjection.class);
  /** CAs kept in one bundle: more than replicas restarted within a short time. */
  public static final int MAX_CAS = 5;

  private final ScheduledExecutorService thread;

  private CaBundleInjection(ScheduledExecutorService thread) {
    this.thread = thread;
  }

  /** Starts injecting {@code caPem} into the configurations named {@code configuration}. */
  public static CaBundleInjection start(KubernetesClient client, String configuration, String caPem, Duration retry) {
    ScheduledExecutorService thread = DaemonThreads.scheduler("webhook-cabundle");
    boolean[] done = new boolean[2];
    Runnable attempt = new Runnable() {
      @Override
      public void run() {
        done[0] = done[0] || inject(client, configuration, caPem, true);
        done[1] = done[1] || inject(client, configuration, caPem, false);
        if (!(done[0] && done[1])) {
          thread.schedule(this, retry.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    };
    thread.execute(attempt);
    return new CaBundleInjection(thread);
  }

  /** One attempt on one configuration; true once it carries the CA. */
  public static boolean inject(KubernetesClient client, String name, String caPem, boolean validating) {
    String kind = validating ? "ValidatingWebhookConfiguration" : "MutatingWebhookConfiguration";
    try {
      boolean exists = validating
          ? inject(client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name),
              c -> c.getWebhooks().stream().map(w -> w.getClientConfig()).toList(), caPem)
          : inject(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name),
              c -> c.getWebhooks().stream().map(w -> w.getClientConfig()).toList(), caPem);
      if (!exists) {
        LOG.info("{} {} does not exist (yet): its caBundle is set once it does", kind, name);
        return false;
      }
      LOG.info("{} {} trusts this replica's webhook CA", kind, name);
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn("Cannot set the caBundle of {} {}: {}", kind, name, e.getMessage());
      return false;
    }
  }

  /** Gets the configuration and patches it when one of its webhooks lacks the CA; false when it does not exist. */
  private static <T> boolean inject(Resource<T> resource, Function<T, List<WebhookClientConfig>> configs,
      String caPem) {
    T current = resource.get();
    if (current == null) {
      return false;
    }
    if (configs.apply(current).stream().anyMatch(c -> !bundle(c, caPem).equals(c.getCaBundle()))) {
      resource.edit(c -> {
        configs.apply(c).forEach(config -> config.setCaBundle(bundle(config, caPem)));
        return c;
      });
    }
    return true;
  }

  /**
   * The base64 bundle: the certificates of {@code config}'s bundle that are still valid and not {@code caPem}, newest
   * first, at most {@value #MAX_CAS} with {@code caPem}, then {@code caPem}.
   */
  public static String bundle(WebhookClientConfig config, String caPem) {
    List<X509Certificate> kept = new ArrayList<>();
    try {
      X509Certificate ours = WebhookCertificates.certificates(caPem.getBytes(StandardCharsets.US_ASCII)).get(0);
      String current = config.getCaBundle();
      if (current != null && !current.isBlank()) {
        Date now = Date.from(Instant.now());
        for (X509Certificate c : WebhookCertificates.certificates(Base64.getMimeDecoder().decode(current))) {
          if (!c.equals(ours) && !c.getNotAfter().before(now)) {
            kept.add(c);
          }
        }
      }
      kept.sort(Comparator.comparing(X509Certificate::getNotBefore).reversed());
      kept = new ArrayList<>(kept.subList(0, Math.min(kept.size(), MAX_CAS - 1)));
      // Oldest first, ours last: the order does not matter to TLS, a stable one keeps the patch small.
      java.util.Collections.reverse(kept);
      StringBuilder pem = new StringBuilder();
      for (X509Certificate c : kept) {
        pem.append(WebhookCertificates.pem(c));
      }
      pem.append(caPem);
      return Base64.getEncoder().encodeToString(pem.toString().getBytes(StandardCharsets.US_ASCII));
    } catch (CertificateException | java.io.IOException | IllegalArgumentException e) {
      // An unreadable bundle is replaced by ours alone.
      return Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
