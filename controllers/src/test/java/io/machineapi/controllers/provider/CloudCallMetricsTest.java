package io.machineapi.controllers.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.machineapi.controllers.provider.ProviderCallsTest.GatedProvider;
import io.machineapi.spi.InvalidConfigurationException;
import io.machineapi.spi.MachineContext;
import io.machineapi.spi.ProviderResult;
import io.machineapi.spi.ProviderSpec;
import io.machineapi.spi.SecretReference;
import io.machineapi.spi.TransientProviderException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metrics {@link ProviderCalls} records about each provider call. */
class CloudCallMetricsTest {
  private static final ProviderSpec SPEC = Optional::<SecretReference>empty;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private ProviderCalls calls = calls(Duration.ofSeconds(30));

  private ProviderCalls calls(Duration deadline) {
    return new ProviderCalls(new ProviderCalls.Limits(2, 2, Duration.ofSeconds(2), deadline, Duration.ofMillis(20),
        100), Clock.systemUTC(), meters);
  }

  @AfterEach
  void close() {
    calls.close();
  }

  private long count(String provider, String operation, String outcome) {
    Timer timer = meters.find(CloudCallMetrics.DURATION).tag("provider", provider).tag("operation", operation)
        .tag("outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  private double gauge(String name, String provider) {
    return meters.get(name).tag("provider", provider).gauge().value();
  }

  @Test
  void anAnsweredCallIsASuccessOfItsProviderAndOperation() {
    GatedProvider sim = new GatedProvider("sim", true);
    assertThat(calls.call(sim, "s1", ProviderCalls.Operation.CREATE, () -> sim.create(null, SPEC), () -> {}))
        .isInstanceOf(ProviderCalls.Done.class);
    assertThat(calls.call(sim, "s1", ProviderCalls.Operation.DELETE, () -> sim.delete(null, SPEC), () -> {}))
        .isInstanceOf(ProviderCalls.Done.class);

    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(count("sim", "create", "success")).isEqualTo(1);
      assertThat(count("sim", "delete", "success")).isEqualTo(1);
    });
    assertThat(meters.get(CloudCallMetrics.DURATION).timers()).hasSize(2);
  }

  @Test
  void failuresAreCountedByTheirTransientReasonOrAsPermanentOrError() {
    GatedProvider aws = new GatedProvider("aws", true);
    calls.call(aws, "a1", ProviderCalls.Operation.CREATE, () -> {
      throw new TransientProviderException(TransientProviderException.Reason.THROTTLED, "RequestLimitExceeded",
          null);
    }, () -> {});
    calls.call(aws, "a2", ProviderCalls.Operation.CREATE, () -> {
      throw new InvalidConfigurationException("spec.instanceType", "unknown");
    }, () -> {});
    calls.call(aws, "a3", ProviderCalls.Operation.DELETE, () -> {
      throw new IllegalStateException("provider bug");
    }, () -> {});

    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(count("aws", "create", "throttled")).isEqualTo(1);
      assertThat(count("aws", "create", "permanent")).isEqualTo(1);
      assertThat(count("aws", "delete", "error")).isEqualTo(1);
    });
    assertThat(count("aws", "create", "success")).isZero();
  }

  @Test
  void aCallPastItsDeadlineIsOneTimeoutEvenWhenItAnswersLater() {
    calls.close();
    calls = calls(Duration.ofMillis(200));
    GatedProvider aws = new GatedProvider("aws", false);
    ProviderCalls.Outcome<ProviderResult> first = calls.call(aws, "a1", ProviderCalls.Operation.CREATE,
        () -> aws.create(null, SPEC), () -> {});
    assertThat(first).isInstanceOf(ProviderCalls.Failed.class);

    await().atMost(5, TimeUnit.SECONDS).until(() -> count("aws", "create", "timeout") == 1);
    Timer timeout = meters.get(CloudCallMetrics.DURATION).tag("outcome", "timeout").timer();
    assertThat(timeout.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(200);
    // The interrupted call's thread ends; the call is not counted a second time.
    await().atMost(5, TimeUnit.SECONDS).untilTrue(aws.interrupted);
    assertThat(meters.get(CloudCallMetrics.DURATION).timers()).hasSize(1);
    assertThat(count("aws", "create", "timeout")).isEqualTo(1);
  }

  @Test
  void queuedRunningAndRefusedCallsArePerProvider() {
    GatedProvider aws = new GatedProvider("aws", false);
    GatedProvider sim = new GatedProvider("sim", true);
    // 2 threads + 2 queued; the fifth call is refused as busy.
    for (int i = 0; i < 5; i++) {
      calls.call(aws, "a" + i, ProviderCalls.Operation.CREATE, () -> aws.create(null, SPEC), () -> {});
    }
    calls.call(sim, "s1", ProviderCalls.Operation.CREATE, () -> sim.create(null, SPEC), () -> {});

    assertThat(count("aws", "create", CloudCallMetrics.BUSY)).isEqualTo(1);
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(gauge(CloudCallMetrics.IN_FLIGHT, "aws")).isEqualTo(2);
      assertThat(gauge(CloudCallMetrics.QUEUED, "aws")).isEqualTo(2);
      assertThat(gauge(CloudCallMetrics.IN_FLIGHT, "sim")).isZero();
    });

    aws.gate.countDown();
    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
      assertThat(count("aws", "create", "success")).isEqualTo(4);
      assertThat(gauge(CloudCallMetrics.IN_FLIGHT, "aws")).isZero();
      assertThat(gauge(CloudCallMetrics.QUEUED, "aws")).isZero();
    });
  }

  @Test
  void aBatchOfDescribesIsOneCall() throws Exception {
    GatedProvider sim = new GatedProvider("sim", true);
    List<Thread> threads = new CopyOnWriteArrayList<>();
    for (String uid : List.of("a", "b", "c")) {
      DecodedSpec.Target target = new DecodedSpec.Target(MachineContext.builder("ns", "m-" + uid, uid, "c").build(),
          DecodedSpec.decode(sim, null));
      Thread t = new Thread(() -> calls.describe(target, () -> {}));
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(5000);
    }

    assertThat(sim.describeBatches).containsExactly(3);
    await().atMost(5, TimeUnit.SECONDS).until(() -> count("sim", "describe", "success") == 1);
  }

  @Test
  void thePrometheusSeriesCarryProviderOperationAndOutcome() {
    calls.close();
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    calls = new ProviderCalls(ProviderCalls.Limits.defaults(), Clock.systemUTC(), prometheus);
    GatedProvider sim = new GatedProvider("sim", true);
    calls.call(sim, "s1", ProviderCalls.Operation.CREATE, () -> sim.create(null, SPEC), () -> {});

    await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(prometheus.scrape())
        .contains("machine_api_cloud_call_duration_seconds_count{operation=\"create\",outcome=\"success\","
            + "provider=\"sim\"} 1")
        .contains("machine_api_cloud_call_duration_seconds_bucket{operation=\"create\",outcome=\"success\","
            + "provider=\"sim\",le=\"120.0\"} 1")
        .contains("machine_api_cloud_calls_in_flight{provider=\"sim\"}")
        .contains("machine_api_cloud_calls_queued{provider=\"sim\"} 0"));
  }
}
