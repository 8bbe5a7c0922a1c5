package io.machineapi.controllers.drain;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.Client;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts policy/v1 {@code Eviction}s. fabric8's {@code PodResource.evict()} answers only {@code false} on a 429 and
 * drops the server's Status, which names the PodDisruptionBudget; the drain needs that name, so this posts the
 * Eviction itself (through the client, so authentication and retries stay fabric8's).
 */
final class PodEvictor {

  /** Status cause reason a server puts on a 429 caused by a PodDisruptionBudget. */
  static final String DISRUPTION_BUDGET_CAUSE = "DisruptionBudget";

  /** How one eviction request ended. */
  enum Outcome {
    /** Accepted: the pod is deleted or now terminating. */
    EVICTED,
    /** 404: the pod is already gone, which is what the drain wants. */
    GONE,
    /** 429: refused for now, normally by a PodDisruptionBudget; retry later. */
    REFUSED,
    /** Anything else. */
    ERROR
  }

  /**
   * @param outcome how it ended
   * @param detail for {@link Outcome#REFUSED} and {@link Outcome#ERROR}: the server's reason, naming the pod
   */
  record Attempt(Outcome outcome, String detail) {
    Attempt {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(detail, "detail");
    }
  }

  private final Client client;

  /**
   * @param client the operator's client; evictions go through a derived client (same connections and credentials)
   *     that never retries: fabric8 otherwise retries 429s (and 5xx) with exponential backoff, which with its
   *     default settings holds the reconcile thread about 20 s per refused pod instead of answering Pending at once
   */
  PodEvictor(Client client) {
    RequestConfig noRetries = new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
        .withRequestRetryBackoffLimit(0).build();
    this.client = client.newClient(noRetries);
  }

  /**
   * Evicts {@code pod}.
   *
   * @param gracePeriod empty: the pod's own {@code terminationGracePeriodSeconds}; else that many seconds (rounded up)
   */
  Attempt evict(Pod pod, Optional<Duration> gracePeriod) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    String ref = namespace + "/" + name;
    EvictionBuilder eviction = new EvictionBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata();
    gracePeriod.ifPresent(grace -> eviction.withDeleteOptions(
        new DeleteOptionsBuilder().withGracePeriodSeconds(seconds(grace)).build()));
    Eviction body = eviction.build();
    try {
      client.raw("/api/v1/namespaces/" + namespace + "/pods/" + name + "/eviction", "POST", body);
      return new Attempt(Outcome.EVICTED, "");
    } catch (KubernetesClientException e) {
      return switch (e.getCode()) {
        case 404 -> new Attempt(Outcome.GONE, "");
        case 429 -> new Attempt(Outcome.REFUSED, "eviction of " + ref + " refused: " + refusalReason(e.getStatus()));
        default -> new Attempt(Outcome.ERROR, "eviction of " + ref + " failed: " + describe(e));
      };
    }
  }

  private static long seconds(Duration grace) {
    if (grace.isNegative()) {
      return 0;
    }
    long seconds = grace.toSeconds();
    return grace.minusSeconds(seconds).isZero() ? seconds : seconds + 1;
  }

  /** The budget's own words ("The disruption budget web needs 2 healthy pods and has 2 currently") if given. */
  private static String refusalReason(Status status) {
    if (status == null) {
      return "429 Too Many Requests";
    }
    StatusDetails details = status.getDetails();
    if (details != null && details.getCauses() != null) {
      for (StatusCause cause : details.getCauses()) {
        if (DISRUPTION_BUDGET_CAUSE.equals(cause.getReason()) && cause.getMessage() != null) {
          return cause.getMessage();
        }
      }
    }
    return status.getMessage() == null ? "429 Too Many Requests" : status.getMessage();
  }

  private static String describe(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null && status.getMessage() != null) {
      return e.getCode() + " " + status.getMessage();
    }
    return e.getMessage();
  }
}
