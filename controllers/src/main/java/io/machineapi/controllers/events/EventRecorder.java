package io.machineapi.controllers.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.machineapi.controllers.DaemonThreads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events ({@code v1 Event}) on the objects the controllers act on, the way {@code kubectl
 * describe} shows them. A repeat of the same reason and message on the same object bumps {@code count} and
 * {@code lastTimestamp} instead of adding a new Event, as client-go's recorder does. Failing to record an Event
 * never fails a reconcile: it is logged and dropped. Events are written in order by one background thread, so a
 * reconcile never waits for them (a remediation or a scale-up does not pay two API round trips per Event); when
 * more than {@value #MAX_QUEUED} are waiting, new ones are dropped with a log line.
 *
 * <p>Messages must never contain secret material (user data, credentials).
 */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  public static final String COMPONENT = "machine-api-controllers";

  static final int MAX_QUEUED = 10_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final java.util.concurrent.ThreadPoolExecutor writer = new java.util.concurrent.ThreadPoolExecutor(1, 1,
      0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(MAX_QUEUED),
      DaemonThreads.named("event-recorder"),
      (task, executor) -> LOG.warn("Event queue full ({} waiting): an Event was dropped", MAX_QUEUED));

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  /**
   * A reconcile that threw and will be retried with backoff (see {@code ControllerRetry}): one warning in the log and
   * a Warning Event {@value #RECONCILE_ERROR} on the object, so the failure shows where an operator looks.
   *
   */
  public <R extends HasMetadata> ErrorStatusUpdateControl<R> reconcileFailed(R object, Context<R> context,
      Exception error) {
    int attempt = context.getRetryInfo().map(r -> r.getAttemptCount()).orElse(0) + 1;
    String message = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
    LOG.warn("{} {}/{}: reconcile failed (attempt {}), retrying with backoff: {}", object.getKind(),
        object.getMetadata().getNamespace(), object.getMetadata().getName(), attempt, message);
    warning(object, RECONCILE_ERROR, message);
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** Reason of the Event recorded when a reconcile throws. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  private void record(HasMetadata object, String type, String reason, String message) {
    String now = Instant.now(clock).toString();
    writer.execute(() -> write(object, type, reason, message, now));
  }

  private void write(HasMetadata object, String type, String reason, String message, String now) {
    String namespace = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
    String name = eventName(object, reason, message);
    try {
      try {
        client.v1().events().inNamespace(namespace).resource(new EventBuilder()
            .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
            .withInvolvedObject(new ObjectReferenceBuilder()
                .withApiVersion(object.getApiVersion()).withKind(object.getKind())
                .withName(object.getMetadata().getName()).withNamespace(object.getMetadata().getNamespace())
                .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
                .build())
            .withType(type).withReason(reason).withMessage(message)
            .withCount(1).withFirstTimestamp(now).withLastTimestamp(now)
            .withNewSource().withComponent(COMPONENT).endSource()
            .withReportingComponent(COMPONENT)
            .build()).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // the same Event again: bump its count (creating first saves a GET for the common, new case)
        Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
        if (existing != null) {
          existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
          existing.setLastTimestamp(now);
          client.v1().events().inNamespace(namespace).resource(existing).update();
        }
      }
    } catch (KubernetesClientException e) {
      LOG.warn("Could not record event {} on {} {}/{}: {}", reason, object.getKind(), namespace,
          object.getMetadata().getName(), e.getMessage());
    } catch (RuntimeException e) {
      // The client was closed under a queued Event (shutdown) or failed in another way: an Event is best effort and
      // must never throw on the recorder's thread.
      LOG.debug("Event {} on {} {}/{} not recorded: {}", reason, object.getKind(), namespace,
          object.getMetadata().getName(), e.toString());
    }
  }

  /** Same object + reason + message ⇒ same Event name, so repeats aggregate. */
  static String eventName(HasMetadata object, String reason, String message) {
    String key = object.getMetadata().getUid() + "/" + reason + "/" + message;
    String suffix = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 13)
        .replace("-", "");
    return object.getMetadata().getName() + "." + suffix;
  }
}
