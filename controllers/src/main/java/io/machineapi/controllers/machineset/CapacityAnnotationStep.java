package io.machineapi.controllers.machineset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.machineapi.api.machine.v1beta1.MachineSet;
import io.machineapi.controllers.FailureBackoff;
import io.machineapi.controllers.PatchTargets;
import io.machineapi.controllers.events.EventRecorder;
import io.machineapi.controllers.machine.SecretResolver;
import io.machineapi.controllers.provider.DecodedSpec;
import io.machineapi.controllers.provider.ProviderCalls;
import io.machineapi.controllers.provider.ProviderRegistry;
import io.machineapi.spi.InstanceCapacity;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineProvider;
import io.machineapi.spi.TransientProviderException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the scale-from-zero capacity annotations ({@link CapacityAnnotations}) of a MachineSet's instance type, as
 * the provider's catalogue answers it ({@link MachineProvider#capacity}), so the cluster autoscaler can scale the
 * set up from zero without hand-written annotations. Only {@code metadata.annotations} is patched, and only the keys
 * that change.
 *
 * <ul>
 *   <li>The provider is asked through {@link ProviderCalls}, on the provider's executor with its deadline, never
 *       waiting longer than the wait budget on the reconcile thread; a late answer wakes the set.</li>
 *   <li>Answers are cached per provider and providerSpec for {@link #TTL}: a pass of an unchanged set asks nobody,
 *       an edited spec (another instance type) is asked at once.</li>
 *   <li>An instance type the provider does not know (an invalid spec) records a Warning Event
 *       {@value #REASON_UNKNOWN} and writes nothing; it is asked again after {@link #TTL} or when the spec changes.
 *       A transient failure records {@value #REASON_UNAVAILABLE} and is retried with backoff.</li>
 *   <li>A set whose providerSpec kind no enabled provider serves gets nothing (its Machines report that).</li>
 * </ul>
 */
final class CapacityAnnotationStep {
  private static final Logger LOG = LoggerFactory.getLogger(CapacityAnnotationStep.class);
  static final String REASON_UNKNOWN = "InstanceTypeUnknown";
  static final String REASON_UNAVAILABLE = "CapacityUnavailable";
  static final Duration TTL = Duration.ofMinutes(10);
  private static final int MAX_ENTRIES = 10_000;

  /** What a pass learned: the set as written (the same object when nothing was written) and when to look again. */
  record Outcome(MachineSet set, Optional<Duration> recheckAfter) {}

  private sealed interface Answer {}

  private record Known(Optional<InstanceCapacity> capacity) implements Answer {}

  private record Invalid(String message) implements Answer {}

  private record Key(String provider, String providerSpec) {}

  private final ProviderRegistry providers;
  private final ProviderCalls calls;
  private final SecretResolver secrets;
  private final EventRecorder events;
  private final FailureBackoff backoff = new FailureBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
  private final Cache<Key, Answer> answers;
  /** The provider call each set last made (set UID to call id). */
  private final Map<String, String> callIds = new ConcurrentHashMap<>();

  CapacityAnnotationStep(ProviderRegistry providers, ProviderCalls calls, KubernetesClient client,
      EventRecorder events, Clock clock) {
    this.providers = providers;
    this.calls = calls;
    this.secrets = new SecretResolver(client);
    this.events = events;
    this.answers = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(MAX_ENTRIES)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
  }

  /**
   * @param write patches the set's annotations and returns the set as written
   * @param wake reconciles the set again when an answer it did not wait for arrives
   */
  Outcome apply(MachineSet set, AnnotationWriter write, Runnable wake) {
    JsonNode value = providerSpecValue(set);
    String kind = value == null || value.path("kind").asText("").isBlank() ? null : value.path("kind").asText();
    Optional<MachineProvider<?>> provider = providers.resolve(kind);
    if (provider.isEmpty()) {
      return new Outcome(set, Optional.empty());
    }
    String uid = set.getMetadata().getUid();
    Key key = new Key(provider.get().name(), value.toString());
    Answer answer = answers.getIfPresent(key);
    if (answer == null) {
      DecodedSpec<?> decoded;
      try {
        decoded = DecodedSpec.decode(provider.get(), value);
      } catch (InvalidConfigurationException e) {
        return invalid(set, key, e.getMessage());
      }
      String namespace = set.getMetadata().getNamespace();
      // One call per set and spec: a pass after a spec edit never joins the call made for the old spec.
      String callId = uid + "/" + Integer.toHexString(key.hashCode());
      String previous = callIds.put(uid, callId);
      if (previous != null && !previous.equals(callId)) {
        calls.forget(previous);
      }
      ProviderCalls.Outcome<Optional<InstanceCapacity>> outcome = calls.call(provider.get(), callId,
          ProviderCalls.Operation.CAPACITY, () -> {
            try {
              return decoded.capacity(secrets.resolve(decoded.spec(), namespace, false));
            } catch (SecretResolver.MissingSecretException e) {
              throw new TransientProviderException(TransientProviderException.Reason.CREDENTIALS, e.getMessage(), e);
            }
          }, wake);
      if (outcome instanceof ProviderCalls.InFlight<?> inFlight) {
        return new Outcome(set, Optional.of(inFlight.recheckAfter()));
      }
      if (outcome instanceof ProviderCalls.Failed<?> failed) {
        if (failed.error() instanceof InvalidConfigurationException invalid) {
          return invalid(set, key, invalid.getMessage());
        }
        Optional<Duration> minimum = failed.error() instanceof TransientProviderException t
            ? t.minimumBackoff() : Optional.empty();
        Duration retry = backoff.next(uid, minimum);
        String message = "could not read the capacity of the instance type from provider " + provider.get().name()
            + " (retry in " + retry.toSeconds() + " s): " + failed.error().getMessage();
        LOG.warn("MachineSet {}/{}: {}", namespace, set.getMetadata().getName(), message);
        events.warning(set, REASON_UNAVAILABLE, message);
        return new Outcome(set, Optional.of(retry));
      }
      answer = new Known(((ProviderCalls.Done<Optional<InstanceCapacity>>) outcome).value());
      answers.put(key, answer);
      backoff.reset(uid);
    }
    if (!(answer instanceof Known known) || known.capacity().isEmpty()) {
      return new Outcome(set, Optional.empty());
    }
    Map<String, String> changes = CapacityAnnotations.changes(set.getMetadata().getAnnotations(),
        known.capacity().get());
    if (changes.isEmpty()) {
      return new Outcome(set, Optional.empty());
    }
    LOG.info("MachineSet {}/{}: writing capacity of instance type {}: {}", set.getMetadata().getNamespace(),
        set.getMetadata().getName(), known.capacity().get().instanceType(), changes);
    return new Outcome(write.patchAnnotations(set, changes), Optional.empty());
  }

  private Outcome invalid(MachineSet set, Key key, String message) {
    // Cached, so the Event is recorded once per spec and TTL, not on every pass.
    answers.put(key, new Invalid(message));
    String text = "no capacity annotations written: " + message;
    LOG.warn("MachineSet {}/{}: {}", set.getMetadata().getNamespace(), set.getMetadata().getName(), text);
    events.warning(set, REASON_UNKNOWN, text);
    return new Outcome(set, Optional.empty());
  }

  /** Drops what is kept about a deleted set. */
  void forget(String uid) {
    backoff.reset(uid);
    String callId = callIds.remove(uid);
    if (callId != null) {
      calls.forget(callId);
    }
  }

  private static JsonNode providerSpecValue(MachineSet set) {
    if (set.getSpec() == null || set.getSpec().getTemplate() == null
        || set.getSpec().getTemplate().getSpec() == null
        || set.getSpec().getTemplate().getSpec().getProviderSpec() == null) {
      return null;
    }
    return set.getSpec().getTemplate().getSpec().getProviderSpec().getValue();
  }

  /** Patches a MachineSet's annotations. */
  @FunctionalInterface
  interface AnnotationWriter {
    MachineSet patchAnnotations(MachineSet set, Map<String, String> annotations);
  }

  /**
   * One JSON merge patch of {@code metadata.annotations} with only the given keys, without a resourceVersion: other
   * keys, and concurrent writers of them (the MachineAutoscaler controller's min and max), are untouched.
   */
  static AnnotationWriter kubernetes(KubernetesClient client) {
    return (set, annotations) -> {
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      ObjectNode written = patch.putObject("metadata").putObject("annotations");
      annotations.forEach(written::put);
      return PatchTargets.of(client, MachineSet.class, set.getMetadata().getNamespace(),
          set.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    };
  }
}
