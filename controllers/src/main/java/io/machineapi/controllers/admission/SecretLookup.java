package io.machineapi.controllers.admission;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether a Secret exists, for the webhooks' "Secret not found" warnings. Never reads or logs a Secret's data. */
@FunctionalInterface
public interface SecretLookup {

  /**
   * @return true or false when known; empty when it could not be found out (no client, no permission, no answer
   *     before the deadline): the webhook then warns about nothing
   */
  Optional<Boolean> exists(String namespace, String name);

  /** Knows nothing (no Kubernetes client). */
  static SecretLookup none() {
    return (namespace, name) -> Optional.empty();
  }

  /**
   * Asks the API server, on {@code executor}, waiting at most {@code deadline}; a late answer is abandoned (the
   * request itself ends with the client's own request timeout).
   */
  static SecretLookup kubernetes(KubernetesClient client, Executor executor, Duration deadline) {
    Logger log = LoggerFactory.getLogger(SecretLookup.class);
    return (namespace, name) -> {
      CompletableFuture<Boolean> found = CompletableFuture.supplyAsync(
          () -> client.secrets().inNamespace(namespace).withName(name).get() != null, executor);
      try {
        return Optional.of(found.get(deadline.toNanos(), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        found.cancel(true);
        log.debug("Secret {}/{}: no answer within {}", namespace, name, deadline);
        return Optional.empty();
      } catch (ExecutionException | RuntimeException e) {
        log.debug("Secret {}/{}: cannot look it up: {}", namespace, name, String.valueOf(e.getCause()));
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    };
  }
}
