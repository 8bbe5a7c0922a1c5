package io.machineapi.controllers.provider;

import io.machineapi.spi.ProviderException;
import io.machineapi.spi.TransientProviderException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeoutException;

/**
 * What {@link ProviderCalls} reports about the calls it makes to providers:
 * <ul>
 *   <li>{@value #DURATION}: a histogram of each provider call, from the moment it was handed to the provider's
 *       executor (queue wait included) to its answer, tagged {@code provider}, {@code operation} ({@code create},
 *       {@code delete}, {@code describe}; one batched describe is one call) and {@code outcome}. Its
 *       {@code _count} counts the calls, so retries and throttling show as more calls with a failed outcome;</li>
 *   <li>{@value #QUEUED} and {@value #IN_FLIGHT}: calls waiting for and running on the provider's threads.</li>
 * </ul>
 * Outcomes: {@code success}; the {@link TransientProviderException.Reason} in lower case ({@code throttled},
 * {@code cloud_unavailable}, ...); {@code permanent} (an invalid configuration); {@code timeout} (no answer within
 * the deadline); {@code busy} (the provider's queue was full, the call never ran); {@code error} (the provider threw
 * something it should not).
 */
final class CloudCallMetrics {
  static final String DURATION = "machine_api_cloud_call_duration_seconds";
  static final String QUEUED = "machine_api_cloud_calls_queued";
  static final String IN_FLIGHT = "machine_api_cloud_calls_in_flight";
  static final String BUSY = "busy";

  /** From a local simulator's milliseconds to a cloud's slow create and the default two-minute deadline. */
  private static final Duration[] BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
      Duration.ofSeconds(120)};

  private final MeterRegistry registry;
  private final List<Meter> gauges = new CopyOnWriteArrayList<>();

  CloudCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A clock running from the moment a call is handed over. */
  Timer.Sample start() {
    return Timer.start(registry);
  }

  /** Records the call started at {@code sample}, which ended with {@code error} (null = it answered). */
  void ended(Timer.Sample sample, String provider, ProviderCalls.Operation operation, Throwable error) {
    sample.stop(timer(provider, operation, outcome(error)));
  }

  /** Records a call refused because the provider's queue was full. */
  void busy(String provider, ProviderCalls.Operation operation) {
    timer(provider, operation, BUSY).record(Duration.ZERO);
  }

  /** Publishes the queue length and the running calls of {@code provider}'s executor. */
  void executor(String provider, ThreadPoolExecutor executor) {
    gauges.add(Gauge.builder(QUEUED, executor, e -> e.getQueue().size()).tag("provider", provider)
        .description("Provider calls waiting for a thread of the provider's executor").register(registry));
    gauges.add(Gauge.builder(IN_FLIGHT, executor, ThreadPoolExecutor::getActiveCount).tag("provider", provider)
        .description("Provider calls running, including those past their deadline").register(registry));
  }

  /** Removes the executors' gauges (the executors are shut down). */
  void close() {
    gauges.forEach(registry::remove);
    gauges.clear();
  }

  static String outcome(Throwable error) {
    if (error == null) {
      return "success";
    }
    if (error instanceof TimeoutException) {
      return "timeout";
    }
    if (error instanceof TransientProviderException t) {
      return t.reason().name().toLowerCase(Locale.ROOT);
    }
    if (error instanceof ProviderException) {
      return "permanent";
    }
    return "error";
  }

  private Timer timer(String provider, ProviderCalls.Operation operation, String outcome) {
    return Timer.builder(DURATION).description("Provider calls by provider, operation and outcome")
        .tag("provider", provider).tag("operation", operation.name().toLowerCase(Locale.ROOT)).tag("outcome", outcome)
        .serviceLevelObjectives(BUCKETS).register(registry);
  }
}
